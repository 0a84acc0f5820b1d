"""Each contents entry in the PDFs is one link, with its leader and page number after it.

Generated inside the <a> (``a::after``), the leader and the page number each became a link
of their own: three nested Link structure elements and three link annotations per entry.
"""

import io
import re

import pytest
from pypdf import PdfReader

from principles.models import PrincipleSet
from reporting.board_pack import build_board_pack
from reporting.documents import assessment_report_html, board_pack_html
from reporting.pdf import html_to_pdf
from tests.board_pack_data import NV, hand_checked_services
from tests.test_pdf_list_structure import Element, structure

# The same signed-off assessment as the list tests (a fixture, so imported by name).
from tests.test_pdf_list_structure import board_ready as board_ready

pytestmark = pytest.mark.django_db


def _nested_links(element: Element, inside: bool = False) -> int:
    """How many Link elements sit inside another Link."""
    here = element.role == "/Link"
    return int(here and inside) + sum(
        _nested_links(child, inside or here) for child in element.children
    )


def _contents(pdf: bytes) -> tuple[list[str], int]:
    """The contents entries' text, and the number of link annotations on their page."""
    tree = structure(pdf)
    stack, entries = [tree], None
    while stack and entries is None:
        element = stack.pop()
        texts = [child.text for child in element.children]
        if element.role == "/L" and texts and texts[0].startswith("Summary"):
            entries = texts
        stack.extend(reversed(element.children))
    reader = PdfReader(io.BytesIO(pdf))
    page = next(p for p in reader.pages if "Contents" in p.extract_text().split("\n")[:3])
    return entries, len(page.get("/Annots") or [])


@pytest.mark.parametrize("kind", ["report", "board pack"])
def test_each_contents_entry_is_one_link_with_its_page_number(
    kind, board_ready, partnership, people
):
    """Every entry reads its title, leader and page number, with one annotation and no link
    inside a link."""
    if kind == "report":
        pdf = html_to_pdf(assessment_report_html(board_ready))
    else:
        hand_checked_services(partnership, people)
        pdf = html_to_pdf(
            board_pack_html(build_board_pack(partnership, PrincipleSet.objects.get(slug=NV)))
        )
    entries, annotations = _contents(pdf)
    assert len(entries) >= 6
    assert all(re.fullmatch(r"[^.]+?( \.)+ \d+", entry) for entry in entries), entries
    assert annotations == len(entries)
    assert _nested_links(structure(pdf)) == 0
