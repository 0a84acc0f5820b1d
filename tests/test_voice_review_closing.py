"""We say, people say after a review: a form past its closing date reads as closed in every
report, and a form no one has answered shows one sentence, not a table of empty rows."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from assessments.models import Assessment
from partnerships.models import Role
from reporting.documents import assessment_report_html
from reporting.pdf import pdf_key
from tests import builders
from tests.board_pack_data import pack_url
from tests.pdftext import pdf_text
from tests.voice_builders import open_round, respond
from voice.models import FeedbackRound

pytestmark = pytest.mark.django_db

STILL_OPEN = "the feedback form is still open"
CAPTION = "The team's rating of each principle and the share of people who agree"


def words(content: bytes) -> str:
    """The page's text without its markup."""
    return " ".join(html.unescape(strip_tags(content.decode())).split())


def close_by_date(feedback_round, *, days_ago: int = 1) -> datetime.date:
    """Move the round's closing date into the past, as time passing would; the date."""
    closes_on = timezone.localdate() - datetime.timedelta(days=days_ago)
    FeedbackRound.objects.filter(pk=feedback_round.pk).update(closes_on=closes_on)
    return closes_on


def said(closes_on: datetime.date) -> str:
    """What the report says of a form closed by its date."""
    day = f"{closes_on.day} {closes_on:%B %Y}"
    return f"the feedback form closed at the end of {day}, its closing date"


def report_html(assessment) -> str:
    """The report PDF's HTML, read as ``render_reports`` reads it."""
    loaded = Assessment.objects.select_related(
        "service__partnership", "principle_set", "rating_scale"
    ).get(pk=assessment.pk)
    return assessment_report_html(loaded)


def rows_hidden(text: str) -> int:
    """How many rows say "fewer than 5 answers", in its share and count columns (the method
    says it once, in quotes)."""
    return text.count("fewer than 5 answers fewer than 5 answers")


@pytest.fixture
def six_answered(feedback_round):
    for _ in range(6):
        respond(feedback_round=feedback_round)
    return feedback_round


def test_the_report_page_says_a_form_past_its_closing_date_closed(client, six_answered, people):
    """Not "still open" once the date has passed, as the public link and the round's page say."""
    client.force_login(people[Role.VIEWER])
    url = reverse("assessments:report", args=[six_answered.assessment_id])
    closes_on = close_by_date(six_answered)
    text = words(client.get(url).content)
    assert f"6 people who use the service, their carers or others answered; {said(closes_on)}." in (
        text
    )
    assert STILL_OPEN not in text


def test_a_form_closing_today_is_still_open_in_the_report(client, six_answered, people):
    """The form takes answers to the end of its closing date, so the report says open."""
    client.force_login(people[Role.VIEWER])
    url = reverse("assessments:report", args=[six_answered.assessment_id])
    close_by_date(six_answered, days_ago=0)
    assert f"{STILL_OPEN}, so the figures may change" in words(client.get(url).content)
    closes_on = close_by_date(six_answered)
    assert said(closes_on) in words(client.get(url).content)


def test_no_one_answered_a_form_past_its_closing_date(client, feedback_round, people):
    """No "yet" once the form has closed by its date: no answers can come."""
    client.force_login(people[Role.VIEWER])
    closes_on = close_by_date(feedback_round)
    text = words(
        client.get(reverse("assessments:report", args=[feedback_round.assessment_id])).content
    )
    assert f"No one answered; {said(closes_on)}." in text
    assert "No one has answered yet" not in text


def test_the_report_pdf_says_closed_and_is_a_new_pdf(client, six_answered, people):
    """Changed words change the HTML the PDF is kept under, so the PDF is made again."""
    before = pdf_key(report_html(six_answered.assessment))
    closes_on = close_by_date(six_answered)
    assert said(closes_on) in " ".join(report_html(six_answered.assessment).split())
    assert pdf_key(report_html(six_answered.assessment)) != before
    client.force_login(people[Role.VIEWER])
    response = client.get(reverse("assessments:report_pdf", args=[six_answered.assessment_id]))
    text = pdf_text(response.content)
    assert said(closes_on) in text and STILL_OPEN not in text


def test_the_board_pack_says_a_form_past_its_closing_date_closed(client, six_answered, people):
    """The pack's page and PDF, for a chosen draft whose form closed by its date."""
    client.force_login(people[Role.VIEWER])
    partnership = six_answered.assessment.service.partnership
    closes_on = close_by_date(six_answered)
    chosen = {"assessment": [six_answered.assessment_id]}
    page = words(client.get(pack_url(partnership), chosen).content)
    assert said(closes_on) in page and STILL_OPEN not in page
    pdf = pdf_text(client.get(pack_url(partnership, "board_pack_pdf"), chosen).content)
    assert said(closes_on) in pdf and STILL_OPEN not in pdf


# No one has answered ---------------------------------------------------------------------


def test_a_form_no_one_answered_shows_one_sentence_not_a_table(client, feedback_round, people):
    """No row of "fewer than 5 answers", which reads as if a few had answered."""
    client.force_login(people[Role.VIEWER])
    url = reverse("assessments:report", args=[feedback_round.assessment_id])
    text = words(client.get(url).content)
    assert "No one has answered yet; the feedback form is still open" in text
    assert CAPTION not in text and rows_hidden(text) == 0
    respond(feedback_round=feedback_round)  # one answer: the table, its figures hidden
    text = words(client.get(url).content)
    assert CAPTION in text and rows_hidden(text) == 12


def test_the_pdf_and_board_pack_leave_out_the_empty_table_too(client, feedback_round, people):
    """The report PDF, and the board pack's page and PDF for a chosen draft."""
    client.force_login(people[Role.VIEWER])
    assessment_id = feedback_round.assessment_id
    partnership = feedback_round.assessment.service.partnership
    chosen = {"assessment": [assessment_id]}
    documents = [
        pdf_text(client.get(reverse("assessments:report_pdf", args=[assessment_id])).content),
        words(client.get(pack_url(partnership), chosen).content),
        pdf_text(client.get(pack_url(partnership, "board_pack_pdf"), chosen).content),
    ]
    for text in documents:
        assert "No one has answered yet" in text
        assert rows_hidden(text) == 0


def test_a_report_signed_off_with_no_answers_keeps_its_table(client, signed_off_round, people):
    """Frozen figures show what they showed at sign-off; a live form with none shows no table."""
    client.force_login(people[Role.VIEWER])
    signed = words(
        client.get(reverse("assessments:report", args=[signed_off_round.assessment_id])).content
    )
    assert "No one answered; the figures were frozen at sign-off" in signed
    assert CAPTION in signed
    service = signed_off_round.assessment.service
    later = builders.start(user=people[Role.LEAD], service=service, period="2027/28")
    builders.complete(user=people[Role.LEAD], assessment=later)
    open_round(user=people[Role.LEAD], assessment=later)
    live = words(client.get(reverse("assessments:report", args=[later.pk])).content)
    assert "No one has answered yet" in live and CAPTION not in live
