"""A draft's DRAFT mark is on every page of its PDFs but is not read aloud: it is drawn in a
page margin box, which WeasyPrint leaves out of the PDF/UA structure tree (the heading's
state already says it is a draft)."""

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from partnerships.models import Role
from principles.models import PrincipleSet
from reporting.board_pack import build_board_pack
from reporting.documents import assessment_report_html, board_pack_html
from reporting.pdf import html_to_pdf
from tests.board_pack_data import NV, signed
from tests.builders import complete, start, submit
from tests.factories import ServiceFactory
from tests.test_pdf_list_structure import structure

pytestmark = pytest.mark.django_db


def _texts(element):
    yield element.role, element.text
    for child in element.children:
        yield from _texts(child)


def _watermarked_pages(pdf: bytes) -> list[bool]:
    """For each page, whether it has the mark: a line that is only "DRAFT" (the heading's
    state says more: "DRAFT", a dash, "not signed off")."""
    pdftotext = shutil.which("pdftotext")
    if not pdftotext:
        pytest.skip("pdftotext is not installed: sudo apt-get install poppler-utils")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(
            [pdftotext, "-raw", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    return ["DRAFT" in page.splitlines() for page in text.split("\f")[:-1]]


def test_a_draft_reports_mark_is_on_every_page_and_not_in_the_structure_tree(service, people):
    """No structure element is the mark (there was one per page), and every page shows it."""
    draft = start(user=people[Role.LEAD], service=service)
    complete(user=people[Role.LEAD], assessment=draft)
    pdf = html_to_pdf(assessment_report_html(draft))
    assert [text for role, text in _texts(structure(pdf)) if text == "DRAFT"] == []
    pages = _watermarked_pages(pdf)
    assert len(pages) > 5
    assert all(pages)


def test_a_draft_board_packs_mark_is_on_every_page_and_not_in_the_structure_tree(
    partnership, people
):
    """The same in a board pack with a submitted assessment chosen, its landscape heat map
    page included."""
    signed(ServiceFactory(partnership=partnership, name="Alpha"), people, "2025/26")
    beta = ServiceFactory(partnership=partnership, name="Beta")
    draft = start(user=people[Role.LEAD], service=beta)
    complete(user=people[Role.LEAD], assessment=draft)
    submitted = submit(user=people[Role.LEAD], assessment=draft)
    principle_set = PrincipleSet.objects.get(slug=NV)
    pack = build_board_pack(partnership, principle_set, chosen=[str(submitted.pk)])
    assert not pack.is_final
    pdf = html_to_pdf(board_pack_html(pack))
    assert [text for role, text in _texts(structure(pdf)) if text == "DRAFT"] == []
    assert all(_watermarked_pages(pdf))
