"""Closing a feedback form from a page opened before another lead changed it: the close is
refused and the change shown (409), so a close never silently undoes a new closing date or a
reopening; closing a form that is already closed is no conflict."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from assessments.errors import OUT_OF_DATE_MESSAGE
from tests.test_voice_review_fixes import words
from voice import services
from voice.models import FeedbackRound
from voice.views.members import CLOSE_CONFLICT_MESSAGE, OWN_CLOSE_CONFLICT_MESSAGE

pytestmark = pytest.mark.django_db

LATER = timezone.localdate() + datetime.timedelta(days=60)


def _url(feedback_round) -> str:
    return reverse("voice:manage", args=[feedback_round.assessment_id])


def _close_version_on_page(client, feedback_round) -> int:
    """The version the page's "Close the form" button sends, read from its markup."""
    page = client.get(_url(feedback_round)).content.decode()
    close_form = page[page.index("Close the form now") :]
    return int(re.search(r'name="version" value="(\d+)"', close_form).group(1))


def _close(client, feedback_round, version):
    return client.post(_url(feedback_round), {"action": "close", "version": version})


def _fresh(feedback_round) -> FeedbackRound:
    return FeedbackRound.objects.get(pk=feedback_round.pk)


def test_the_close_button_sends_the_version_the_page_was_opened_at(client, feedback_round, leads):
    """Closing from a page as saved closes the form."""
    version = _close_version_on_page(client, feedback_round)
    assert version == feedback_round.version
    response = _close(client, feedback_round, version)
    assert response.status_code == 302
    assert _fresh(feedback_round).closed_at is not None


def test_a_close_after_another_lead_changed_the_date_is_refused_and_shown(
    client, feedback_round, leads
):
    """Sam moves the closing date; Priya's close from the older page is not carried out."""
    _, sam = leads
    version = _close_version_on_page(client, feedback_round)
    services.feedback_round_update(
        user=sam, round_id=feedback_round.pk, closes_on=LATER, expected_version=version
    )
    response = _close(client, feedback_round, version)
    assert response.status_code == 409
    saved = _fresh(feedback_round)
    assert saved.closed_at is None and saved.closes_on == LATER
    text = words(response)
    assert "The feedback form has not been closed" in text
    assert "Sam Second changed the closing date at" in text
    assert f"The form is open until the end of {LATER.day} {LATER:%B %Y}" in text
    assert "If the form should still close now, close it again." in text
    assert "The closing date you typed" not in text
    (error,) = response.context["form"].non_field_errors().as_data()
    assert (error.code, error.message) == ("conflict", CLOSE_CONFLICT_MESSAGE)
    # The form shows the date saved now, with no error of its own.
    assert response.context["form"]["closes_on"].value() == [LATER.day, LATER.month, LATER.year]
    assert "closes_on" not in response.context["form"].errors
    # The page drawn again carries the new version: closing again is a knowing choice.
    again = _close(client, feedback_round, _close_version_on_page(client, feedback_round))
    assert again.status_code == 302
    assert _fresh(feedback_round).closed_at is not None


def test_a_close_after_your_own_change_in_another_tab_says_it_was_you(
    client, feedback_round, leads
):
    """The same refusal, in the words for the lead's own earlier change."""
    priya, _ = leads
    version = _close_version_on_page(client, feedback_round)
    services.feedback_round_update(
        user=priya, round_id=feedback_round.pk, closes_on=LATER, expected_version=version
    )
    response = _close(client, feedback_round, version)
    assert response.status_code == 409
    (error,) = response.context["form"].non_field_errors().as_data()
    assert error.message == OWN_CLOSE_CONFLICT_MESSAGE
    assert "You changed the closing date at" in words(response)


def test_closing_a_form_another_lead_already_closed_is_no_conflict(client, feedback_round, leads):
    """The form is closed either way: Priya is told so, and Sam's close is kept."""
    _, sam = leads
    version = _close_version_on_page(client, feedback_round)
    closed = services.feedback_round_close(
        user=sam, round_id=feedback_round.pk, expected_version=version
    )
    response = _close(client, feedback_round, version)
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["The feedback form is closed"]
    saved = _fresh(feedback_round)
    assert (saved.closed_by, saved.closed_at, saved.version) == (
        sam,
        closed.closed_at,
        closed.version,
    )


@pytest.mark.parametrize("version", ["", "x", "-1", "0"])
def test_a_tampered_version_closes_nothing_and_says_the_page_was_out_of_date(
    client, feedback_round, leads, version
):
    """A version no page of ours sends is refused with a message the lead can act on."""
    response = _close(client, feedback_round, version)
    assert response.status_code == 302 and response.url == _url(feedback_round)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [OUT_OF_DATE_MESSAGE]
    assert _fresh(feedback_round).closed_at is None


def test_a_version_ahead_of_the_saved_one_closes_nothing(client, feedback_round, leads):
    """Only a broken page sends a version from the future: out of date, nothing closed."""
    response = _close(client, feedback_round, feedback_round.version + 5)
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [OUT_OF_DATE_MESSAGE]
    assert _fresh(feedback_round).closed_at is None


def test_the_service_refuses_a_stale_close_for_every_caller(feedback_round, leads):
    """The rule lives in the service: a stale version raises a conflict with the round."""
    priya, sam = leads
    version = feedback_round.version
    services.feedback_round_update(
        user=sam, round_id=feedback_round.pk, closes_on=LATER, expected_version=version
    )
    with pytest.raises(services.FeedbackConflict) as refused:
        services.feedback_round_close(
            user=priya, round_id=feedback_round.pk, expected_version=version
        )
    assert refused.value.current.version == version + 1
    assert _fresh(feedback_round).closed_at is None
