"""The board pack's most repeated markup, written in Python rather than a template per cell.

At a hundred and twenty principles the heat map has 120 cells a row, the lowest-scoring
principles across services can be all 120 (ties are all listed) and the choose assessments
form has a field per service: drawn by template loops they were most of the page's cost.
The markup is exactly what the templates wrote (``tests/test_board_pack_markup.py`` holds
them equal), escaped with the standard library's ``html.escape``, as Django's own
``escape`` does.
"""

import functools
from collections.abc import Iterable
from html import escape

from django.utils.safestring import SafeString, mark_safe

from .number_format import percent


# Each different cell (few: one per level and set of words) is written once per process.
@functools.lru_cache(maxsize=4096)
def _cell(cell, band_class: str, hidden_class: str) -> str:
    shade = (
        f" heat-{cell.shade}"
        if cell.shade is not None
        else (" heat-na" if cell.not_applicable else "")
    )
    if cell.band:
        words = f' <span class="{escape(band_class)}">{escape(cell.band)}</span>'
    else:
        hidden = " (not applicable)" if cell.not_applicable else " (not rated)"
        words = f'<span class="{escape(hidden_class)}">{hidden}</span>'
    return f'<td class="heat{shade}">{escape(cell.text)}{words}</td>'


def heat_cells(cells: Iterable, band_class: str, hidden_class: str) -> SafeString:
    """One service's row of heat-map cells."""
    return mark_safe("".join(_cell(c, band_class, hidden_class) for c in cells))  # noqa: S308 (escaped above)


def heat_headings(columns: Iterable, code_class: str) -> SafeString:
    """The heat map's column headings: each principle's code and short title."""
    code_class = escape(code_class)
    return mark_safe(  # noqa: S308 (escaped here)
        "".join(
            f'<th scope="col" class="heat-head"><span class="{code_class}">'
            f"{escape(c.code)}</span> {escape(c.short_title)}</th>"
            for c in columns
        )
    )


def assessment_choices(services: Iterable) -> SafeString:
    """A labelled drop-down of each service's assessments, for the choose assessments form
    (GOV.UK select); services with no assessment against the set are left out. The empty
    choice is the service's latest signed-off assessment, or says there is none yet."""
    fields = []
    for summary in services:
        if not summary.choices:
            continue
        pk = summary.service.pk
        default = (
            "Latest signed-off assessment"
            if any(choice.is_signed_off for choice in summary.choices)
            else "None signed off yet"
        )
        shown = summary.assessment.pk if summary.chosen else None
        options = "".join(
            f'<option value="{choice.pk}"{" selected" if choice.pk == shown else ""}>'
            f"{escape(choice.period)} – {escape(str(choice.get_state_display()))}</option>"
            for choice in summary.choices
        )
        fields.append(
            f"""
  <div class="govuk-form-group">
    <label class="govuk-label" for="assessment-{pk}">{escape(summary.service.name)}</label>
    <select class="govuk-select" id="assessment-{pk}" name="assessment">
      <option value="">{default}</option>
      {options}
    </select>
  </div>
  """
        )
    return mark_safe("".join(fields))  # noqa: S308 (escaped above)


def lowest_rows(lowest: Iterable, services: int) -> SafeString:
    """The rows of the lowest-scoring principles across services, each with its average
    score and how many of the ``services`` shown rated it."""
    return mark_safe(  # noqa: S308 (escaped here)
        "".join(
            f'\n    <tr><th scope="row">{escape(low.column.code)} '
            f"{escape(low.column.short_title)}</th>"
            f'<td class="num">{escape(percent(low.mean))}</td>'
            f'<td class="num">{low.rated_count} of {services}</td></tr>\n    '
            for low in lowest
        )
    )
