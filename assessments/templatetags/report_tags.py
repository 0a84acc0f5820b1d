"""Presentation of scores: whole percentages, signed changes, charts as images."""

from decimal import ROUND_HALF_UP, Decimal

from django import template

from assessments.charts import svg_data_uri

register = template.Library()


def _whole(value: float) -> int:
    # Half up, as people round: 62.5% shows as 63%, the same as the charts.
    return int(Decimal(str(value)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


@register.filter
def percent(value) -> str:
    """62.5 -> "63%"; None -> "Not scored"."""
    return "Not scored" if value is None else f"{_whole(value)}%"


@register.filter
def share(value) -> str:
    """A 0 to 1 share as a whole percentage: 0.75 -> "75%"."""
    return "None" if value is None else f"{_whole(value * 100)}%"


@register.filter
def change(value) -> str:
    """A change in percentage points, with its direction in words as well as the sign."""
    if value is None:
        return "No comparison"
    points = _whole(value)
    if points == 0:
        return "No change"
    unit = "point" if abs(points) == 1 else "points"
    return f"Up {points} {unit}" if points > 0 else f"Down {-points} {unit}"


@register.filter
def data_uri(svg: str) -> str:
    """An SVG chart as an image address, for the PDF (where images carry alt text)."""
    return svg_data_uri(svg)
