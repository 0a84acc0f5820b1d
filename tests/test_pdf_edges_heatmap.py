"""The board pack PDF's heat map stays readable with many principles (split over tables of at
most 12, each captioned) and with many levels (only the lowest level is bold with a heavy
border, as its key says); up to 12 principles on a 5-level scale it is as it always was."""

import re

import pytest
from django.template import Context, Template

from principles.models import RatingLevel
from reporting.across_services import HEAT_MAP_COLUMNS, heat_parts
from reporting.board_pack import build_board_pack
from reporting.documents import board_pack_html
from reporting.pdf import html_to_pdf
from tests.board_pack_data import signed
from tests.factories import PrincipleSetFactory, RatingScaleFactory, ServiceFactory
from tests.pdftext import pdf_text
from tests.test_pdf_list_structure import structure

pytestmark = pytest.mark.django_db

# The PDF's heat map table as its template wrote it before tables were split, word for word.
OLD_HEAT_MAP = Template(
    """<table class="heatmap">
  <caption>Score for each principle by service, {{ pack.principle_set.short_name }}</caption>
  <thead>
    <tr>
      <th scope="col">Service</th>
      {% for column in pack.columns %}<th scope="col" class="heat-head"><span class="heat-code">{{ column.code }}</span> {{ column.short_title }}</th>{% endfor %}
    </tr>
  </thead>
  <tbody>
    {% for summary in pack.included %}
    <tr>
      <th scope="row">{{ summary.service.name }} <span class="heat-band">{{ summary.assessment.period }}</span></th>
      {% for cell in summary.cells %}<td class="heat{% if cell.shade is not None %} heat-{{ cell.shade }}{% elif cell.not_applicable %} heat-na{% endif %}">{{ cell.text }}{% if cell.band %}
{{ cell.band }}{% endif %}</td>{% endfor %}
    </tr>
    {% endfor %}
  </tbody>
</table>"""  # noqa: E501
)


def _pack(partnership, people, *, principles=12, levels=None, rated=None, services=2, groups=3):
    """A board pack of ``services`` services signed off against a made-up set of ``groups``
    sections."""
    scale = RatingScaleFactory(levels=levels) if levels else None
    principle_set = PrincipleSetFactory(
        principles=principles, principles__groups=groups, rating_scale=scale
    )
    for n in range(services):
        service = ServiceFactory(partnership=partnership, name=f"Service {n + 1}")
        signed(service, people, "2026/27", levels=rated, principle_set=principle_set)
    return build_board_pack(partnership, principle_set)


def _heat_map(html: str) -> list[str]:
    return re.findall(r'<table class="heatmap">.*?</table>', html, flags=re.S)


def test_a_set_of_up_to_twelve_principles_has_the_heat_map_it_always_had(partnership, people):
    """A set of one section: one table, the same markup as before the heat map could be split
    (a set of several sections has a row of their headings too)."""
    pack = _pack(partnership, people, principles=HEAT_MAP_COLUMNS, groups=1)
    (table,) = _heat_map(board_pack_html(pack))
    assert table == OLD_HEAT_MAP.render(Context({"pack": pack}))


def test_thirty_principles_are_three_tables_of_ten_each_with_every_service(partnership, people):
    """Each table is captioned with the principles it shows and repeats the services."""
    pack = _pack(partnership, people, principles=30)
    html = board_pack_html(pack)
    tables = _heat_map(html)
    assert len(tables) == 3
    codes = [c.code for c in pack.columns]
    for n, table in enumerate(tables):
        first, last = n * 10 + 1, n * 10 + 10
        assert f": principles {first} to {last} of 30</caption>" in table
        assert re.findall(r'class="heat-code">([^<]+)<', table) == codes[first - 1 : last]
        assert table.count("Service 1 <span") == table.count("Service 2 <span") == 1
        assert table.count('<td class="heat') == 2 * 10
    text = pdf_text(html_to_pdf(html))
    heading = f"Score for each principle by service, {pack.principle_set.short_name}"
    for caption in ("1 to 10 of 30", "11 to 20 of 30", "21 to 30 of 30"):
        assert f"{heading}: principles {caption}" in text


def test_the_split_tables_are_tagged_as_tables_in_the_pdf(partnership, people):
    """PDF/UA: each part is a Table with its caption, a row of its section's heading (an
    empty cell, then the heading over the part's 10 principles), a header row of 11 cells
    (the service and 10 principles) and a row of 11 for each service."""
    pack = _pack(partnership, people, principles=30, services=1)
    root = structure(html_to_pdf(board_pack_html(pack)))
    caption = "Score for each principle by service"
    heat = [e for e in _walk(root) if e.role == "/Table" and caption in e.text]
    assert len(heat) == 3
    for table in heat:
        rows = [e for e in _walk(table) if e.role == "/TR"]
        assert [len(row.children) for row in rows] == [2, 11, 11]


def _walk(element):
    yield element
    for child in element.children:
        yield from _walk(child)


@pytest.mark.parametrize(
    ("count", "sizes"),
    [(12, [12]), (13, [7, 6]), (25, [9, 9, 7]), (30, [10, 10, 10]), (120, [12] * 10)],
)
def test_principles_are_shared_out_as_evenly_as_can_be(count, sizes):
    """Never more than 12 to a table, and as near the same number in each."""
    columns = list(range(count))
    parts = heat_parts(columns, [])
    assert [len(p.columns) for p in parts] == sizes
    assert [c for p in parts for c in p.columns] == columns
    assert parts[-1].last == count


# Shades --------------------------------------------------------------------------------------


def _cells(html: str) -> dict[str, str]:
    """Each level word in the heat map with the classes of its cells."""
    (table,) = _heat_map(html)
    found = re.findall(r'<td class="([^"]+)">\d+%\n([^<]+)</td>', table)
    return {word: classes for classes, word in found}


def _swatches(html: str) -> dict[str, str]:
    swatch = r'class="heat-swatch (heat-\d)" aria-hidden="true"></span> ([^:]+):'
    return {word: shade for shade, word in re.findall(swatch, html)}


def _rated(partnership, people, principle_set, values) -> str:
    """The board pack's HTML with one service, its principles signed off at ``values``."""
    codes = principle_set.principles.order_by("order").values_list("code", flat=True)
    service = ServiceFactory(partnership=partnership, name="Rated service")
    levels = dict(zip(codes, values, strict=True))
    signed(service, people, "2026/27", levels=levels, principle_set=principle_set)
    return board_pack_html(build_board_pack(partnership, principle_set))


def test_on_ten_levels_only_the_lowest_has_the_lowest_levels_shade(partnership, people):
    """Level 2 of 10 is not in the lowest level's shade, which print.css and the page's
    stylesheet make bold with a heavy border: only level 1 is, as the key says."""
    principle_set = PrincipleSetFactory(
        principles=3, rating_scale=RatingScaleFactory(levels=range(1, 11))
    )
    html = _rated(partnership, people, principle_set, (1, 2, 10))
    assert _cells(html) == {
        "Level 1": "heat heat-0",
        "Level 2": "heat heat-1",
        "Level 10": "heat heat-4",
    }
    swatches = _swatches(html)
    assert [word for word, shade in swatches.items() if shade == "heat-0"] == ["Level 1"]
    assert "The lowest level is also in bold with a heavy border." in html


def test_two_levels_with_the_same_word_keep_their_own_shades(partnership, people):
    """Levels are shaded by their place on the scale, not looked up by their word."""
    scale = RatingScaleFactory(levels=range(1, 6))
    RatingLevel.objects.filter(scale=scale, value__in=[2, 4]).update(label="Developing")
    principle_set = PrincipleSetFactory(principles=2, rating_scale=scale)
    html = _rated(partnership, people, principle_set, (2, 4))
    (table,) = _heat_map(html)
    cells = re.findall(r'<td class="([^"]+)">\d+%\nDeveloping</td>', table)
    assert cells == ["heat heat-1", "heat heat-3"]
    swatch = r'class="heat-swatch (heat-\d)" aria-hidden="true"></span> Developing:'
    assert re.findall(swatch, html) == ["heat-1", "heat-3"]


def test_a_five_level_scale_is_shaded_as_it_always_was(partnership, people):
    """Levels 1 to 5 keep shades 0 to 4, level 1 alone the lowest's."""
    principle_set = PrincipleSetFactory(
        principles=5, rating_scale=RatingScaleFactory(levels=range(1, 6))
    )
    html = _rated(partnership, people, principle_set, range(1, 6))
    assert _cells(html) == {f"Level {n}": f"heat heat-{n - 1}" for n in range(1, 6)}
    assert _swatches(html) == {f"Level {n}": f"heat-{n - 1}" for n in range(1, 6)}
