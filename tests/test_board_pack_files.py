"""The partnership board pack's PDF and spreadsheets, scoped to the partnership."""

import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from partnerships.models import Role
from principles.models import PrincipleSet
from tests.board_pack_data import SCOTLAND, hand_checked_services, pack_url, signed
from tests.builders import start
from tests.factories import PartnershipFactory, ServiceFactory, member
from tests.pdftext import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def hand_checked(partnership, people):
    """Alpha, Beta and Gamma, signed off as ``hand_checked_services`` describes."""
    return hand_checked_services(partnership, people)


# PDF ---------------------------------------------------------------------------------------


def test_pdf_has_every_service_page_numbers_and_a_landscape_heat_map(
    viewer_client, partnership, hand_checked
):
    """The PDF is a tagged PDF with each service, "Page 1 of", a landscape heat map page and
    no DRAFT mark when everything shown is signed off."""
    response = viewer_client.get(pack_url(partnership, "board_pack_pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert re.fullmatch(
        r'attachment; filename="riverside-health-and-wellbeing-board-national-voices-board-pack-'
        r'\d{4}-\d{2}-\d{2}\.pdf"',
        response["Content-Disposition"],
    )
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    text = pdf_text(response.content)
    for name in ("Alpha reablement", "Beta discharge", "Gamma carers"):
        assert name in text
    assert "Page 1 of" in text
    assert "DRAFT" not in text
    pages = [
        (p.mediabox.width, p.mediabox.height, " ".join(p.extract_text().split()))
        for p in reader.pages
    ]
    landscape = [t for w, h, t in pages if w > h]
    assert landscape and "Score for each principle by service" in landscape[0]
    assert all(w < h for w, h, t in pages if "Score for each principle by service" not in t)


def test_pdf_heat_map_cells_show_each_score_with_its_level_word(
    viewer_client, partnership, hand_checked
):
    """Each heat-map cell of the PDF prints the web page's score and level word, in order."""
    pack = viewer_client.get(pack_url(partnership)).context["pack"]
    reader = PdfReader(
        io.BytesIO(viewer_client.get(pack_url(partnership, "board_pack_pdf")).content)
    )
    heat_map = " ".join(
        " ".join(p.extract_text().split())
        for p in reader.pages
        if p.mediabox.width > p.mediabox.height
    )
    for summary in pack.included:
        cells = [f"{c.text} {c.band}" if c.band else c.text for c in summary.cells]
        assert re.search(r"\s".join(re.escape(cell) for cell in cells), heat_map), cells
    assert any(c.band for s in pack.included for c in s.cells)


def test_pdf_is_marked_draft_when_a_chosen_assessment_is_not_signed_off(
    viewer_client, partnership, hand_checked
):
    """Choosing a draft puts DRAFT on the PDF."""
    draft = hand_checked["alpha_draft"]
    url = pack_url(partnership, "board_pack_pdf")
    text = pdf_text(viewer_client.get(url, {"assessment": draft.pk}).content)
    assert "DRAFT" in text and "2027/28" in text


# Spreadsheets ------------------------------------------------------------------------------


def test_csv_has_a_row_per_rating_of_every_assessment_against_the_set(
    viewer_client, partnership, people, hand_checked
):
    """Every assessment of the partnership against the set (any state) is exported, one row
    per rating; other sets and other partnerships are left out."""
    signed(
        hand_checked["gamma"],
        people,
        "2026/27",
        principle_set=PrincipleSet.objects.get(slug=SCOTLAND),
    )
    other = PartnershipFactory()
    start(service=ServiceFactory(partnership=other), user=member(other, Role.LEAD))
    response = viewer_client.get(pack_url(partnership, "partnership_export", fmt="csv"))
    assert response["Content-Type"].startswith("text/csv")
    assert re.search(
        r'filename="riverside-health-and-wellbeing-board-national-voices-answers-',
        response["Content-Disposition"],
    )
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Partnership,Service,Assessment,Year,Status")
    periods = {}
    for line in lines[1:]:
        service, year = line.split(",")[1], line.split(",")[3]
        periods[(service, year)] = periods.get((service, year), 0) + 1
    assert periods == {
        ("Alpha reablement", "2026/27"): 12,
        ("Alpha reablement", "2027/28"): 12,
        ("Beta discharge", "2025/26"): 12,
        ("Beta discharge", "2026/27"): 12,
    }


def test_xlsx_has_a_row_per_rating_of_every_assessment_against_the_set(
    viewer_client, partnership, hand_checked
):
    """The Excel file has the same rows as the CSV: 12 for each of the 4 assessments."""
    response = viewer_client.get(pack_url(partnership, "partnership_export", fmt="xlsx"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Partnership", "Service", "Assessment")
    assert len(rows) == 1 + 4 * 12
    assert {row[7] for row in rows[1:]} == {f"NV-{n:02d}" for n in range(1, 13)}
