"""Deleting a draft whose lead opened a people's feedback form: people's answers keep it,
said as the empty-draft rule, never as a missing permission; a form nobody has answered
goes with an otherwise empty draft."""

import pytest

from assessments.models import Assessment
from tests.test_admin_delete_refusals import RULE, assert_refused_plainly, delete_page, post_delete
from tests.voice_builders import respond
from voice.models import FeedbackResponse, FeedbackRound

pytestmark = pytest.mark.django_db


def test_a_draft_people_have_answered_is_kept_with_the_rule(
    admin_client_user, draft, feedback_round
):
    """Nobody rated it, but one person answered its form: the page lists the round with the
    rule, and posting deletes nothing."""
    respond(feedback_round=feedback_round)
    page = delete_page(admin_client_user, draft)
    assert_refused_plainly(page)
    assert f"{RULE}. Someone has rated or written in this draft (its ratings or" in page
    assert "or people have answered its feedback form" in page
    assert f"Feedback round: Feedback on {draft} (1 person has answered)" in page

    assert post_delete(admin_client_user, draft).status_code == 200
    assert Assessment.objects.filter(pk=draft.pk).exists()
    assert FeedbackResponse.objects.filter(round=feedback_round).count() == 1


def test_an_empty_draft_goes_with_the_form_nobody_answered(
    admin_client_user, draft, feedback_round
):
    """The page names no permission, and the draft and its unanswered round are deleted."""
    page = delete_page(admin_client_user, draft)
    assert "have permission to delete" not in page and RULE not in page
    assert post_delete(admin_client_user, draft).status_code == 302
    assert not Assessment.objects.filter(pk=draft.pk).exists()
    assert not FeedbackRound.objects.exists()
