"""People's figures go with the words they answered: each round freezes its statements'
wording when it opens, and its form, comments and every report use that wording."""

import csv
import html
import importlib
import io

import pytest
from django.apps import apps
from django.urls import reverse

from partnerships.models import Role
from principles.models import Principle
from tests.builders import sign_off
from tests.pdftext import pdf_text
from tests.voice_builders import open_round, respond
from voice import services
from voice.models import FeedbackAnswer, FeedbackResponse, FeedbackRound
from voice.selectors import pages_of, round_principles

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("voice.migrations.0004_round_statements")
ANSWERED = "The people who support me plan my care around what matters to me"
REWORDED = "Staff plan my support with me, starting from my own goals"
QUOTED = "They asked what I wanted to do again"


def reword(code: str, text: str = REWORDED) -> None:
    """An admin changes a principle's statement for people's feedback (as Django admin saves it)."""
    principle = Principle.objects.get(principle_set__slug="national-voices", code=code)
    principle.feedback_statement = text
    principle.save()


def _text(content: bytes) -> str:
    return html.unescape(" ".join(content.decode().split()))


@pytest.fixture
def answered(submitted, people):
    """Submitted; five people answered its round, one comment on NV-01 marked to quote."""
    lead = people[Role.LEAD]
    feedback_round = open_round(user=lead, assessment=submitted)
    for n in range(5):
        respond(feedback_round=feedback_round, comments={"NV-01": QUOTED} if n == 0 else {})
    answer = FeedbackAnswer.objects.get(comment=QUOTED)
    services.feedback_answer_mark_quotable(user=lead, answer_id=answer.pk, quotable=True)
    return submitted


def test_opening_a_round_freezes_the_wording_it_asks(feedback_round):
    """The round keeps each statement as it was when it opened, by principle."""
    nv01 = Principle.objects.get(principle_set__slug="national-voices", code="NV-01")
    assert len(feedback_round.statements) == 12
    assert feedback_round.statement_texts[nv01.pk] == ANSWERED


def test_the_report_page_keeps_the_wording_people_answered(client, answered, people):
    """Reworded after people answered: the report shows their figures beside the old words."""
    reword("NV-01")
    client.force_login(people[Role.VIEWER])
    page = _text(client.get(reverse("assessments:report", args=[answered.pk])).content)
    assert f"“{ANSWERED}”" in page  # in the table, and with the quote
    assert f"About NV-01: “{ANSWERED}”" in page
    assert REWORDED not in page


def test_the_report_pdf_keeps_the_wording_people_answered(client, answered, people, tmp_path):
    """The PDF of the report shows the old words too."""
    reword("NV-01")
    client.force_login(people[Role.VIEWER])
    response = client.get(reverse("assessments:report_pdf", args=[answered.pk]))
    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)
    text = pdf_text(path)
    assert ANSWERED in text and f"About NV-01: “{ANSWERED}”" in text
    assert REWORDED not in text


def test_the_spreadsheet_keeps_the_wording_people_answered(client, answered, people):
    """The CSV's statement column is the wording people answered."""
    reword("NV-01")
    client.force_login(people[Role.VIEWER])
    url = reverse("assessments:export", args=[answered.pk, "csv"])
    content = client.get(url).content.decode("utf-8-sig")
    rows = {r["Principle code"]: r for r in csv.DictReader(io.StringIO(content))}
    assert rows["NV-01"]["Statement for people"] == ANSWERED


def test_signing_off_after_a_rewording_freezes_the_answered_wording(
    client, answered, people, tmp_path
):
    """Reworded before sign-off: the frozen figures and the board pack keep the old words."""
    reword("NV-01")
    sign_off(user=people[Role.APPROVER], assessment=answered)
    feedback_round = FeedbackRound.objects.get(assessment=answered)
    nv01 = Principle.objects.get(principle_set__slug="national-voices", code="NV-01")
    assert feedback_round.frozen_counts["statements"][str(nv01.pk)] == ANSWERED
    reword("NV-01", "Reworded a second time")
    client.force_login(people[Role.VIEWER])
    args = [answered.service.partnership.slug, answered.principle_set.slug]
    page = _text(client.get(reverse("assessments:board_pack", args=args)).content)
    assert "We say, people say" in page and f"“{ANSWERED}”" in page
    assert REWORDED not in page and "Reworded a second time" not in page
    path = tmp_path / "pack.pdf"
    path.write_bytes(client.get(reverse("assessments:board_pack_pdf", args=args)).content)
    text = pdf_text(path)
    assert ANSWERED in text and REWORDED not in text


def test_the_public_form_asks_the_rounds_wording(client, feedback_round):
    """Reworded while the round is open: the form asks, and checks, the words it opened with."""
    reword("NV-01")
    token = feedback_round.token
    client.post(reverse("voice:who", args=[token]), {"answering_as": "carer"})
    first_page = _text(client.get(reverse("voice:questions", args=[token, 1])).content)
    assert f"1. {ANSWERED}" in first_page and REWORDED not in first_page
    for number, page in enumerate(pages_of(round_principles(feedback_round)), start=1):
        data = {f"answer_{p.pk}": "agree" for p in page}
        client.post(reverse("voice:questions", args=[token, number]), data)
    check = _text(client.get(reverse("voice:check", args=[token])).content)
    assert f"1. {ANSWERED}" in check and REWORDED not in check


def test_statements_changed_while_answering_change_nothing_in_the_round(client, feedback_round):
    """An admin removes and rewords statements mid-way: all the round's 12 are stored."""
    token = feedback_round.token
    client.post(reverse("voice:who", args=[token]), {"answering_as": "carer"})
    for number, page in enumerate(pages_of(round_principles(feedback_round)), start=1):
        data = {f"answer_{p.pk}": "agree" for p in page}
        client.post(reverse("voice:questions", args=[token, number]), data)
    reword("NV-12", "")
    reword("NV-01")
    response = client.post(reverse("voice:check", args=[token]))
    assert response["Location"] == reverse("voice:sent", args=[token])
    assert FeedbackResponse.objects.get().answers.count() == 12


def test_the_assisted_form_asks_the_rounds_wording(client, feedback_round, people):
    """A member reads out the words the round opened with, not a later rewording."""
    reword("NV-01")
    client.force_login(people[Role.CONTRIBUTOR])
    page = _text(client.get(reverse("voice:assisted", args=[feedback_round.assessment_id])).content)
    assert ANSWERED in page and REWORDED not in page


def test_the_comments_page_shows_the_wording_commented_on(client, answered, people):
    """Comments are shown under the words people answered."""
    reword("NV-01")
    client.force_login(people[Role.VIEWER])
    page = _text(client.get(reverse("voice:comments", args=[answered.pk])).content)
    assert f"“{ANSWERED}”" in page and REWORDED not in page


def test_the_migration_fills_rounds_from_their_snapshot_or_the_current_text(signed_off_round):
    """A round closed for sign-off keeps the wording its figures were frozen with; any
    other round gets the statements' current text."""
    nv01 = Principle.objects.get(principle_set__slug="national-voices", code="NV-01")
    snapshot = {**signed_off_round.frozen_counts, "statements": {str(nv01.pk): "As signed off"}}
    rounds = FeedbackRound.objects.filter(pk=signed_off_round.pk)
    rounds.update(frozen_counts=snapshot, statements={})
    reword("NV-01")
    MIGRATION.fill_statements(apps, None)
    assert rounds.get().statements == {str(nv01.pk): "As signed off"}
    rounds.update(frozen_counts=None, statements={})
    MIGRATION.fill_statements(apps, None)
    filled = rounds.get().statement_texts
    assert len(filled) == 12 and filled[nv01.pk] == REWORDED
