"""The board pack's heat map and choose assessments form, written in Python
(``reporting.board_markup``), are the markup their templates wrote, escaped alike."""

from types import SimpleNamespace

import pytest
from django.template import Context, Template

from reporting import board_markup
from reporting.across_services import NOT_APPLICABLE, NOT_RATED, Cell

# What the templates said before the markup moved to Python, word for word.
OLD_HEADINGS = Template(
    '{% for column in columns %}<th scope="col" class="heat-head"><span class="{{ code_class }}">'
    "{{ column.code }}</span> {{ column.short_title }}</th>{% endfor %}"
)
OLD_CELLS = Template(
    '{% for cell in cells %}<td class="heat{% if cell.shade is not None %} heat-{{ cell.shade }}'
    '{% elif cell.not_applicable %} heat-na{% endif %}">{{ cell.text }}{% if cell.band %} '
    '<span class="{{ band_class }}">{{ cell.band }}</span>{% elif cell.not_applicable %}'
    '<span class="{{ hidden_class }}"> (not applicable)</span>{% else %}'
    '<span class="{{ hidden_class }}"> (not rated)</span>{% endif %}</td>{% endfor %}'
)
OLD_CHOICES = Template(
    """{% for summary in services %}{% if summary.choices %}
  <div class="govuk-form-group">
    <label class="govuk-label" for="assessment-{{ summary.service.pk }}">{{ summary.service.name }}</label>
    <select class="govuk-select" id="assessment-{{ summary.service.pk }}" name="assessment">
      <option value="">{% if summary.any_signed %}Latest signed-off assessment{% else %}None signed off yet{% endif %}</option>
      {% for choice in summary.choices %}<option value="{{ choice.pk }}"{% if summary.chosen and choice.pk == summary.assessment.pk %} selected{% endif %}>{{ choice.period }} – {{ choice.get_state_display }}</option>{% endfor %}
    </select>
  </div>
  {% endif %}{% endfor %}"""  # noqa: E501
)

OLD_LOWEST = Template(
    "{% load report_tags %}{% for low in lowest %}\n"
    '    <tr><th scope="row">{{ low.column.code }} {{ low.column.short_title }}</th>'
    '<td class="num">{{ low.mean|percent }}</td><td class="num">{{ low.rated_count }} of '
    "{{ services }}</td></tr>\n    {% endfor %}"
)

HOSTILE = '<b>"Tom & Jerry\'s"</b>'


def test_cells_are_written_as_the_template_wrote_them():
    """Rated (with and without words), not applicable and not rated cells, hostile words."""
    cells = [
        Cell(text="63%", normalised=62.5, band="Growing", shade=2),
        Cell(text="0%", normalised=0.0, band=HOSTILE, shade=0),
        Cell(text="50%", normalised=50.0, band=None, shade=None),
        Cell(text=NOT_APPLICABLE, not_applicable=True),
        Cell(text=NOT_RATED),
    ]
    for band_class, hidden_class in [("heat-band", "heat-hidden"), ('a"b', "<c>")]:
        context = {"cells": cells, "band_class": band_class, "hidden_class": hidden_class}
        expected = OLD_CELLS.render(Context(context))
        assert board_markup.heat_cells(cells, band_class, hidden_class) == expected
        # A second time, from the cells already written.
        assert board_markup.heat_cells(cells, band_class, hidden_class) == expected


def test_headings_are_written_as_the_template_wrote_them():
    columns = [
        SimpleNamespace(code="NV-01", short_title="Care planning"),
        SimpleNamespace(code=HOSTILE, short_title=HOSTILE),
    ]
    for code_class in ["heat-code", '"><script>']:
        expected = OLD_HEADINGS.render(Context({"columns": columns, "code_class": code_class}))
        assert board_markup.heat_headings(columns, code_class) == expected


@pytest.mark.parametrize("chosen", [False, True])
def test_choices_are_written_as_the_template_wrote_them(chosen):
    """Each service with an assessment, the chosen one selected; "None signed off yet" if so."""

    def assessment(pk, period, state):
        return SimpleNamespace(
            pk=pk,
            period=period,
            get_state_display=lambda: state,
            is_signed_off=state == "Signed off",
        )

    draft, signed = assessment(7, "2027/28", "Draft"), assessment(3, HOSTILE, "Signed off")
    only_draft = assessment(9, "2026/27", "Draft")
    services = [
        SimpleNamespace(
            service=SimpleNamespace(pk=1, name=HOSTILE),
            choices=(draft, signed),
            chosen=chosen,
            assessment=draft if chosen else signed,
            any_signed=True,
        ),
        SimpleNamespace(service=SimpleNamespace(pk=2, name="Gamma"), choices=(), chosen=False),
        SimpleNamespace(
            service=SimpleNamespace(pk=3, name="Delta"),
            choices=(only_draft,),
            chosen=chosen,
            assessment=only_draft if chosen else None,
            any_signed=False,
        ),
    ]
    expected = OLD_CHOICES.render(Context({"services": services}))
    assert board_markup.assessment_choices(services) == expected
    assert (" selected>" in expected) is chosen
    assert expected.count("Latest signed-off assessment") == 1
    assert expected.count("None signed off yet") == 1


def test_lowest_rows_are_written_as_the_template_wrote_them():
    """Each principle's code, title, average (rounded as everywhere) and services rating it."""
    lowest = [
        SimpleNamespace(
            column=SimpleNamespace(code="NV-01", short_title="Care"), mean=12.5, rated_count=3
        ),
        SimpleNamespace(
            column=SimpleNamespace(code=HOSTILE, short_title=HOSTILE), mean=0.0, rated_count=1
        ),
    ]
    expected = OLD_LOWEST.render(Context({"lowest": lowest, "services": 4}))
    assert board_markup.lowest_rows(lowest, 4) == expected
    assert "13%" in expected and "&lt;b&gt;" in expected
