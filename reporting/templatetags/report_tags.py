"""Presentation of scores in templates: thin wrappers over ``number_format`` and the charts."""

from django import template

from assessments.bands import band_for
from reporting import number_format
from reporting.charts import svg_data_uri

register = template.Library()


@register.filter
def percent(value) -> str:
    """62.5 -> "63%"; None -> "Not scored"."""
    return number_format.percent(value)


@register.filter
def share(value) -> str:
    """A 0 to 1 share as a whole percentage: 0.75 -> "75%"."""
    return number_format.share(value)


@register.filter
def change(value) -> str:
    """A change in percentage points, with its direction in words as well as the sign."""
    return number_format.change(value)


@register.simple_tag
def not_compared(score, previous, bands) -> number_format.NotCompared:
    """What to say in place of the change since ``previous`` when either score is missing
    (``number_format.not_compared``). The earlier score reads in the words frozen with it, as
    its own report reads it; in ``bands`` (this assessment's, on the same scale) if none were."""
    before = score.previous_weighted_score
    words = band_for(before, previous.frozen_bands or bands) if before is not None else None
    return number_format.not_compared(score.weighted_score, before, words, previous.period)


@register.filter
def data_uri(svg: str) -> str:
    """An SVG chart as an image address, for the PDF (where images carry alt text)."""
    return svg_data_uri(svg)
