"""Presentation of scores in templates: thin wrappers over ``number_format`` and the charts;
and long unbroken text marked so the PDF can break it."""

import math
import re
import unicodedata

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

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


# A run of more characters than this with nowhere to break a line (a file name joined by
# underscores, a long reference or address) is wider than a PDF table column can give it,
# and a table laid out round it runs off the page. Lines can break at spaces, soft hyphens,
# zero-width spaces, dashes, a hyphen before a letter, after a slash (so a web address
# breaks between its parts), and between Chinese, Japanese and Korean characters. Runs this
# long are rare, so ordinary text is untouched.
UNBROKEN_RUN = 30
_BREAKS = "\\s/\u00ad\u200b\u2010\u2012-\u2014\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff"
_RUN = re.compile(f"(?:[^{_BREAKS}-]|-(?=\\d)){{{UNBROKEN_RUN + 1},}}")
# 'overflow-wrap: anywhere' (print.css .unbroken) has WeasyPrint measure a table cell's
# narrowest width a character at a time, each time laying out the rest of the run: a run of
# 100 characters costs a few hundredths of a second, one of 1,000 two seconds and more. A
# longer run is cut into inline blocks of PART characters instead (.unbroken-part), which
# lines break between, at a fraction of the cost.
LONG_RUN = 100
PART = 20


@register.filter(needs_autoescape=True)
def unbroken(value, autoescape=True):
    """Text with each run longer than ``UNBROKEN_RUN`` characters without a break marked,
    so the PDF can break it (``_marked``).

    Only those runs are marked, not the whole text or every cell: words round a run still
    break between words, and ordinary text costs WeasyPrint nothing more. The characters are
    the same, so text copied from the PDF is too (a ``<wbr>`` would add a zero-width space).
    Anything else, and text with no such run, is returned as it came, to be escaped as
    always.
    """
    if not isinstance(value, str) or isinstance(value, SafeData) or not _RUN.search(value):
        return value
    escape = conditional_escape if autoescape else str
    parts, end = [], 0
    for run in _RUN.finditer(value):
        parts += [escape(value[end : run.start()]), _marked(run.group(), escape)]
        end = run.end()
    parts.append(escape(value[end:]))
    return mark_safe("".join(parts))  # noqa: S308 (escaped here and in _marked)


def _marked(run: str, escape) -> str:
    if len(run) <= LONG_RUN:
        return f'<span class="unbroken">{escape(run)}</span>'
    pieces, start = [], 0
    while start < len(run):
        end = start + PART
        # A combining accent or an emoji's modifier stays with the character before it.
        while end < len(run) and _joins(run[end - 1], run[end]):
            end += 1
        pieces.append(f'<span class="unbroken-part">{escape(run[start:end])}</span>')
        start = end
    return "".join(pieces)


def _joins(before: str, after: str) -> bool:
    return (
        unicodedata.category(after)[0] == "M"
        or unicodedata.category(after) == "Sk"
        or "\u200d" in (before, after)
        or after in "\ufe0e\ufe0f"
    )


# Page one's table of the weakest principles keeps each row on one page (print.css), which
# no row taller than a page can be: WeasyPrint then pushed the row, its caption and the notes
# kept with it on to page after page, leaving nearly blank pages and the table's first part
# without its header row. CSS cannot say "unless taller than a page", so a row's height is
# estimated from its text, generously: its actions column holds at least 70 characters a
# line at 8.5pt, and an A4 page about 60 lines; from two thirds of a page, the table's rows
# may break (only such tables, so ordinary reports keep each row whole, as before).
ACTION_LINE_CHARACTERS = 70
TALL_ROW_LINES = 40


@register.filter
def has_tall_row(weakest) -> bool:
    """True when a row of page one's weakest principles may be taller than a page."""
    for weak in weakest:
        texts = [f"{a.description} {a.owner}, due 30 September 2027" for a in weak.open_actions]
        texts.append(weak.no_action_reason or "")
        lines = sum(
            max(1, math.ceil(len(part) / ACTION_LINE_CHARACTERS))
            for text in texts
            for part in text.split("\n")
        )
        if lines >= TALL_ROW_LINES:
            return True
    return False
