"""A lead's change to the people's voice round while the assessment is being signed off:
refused as signed off, so a signed-off report never changes after it.

The threaded tests hold the sign-off in its transaction once it has closed and frozen the
round (or found none), while the lead's change runs on its own connection
(``tests.held_locks``); they run on PostgreSQL only.
"""

import datetime

import pytest
from django.utils import timezone

from tests import builders
from tests.held_locks import InThread, Pause, succeeded, waits_on_a_lock
from tests.voice_builders import open_round, respond
from voice import services
from voice.models import FeedbackAnswer, FeedbackRound

pytestmark = pytest.mark.django_db

CLOSES_ON = timezone.localdate() + datetime.timedelta(days=10)


@pytest.fixture
def comment(submitted, people):
    """A comment, not marked to quote, in the open round of the submitted assessment."""
    feedback_round = open_round(user=people["lead"], assessment=submitted)
    respond(feedback_round=feedback_round, comments={"NV-01": "They listened to my mum."})
    return FeedbackAnswer.objects.exclude(comment="").get()


def lead_change(name, people, comment):
    """One of the lead's changes to the round, from a page opened before the sign-off."""
    lead = people["lead"]
    feedback_round = FeedbackRound.objects.get()
    changes = {
        "mark quotable": lambda: services.feedback_answer_mark_quotable(
            user=lead, answer_id=comment.pk, quotable=True
        ),
        "change closing date": lambda: services.feedback_round_update(
            user=lead,
            round_id=feedback_round.pk,
            closes_on=CLOSES_ON,
            expected_version=feedback_round.version,
        ),
        "close": lambda: services.feedback_round_close(
            user=lead, round_id=feedback_round.pk, expected_version=feedback_round.version
        ),
    }
    return changes[name]


def signing_off_held(monkeypatch, submitted, people):
    """The sign-off, started in its own thread and held once it has dealt with the round."""
    held = Pause(monkeypatch, "voice.services.feedback_round_close_for_sign_off")
    signing_off = InThread(lambda: builders.sign_off(user=people["approver"], assessment=submitted))
    assert held.reached.wait(timeout=30)
    return held, signing_off


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("change", ["mark quotable", "change closing date", "close"])
def test_a_lead_change_waiting_on_a_sign_off_is_refused_as_signed_off(
    postgres, monkeypatch, submitted, people, comment, change
):
    """The change waits for the sign-off holding the round, then sees it signed off."""
    call = lead_change(change, people, comment)
    held, signing_off = signing_off_held(monkeypatch, submitted, people)
    try:
        changing = InThread(call)
        waits_on_a_lock(changing)
    finally:
        held.go.set()
    succeeded(signing_off.outcome())
    refused = changing.outcome()
    assert isinstance(refused, services.FeedbackRefused), refused
    assert refused.code == "signed_off"
    assert not FeedbackAnswer.objects.get(pk=comment.pk).quotable


@pytest.mark.django_db(transaction=True)
def test_a_round_opened_during_a_sign_off_is_refused(postgres, monkeypatch, submitted, people):
    """Opened from a page loaded before the sign-off, while the sign-off is under way: it
    waits for the sign-off, then is refused, so no open round hangs off a signed-off
    assessment."""
    page_assessment = builders.reload(assessment=submitted)
    held, signing_off = signing_off_held(monkeypatch, submitted, people)
    try:
        opening = InThread(
            lambda: services.feedback_round_open(
                user=people["lead"], assessment=page_assessment, closes_on=CLOSES_ON
            )
        )
        waits_on_a_lock(opening)
    finally:
        held.go.set()
    succeeded(signing_off.outcome())
    refused = opening.outcome()
    assert isinstance(refused, services.FeedbackRefused), refused
    assert refused.code == "signed_off"
    assert not FeedbackRound.objects.exists()


def test_opening_a_round_reads_the_assessment_again(submitted, people):
    """Given the assessment as a page loaded it before the sign-off, opening is still
    refused: the service checks the assessment as saved, not as it was handed over."""
    page_assessment = builders.reload(assessment=submitted)
    builders.sign_off(user=people["approver"], assessment=submitted)
    with pytest.raises(services.FeedbackRefused) as refused:
        services.feedback_round_open(
            user=people["lead"], assessment=page_assessment, closes_on=CLOSES_ON
        )
    assert refused.value.code == "signed_off"
    assert not FeedbackRound.objects.exists()
