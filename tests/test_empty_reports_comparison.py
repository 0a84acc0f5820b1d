"""A year started from the last signed-off one and not yet confirmed: its report says what was
scored then instead of "No comparison (was 55%)", and a carried-forward "not applicable"
reads as one sentence."""

import re

import pytest

from assessments.models import Assessment
from reporting import number_format
from reporting.board_pack import build_board_pack
from reporting.documents import assessment_report_html, board_pack_html
from reporting.pdf import html_to_pdf
from tests import builders
from tests.figures import assess, page, signed
from tests.pdftext import pdf_text

pytestmark = pytest.mark.django_db

REASON = "Service is not designed locally"
THEN = "Not scored yet. 2026/27: Growing, 55%."
CARRIED_NA = (
    f"Not rated yet: carried forward and not confirmed (last time not applicable: {REASON})"
)
# The words of the scale before scores were read in its own words (README, "What is fixed").
OLD_WORDS = [[0, "Not evident"], [20, "Emerging"], [40, "Developing"], [60, "Established"]]


def _text(html: str) -> str:
    """The words of the page, each tag as a space."""
    return " ".join(re.sub(r"<[^>]*>", " ", html).split())


@pytest.fixture
def carried(lead, service, people):
    """2026/27 signed off at 55% (Growing): NV-01 not applicable, NV-02 at 5, the rest at 3;
    2027/28 started from it, nothing confirmed."""
    last_year = assess(lead, service, period="2026/27", levels={"NV-02": 5})
    builders.rate(user=lead, assessment=last_year, code="NV-01", value=None, na=True, reason=REASON)
    signed(builders.reload(assessment=last_year), people)
    return builders.start(user=lead, service=service, period="2027/28", carry_forward=True)


def test_report_page_says_what_was_scored_last_time_not_no_comparison(carried, viewer_client):
    """Headline and summary give last year's words and score; principles drop "No comparison"."""
    content = _text(page(viewer_client, "report", carried.pk))
    assert f"Since 2026/27 {THEN} " in content
    assert f"Change since 2026/27 {THEN} " in content
    assert "(was" not in content
    assert "Last time 5 – Embedded Evidence" in content
    assert "Last time 5 – Embedded. No comparison." not in content


def test_report_pdf_says_what_was_scored_last_time(carried):
    """The PDF's headline and principles say the same as the page."""
    text = pdf_text(html_to_pdf(assessment_report_html(carried)))
    assert "Since 2026/27 Not scored yet 2026/27: Growing, 55%" in text
    assert f"Change since 2026/27 {THEN}" in text
    assert "(was" not in text and "was 55%" not in text
    # The labels are floated beside the values, so the text reads values apart from them.
    assert "not confirmed 1 5 – Embedded Evidence for NV-02." in text
    assert "Embedded. No comparison." not in text


def test_carried_forward_not_applicable_reads_as_one_sentence(carried, viewer_client):
    """Its reason is last time's, in brackets, on the page and in the PDF."""
    content = page(viewer_client, "report", carried.pk)
    assert (
        "Not rated yet: carried forward and not confirmed (last time not applicable: "
        f'<span class="prose app-prose">{REASON}</span>)</dd>'
    ) in content
    assert f"confirmed: {REASON}" not in _text(content)
    text = pdf_text(html_to_pdf(assessment_report_html(carried)))
    assert f"{CARRIED_NA} 1 Not applicable Evidence for NV-01." in text


def test_confirmed_not_applicable_still_gives_its_reason_after_a_colon(carried, lead):
    """Once someone confirms it, it reads as any not applicable answer does."""
    builders.rate(user=lead, assessment=carried, code="NV-01", value=None, na=True, reason=REASON)
    html = _text(assessment_report_html(carried))
    assert f"Rating Not applicable: {REASON} Weight" in html
    assert "last time not applicable" not in html


def test_last_years_score_reads_in_the_words_frozen_with_it(carried):
    """Last year's 55% reads as its own report read it, in the words frozen then."""
    Assessment.objects.filter(pk=carried.previous.pk).update(frozen_bands=OLD_WORDS)
    html = _text(assessment_report_html(builders.reload(assessment=carried)))
    assert "2026/27: Developing, 55%" in html


def test_board_pack_with_the_draft_chosen_says_what_was_scored_then(carried, partnership):
    """The pack's change column says the same as the report, page and PDF alike."""
    pack = build_board_pack(partnership, carried.principle_set, chosen=[str(carried.pk)])
    html = _text(board_pack_html(pack))
    assert f"Change {THEN}" in html
    assert "(was" not in html


def test_a_score_both_times_still_reads_as_a_change(carried, lead, viewer_client):
    """Confirming an answer scores the year: the change and last year's figure, as before."""
    builders.rate(user=lead, assessment=carried, code="NV-02", value=4)
    content = _text(page(viewer_client, "report", carried.pk))
    assert "Up 20 points (was 55%). Provisional" in content
    assert "Not scored yet" not in content


@pytest.mark.parametrize(
    ("now", "before", "expected"),
    [
        (None, 47.7, "Not scored yet. 2026/27: Growing, 48%."),
        (None, None, "Not scored yet. Nothing was scored in 2026/27 either."),
        (62.5, None, "No change to give. Nothing was scored in 2026/27."),
    ],
)
def test_each_missing_score_is_said_in_words(now, before, expected):
    """Not scored now, then, or either time: each case says which."""
    words = number_format.not_compared(now, before, "Growing", "2026/27")
    assert str(words) == expected
