"""Sending the same answers twice (a double-click, two parallel posts) stores them once."""

import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from partnerships.models import Role
from tests.test_voice_public import answer_everything
from tests.voice_builders import answers_for, open_round, respond
from voice import services
from voice.models import FeedbackResponse
from voice.selectors import statement_principles

pytestmark = pytest.mark.django_db

KEY_FIELD = re.compile(r'name="submission_key" value="([^"]+)"')


@pytest.fixture
def feedback_round(draft, people):
    return open_round(user=people[Role.LEAD], assessment=draft)


def _ready_to_send(client, feedback_round) -> str:
    """Answer every part, open the check page and return its one-time key."""
    answer_everything(client, feedback_round, send=False)
    page = client.get(reverse("voice:check", args=[feedback_round.token]))
    assert page.status_code == 200
    match = KEY_FIELD.search(page.content.decode())
    assert match, "the check page sends a one-time key"
    return match.group(1)


def _send(client, feedback_round, key):
    return client.post(reverse("voice:check", args=[feedback_round.token]), {"submission_key": key})


def _restore_session(client, saved: dict) -> None:
    session = client.session
    session.clear()
    session.update(saved)
    session.save()


def test_the_check_page_sent_twice_at_once_stores_one_response(client, feedback_round):
    """Two posts that both read the answers from the session store one response; both thank."""
    key = _ready_to_send(client, feedback_round)
    before = dict(client.session.items())
    sent = reverse("voice:sent", args=[feedback_round.token])
    first = _send(client, feedback_round, key)
    _restore_session(client, before)  # the second post read the session before the first ended
    second = _send(client, feedback_round, key)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == sent
    assert FeedbackResponse.objects.count() == 1
    assert FeedbackResponse.objects.get().answers.count() == 12
    assert b"Your answers have been sent" in client.get(sent).content


def test_the_check_page_sent_again_after_the_first_ended_shows_the_thank_you_page(
    client, feedback_round
):
    """A second post with the same key after the answers were sent ends on the thank-you page."""
    key = _ready_to_send(client, feedback_round)
    sent = reverse("voice:sent", args=[feedback_round.token])
    assert _send(client, feedback_round, key)["Location"] == sent
    assert _send(client, feedback_round, key)["Location"] == sent
    assert FeedbackResponse.objects.count() == 1


def test_the_next_person_gets_a_new_key_and_a_second_response(client, feedback_round):
    """Each check page has its own key, so the next person's answers are stored too."""
    first_key = _ready_to_send(client, feedback_round)
    _send(client, feedback_round, first_key)
    second_key = _ready_to_send(client, feedback_round)
    assert second_key != first_key
    _send(client, feedback_round, second_key)
    assert FeedbackResponse.objects.count() == 2
    assert set(FeedbackResponse.objects.values_list("submission_key", flat=True)) == {
        first_key,
        second_key,
    }


def _create(feedback_round, key, **extra):
    return services.feedback_response_create(
        round_id=feedback_round.pk,
        answering_as="person",
        answers=answers_for(feedback_round=feedback_round),
        submission_key=key,
        **extra,
    )


def test_the_service_given_the_same_key_twice_returns_the_first_response(feedback_round):
    """The same key again returns the response already stored, with nothing new."""
    key = services.new_submission_key()
    first = _create(feedback_round, key)
    again = _create(feedback_round, key)
    assert again.pk == first.pk
    assert FeedbackResponse.objects.count() == 1
    assert first.answers.count() == 12
    assert _create(feedback_round, services.new_submission_key()).pk != first.pk


def test_a_key_stored_between_the_check_and_the_insert_returns_that_response(
    feedback_round, monkeypatch
):
    """If the unique key refuses the insert, the service returns the response that won."""
    key = services.new_submission_key()
    first = _create(feedback_round, key)
    real = services._response_with_key
    looked = []

    def missed_once(feedback_round, submission_key):
        looked.append(submission_key)
        return None if len(looked) == 1 else real(feedback_round, submission_key)

    monkeypatch.setattr(services, "_response_with_key", missed_once)
    with transaction.atomic():
        again = _create(feedback_round, key)
        assert again.pk == first.pk
        assert FeedbackResponse.objects.count() == 1  # the transaction is still usable
    assert len(looked) == 2


def test_the_database_allows_one_response_per_key_but_any_number_without(feedback_round):
    """Responses without a key (older ones) never clash; two with one key cannot be stored."""
    respond(feedback_round=feedback_round)
    respond(feedback_round=feedback_round)
    assert FeedbackResponse.objects.filter(submission_key="").count() == 2
    FeedbackResponse.objects.create(round=feedback_round, answering_as="person", submission_key="k")
    with pytest.raises(IntegrityError), transaction.atomic():
        FeedbackResponse.objects.create(
            round=feedback_round, answering_as="carer", submission_key="k"
        )


def _assisted_data(feedback_round, key) -> dict:
    data = {"answering_as": "person", "submission_key": key}
    for principle in statement_principles(feedback_round.assessment.principle_set):
        data[f"answer_{principle.pk}"] = "agree"
        data[f"comment_{principle.pk}"] = ""
    return data


def test_assisted_answers_saved_twice_store_one_response(client, feedback_round, people):
    """The assisted form posted twice with its key stores one response; both go to the round."""
    contributor = people[Role.CONTRIBUTOR]
    client.force_login(contributor)
    url = reverse("voice:assisted", args=[feedback_round.assessment_id])
    match = KEY_FIELD.search(client.get(url).content.decode())
    assert match, "the assisted form sends a one-time key"
    data = _assisted_data(feedback_round, match.group(1))
    overview = reverse("voice:overview", args=[feedback_round.assessment_id])
    assert client.post(url, data)["Location"] == overview
    assert client.post(url, data)["Location"] == overview
    stored = FeedbackResponse.objects.get()
    assert stored.assisted and stored.entered_by == contributor
    assert stored.answers.count() == 12
    next_key = KEY_FIELD.search(client.get(url).content.decode()).group(1)
    assert next_key != match.group(1)
    client.post(url, _assisted_data(feedback_round, next_key))
    assert FeedbackResponse.objects.count() == 2


def test_the_send_buttons_prevent_double_clicks(client, feedback_round, people):
    """GOV.UK Frontend ignores a second click on the check page's and assisted form's buttons."""
    _ready_to_send(client, feedback_round)
    check = client.get(reverse("voice:check", args=[feedback_round.token])).content.decode()
    assert re.search(r'<button[^>]*data-prevent-double-click="true"[^>]*>Send your answers', check)
    client.force_login(people[Role.CONTRIBUTOR])
    assisted = client.get(reverse("voice:assisted", args=[feedback_round.assessment_id]))
    assert re.search(
        r'<button[^>]*data-prevent-double-click="true"[^>]*>Save their answers',
        assisted.content.decode(),
    )
