"""A change in the headline score is marked provisional when this year's score is: it then
compares part of the weight with a whole year's, and the reader is told how much is rated."""

import html

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from reporting.documents import assessment_report_html
from tests.figures import NV, assess, page, signed

pytestmark = pytest.mark.django_db

SAID = "Provisional: only 8% of the weight that applies is rated so far"


def words(markup: str) -> str:
    return " ".join(html.unescape(strip_tags(markup)).split())


@pytest.fixture
def part_rated(lead, service, people):
    """Last year signed off at level 2 throughout; this year only NV-01 rated, at 4."""
    signed(
        assess(
            lead,
            service,
            period="2025/26",
            levels=dict.fromkeys([f"NV-{n:02d}" for n in range(1, 13)], 2),
        ),
        people,
    )
    return assess(lead, service, levels={"NV-01": 4, **{f"NV-{n:02d}": None for n in range(2, 13)}})


def test_the_report_page_and_pdf_mark_the_change_provisional(part_rated, viewer_client):
    """After "Up 50 points (was 25%)" the page and the PDF's summary say how much is rated."""
    content = words(page(viewer_client, "report", part_rated.pk))
    assert f"Up 50 points (was 25%). {SAID}" in content
    assert f"(was 25%). {SAID}" in words(assessment_report_html(part_rated))


def test_the_board_pack_marks_a_chosen_drafts_change_provisional(
    part_rated, viewer_client, partnership
):
    """The board pack's table says it beside the change of the draft chosen for it."""
    chosen = viewer_client.get(
        reverse("assessments:board_pack", args=[partnership.slug, NV]),
        {"assessment": part_rated.pk},
    ).content.decode()
    assert f"since 2025/26 (was 25%). {SAID}" in words(chosen)


def test_a_complete_score_has_no_such_words(lead, service, people, viewer_client):
    """Everything rated: the change stands on its own."""
    signed(assess(lead, service, period="2025/26"), people)
    draft = assess(lead, service)
    content = words(page(viewer_client, "report", draft.pk))
    assert "(was 50%)" in content
    assert "Provisional: only" not in content
