"""The board pack's heat map heads a set's principles with its sections (Scotland's three
lists), on the page and in the PDF, as the report groups them; a set of one section has no
such row and reads nothing more for it."""

import re

import pytest

from partnerships.models import Role
from principles.models import PrincipleSet
from reporting.across_services import HeatGroup, heat_parts, section_headings
from reporting.board_pack import build_board_pack
from reporting.documents import board_pack_html
from reporting.pdf import html_to_pdf
from tests.board_pack_data import NV, SCOTLAND, pack_url, signed
from tests.factories import ServiceFactory
from tests.test_pdf_list_structure import structure

pytestmark = pytest.mark.django_db

LISTS = [
    ("5", "Services will be provided in a way which…"),
    ("2", "Services must be…"),
    ("5", "Services must take account of…"),
]
GROUP_ROW = r'<th scope="colgroup" colspan="(\d+)"[^>]*>([^<]+)</th>'


@pytest.fixture
def scottish(partnership, people):
    """A partnership with one service signed off against Scotland's principles."""
    principle_set = PrincipleSet.objects.get(slug=SCOTLAND)
    service = ServiceFactory(partnership=partnership, name="Care at home")
    signed(service, people, "2025/26", principle_set=principle_set)
    return build_board_pack(partnership, principle_set)


def _walk(element, parent=None):
    yield element, parent
    for child in element.children:
        yield from _walk(child, element)


def test_the_pdfs_heat_map_heads_scotlands_principles_with_its_three_lists(scottish):
    """A row above the principles' headings has each list's heading over its principles,
    tagged as headings in a table row, before SC-01 to SC-12."""
    html = board_pack_html(scottish)
    table = re.search(r'<table class="heatmap">.*?</table>', html, flags=re.S).group()
    assert re.findall(GROUP_ROW, table) == LISTS
    assert table.index("Services must be…") < table.index(">SC-01<")
    tree = structure(html_to_pdf(html))
    heat = next(e for e, _ in _walk(tree) if e.role == "/Table" and "SC-12" in e.text)
    rows = [e for e, _ in _walk(heat) if e.role == "/TR"]
    assert [child.role for child in rows[0].children] == ["/TD", "/TH", "/TH", "/TH"]
    assert [child.text for child in rows[0].children[1:]] == [text for _, text in LISTS]
    assert {parent.role for e, parent in _walk(heat) if e.role == "/TH"} == {"/TR"}


def test_the_pages_heat_map_heads_scotlands_principles_with_its_three_lists(
    client, people, scottish
):
    """The web page's heat map has the same row of the lists' headings."""
    client.force_login(people[Role.VIEWER])
    content = client.get(pack_url(scottish.partnership, set_slug=SCOTLAND)).content.decode()
    table = content[content.index('id="heat-map"') : content.index('id="lowest-scoring"')]
    assert re.findall(GROUP_ROW, table) == LISTS


def test_a_section_split_between_two_tables_heads_its_principles_in_each():
    """13 principles in sections of 5, 5 and 3 are tables of 7 and 6: the second section's
    heading is over its 2 principles in the first and its 3 in the second."""
    headings = ["A"] * 5 + ["B"] * 5 + ["C"] * 3
    parts = heat_parts(list(range(13)), [], headings=headings)
    assert [part.groups for part in parts] == [
        (HeatGroup("A", 5), HeatGroup("B", 2)),
        (HeatGroup("B", 3), HeatGroup("C", 3)),
    ]


def test_a_set_of_one_section_has_no_row_of_sections_and_reads_nothing_for_it(
    partnership, people, django_assert_num_queries
):
    """National Voices: its services' figures say it has one section, so no query is made."""
    signed(ServiceFactory(partnership=partnership, name="Alpha"), people, "2025/26")
    pack = build_board_pack(partnership, PrincipleSet.objects.get(slug=NV))
    with django_assert_num_queries(0):
        assert section_headings(pack.columns, pack.included) is None
    assert 'scope="colgroup"' not in board_pack_html(pack)
