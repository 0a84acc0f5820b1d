"""The public feedback form keeps answers past the staff idle limit, and says when it lost them."""

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from partnerships.models import Role
from voice.models import FeedbackResponse
from voice.selectors import pages_of, statement_principles
from voice.views.public import ANSWERS_KEPT_SECONDS

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-password-1"  # every factory-made person's (tests/factories.py)

EARLIER_LOST = "Your earlier answers were not kept because the form was left for too long"
ALL_LOST = "Your answers were not kept because the form was left for too long"


def _pages(feedback_round):
    return pages_of(statement_principles(feedback_round.assessment.principle_set))


def _part(page, answer="agree", comment=""):
    data = {}
    for principle in page:
        data[f"answer_{principle.pk}"] = answer
        data[f"comment_{principle.pk}"] = comment
    return data


def _who(client, feedback_round, answering_as="carer"):
    return client.post(
        reverse("voice:who", args=[feedback_round.token]), {"answering_as": answering_as}
    )


def _post_part(client, feedback_round, number, **kwargs):
    page = _pages(feedback_round)[number - 1]
    url = reverse("voice:questions", args=[feedback_round.token, number])
    return client.post(url, _part(page, **kwargs))


def _end_every_session():
    """What the server sees once a session has run out: the cookie names nothing."""
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))


def _banner(client, feedback_round) -> str:
    return client.get(reverse("voice:who", args=[feedback_round.token])).content.decode()


def test_an_anonymous_persons_answers_outlast_the_staff_idle_limit(client, feedback_round):
    """Nobody signed in: the session lasts a day, so a page sent 2 hours later carries on."""
    response = _who(client, feedback_round)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == ANSWERS_KEPT_SECONDS > settings.SESSION_COOKIE_AGE
    assert _post_part(client, feedback_round, 1).status_code == 302
    later = timezone.now() + datetime.timedelta(hours=2)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: later)
        response = _post_part(client, feedback_round, 2)
    assert response["Location"] == reverse("voice:questions", args=[feedback_round.token, 3])


def test_a_signed_in_member_keeps_the_staff_idle_limit(client, feedback_round, people):
    """Signed in, the public form changes nothing about the sign-out, and says so."""
    client.force_login(people[Role.CONTRIBUTOR])
    start = client.get(reverse("voice:start", args=[feedback_round.token])).content.decode()
    assert "we keep them for 60 minutes after you last press Continue" in start
    _who(client, feedback_round)
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


def test_signing_in_after_answering_brings_back_the_idle_limit(client, feedback_round):
    """A session given a day on the public form gets the idle limit once someone signs in."""
    _who(client, feedback_round)
    assert client.session.get_expiry_age() == ANSWERS_KEPT_SECONDS
    user = feedback_round.opened_by
    response = client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == settings.SESSION_COOKIE_AGE
    latest = Session.objects.get(session_key=client.session.session_key).expire_date
    assert latest <= timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)


def test_the_start_page_says_how_long_answers_are_kept(client, feedback_round):
    """Plain words: how long answers wait if the person leaves, and what happens after."""
    html = client.get(reverse("voice:start", args=[feedback_round.token])).content.decode()
    assert (
        "If you leave the form before you send your answers, we keep them for 24 hours after "
        "you last press Continue. After that, you will need to start again."
    ) in html


def test_a_page_sent_after_the_session_ended_is_kept_and_the_loss_explained(client, feedback_round):
    """The page just sent is kept; the who page says why earlier answers went, then goes on."""
    assert "govuk-notification-banner" not in _banner(client, feedback_round)
    _who(client, feedback_round)
    _post_part(client, feedback_round, 1)
    _post_part(client, feedback_round, 2)
    _end_every_session()
    response = _post_part(client, feedback_round, 3, comment="Sent after a break")
    assert response["Location"] == reverse("voice:who", args=[feedback_round.token])
    html = _banner(client, feedback_round)
    assert EARLIER_LOST in html
    assert "We have kept the answers on the page you just sent." in html
    assert "Choose who is answering again, then continue." in html
    response = _who(client, feedback_round, "person")
    assert response["Location"] == reverse("voice:questions", args=[feedback_round.token, 1])
    assert "govuk-notification-banner" not in _banner(client, feedback_round)
    _post_part(client, feedback_round, 1)
    _post_part(client, feedback_round, 2)
    client.post(reverse("voice:check", args=[feedback_round.token]))
    stored = FeedbackResponse.objects.get()
    assert stored.answering_as == "person" and stored.answers.count() == 12
    last = {p.pk for p in _pages(feedback_round)[2]}
    kept = stored.answers.filter(comment="Sent after a break")
    assert set(kept.values_list("principle_id", flat=True)) == last
    # A page sent again from the browser's history after sending has nothing lost to explain.
    assert _post_part(client, feedback_round, 3)["Location"].endswith("/who/")
    assert "govuk-notification-banner" not in _banner(client, feedback_round)


def test_a_page_with_errors_sent_after_the_session_ended_shows_the_errors(client, feedback_round):
    """Validated as usual: the errors and what was typed, not a jump back to the start."""
    _who(client, feedback_round)
    _end_every_session()
    page = _pages(feedback_round)[1]
    data = _part(page, comment="Still here")
    del data[f"answer_{page[0].pk}"]
    response = client.post(reverse("voice:questions", args=[feedback_round.token, 2]), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors.as_data()[f"answer_{page[0].pk}"][0].code == "required"
    assert "Still here" in response.content.decode()


def test_sending_the_check_page_after_the_session_ended_says_why(client, feedback_round):
    """Nothing could be kept: the who page says so; nothing is stored."""
    _who(client, feedback_round)
    for number in range(1, len(_pages(feedback_round)) + 1):
        _post_part(client, feedback_round, number)
    _end_every_session()
    response = client.post(reverse("voice:check", args=[feedback_round.token]))
    assert response["Location"] == reverse("voice:who", args=[feedback_round.token])
    html = _banner(client, feedback_round)
    assert ALL_LOST in html
    assert "Choose who is answering again, then answer the sentences again." in html
    assert not FeedbackResponse.objects.exists()
