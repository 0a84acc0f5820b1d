"""Signed out after the idle limit: warned before, told after, and nothing typed is lost.

The warning's countdown itself runs in the browser: tests/browser/test_nothing_lost.py.
"""

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from integrated_care import unsaved
from integrated_care.session_timeout import idle_limit_text
from partnerships.models import Role
from tests import builders
from tests.formtools import management

pytestmark = pytest.mark.django_db

TYPED = "Typed just before the session ended: discharge audit, 9 of 10 plans."


def text(response) -> str:
    return html.unescape(response.content.decode())


def principle_url(assessment, code="NV-01") -> str:
    return reverse("assessments:principle", args=[assessment.pk, code])


def owner_token(client, assessment) -> str:
    """The token the principle page's form carries for the person it was made for."""
    page = client.get(principle_url(assessment)).content.decode()
    return re.search(r'name="unsaved_owner" value="([^"]+)"', page)[1]


def typed(assessment, token, **extra) -> dict:
    rating = builders.rating_for(assessment=assessment, code="NV-01")
    return {
        "answer": str(builders.level(assessment=assessment, value=4).pk),
        "evidence": TYPED,
        "not_applicable_reason": "",
        "version": str(rating.version),
        **management(total=1),
        "actions-0-status": "proposed",
        "unsaved_owner": token,
        "save_continue": "1",
        **extra,
    }


@pytest.fixture
def contributor(people):
    return people[Role.CONTRIBUTOR]


@pytest.fixture
def timed_out_post(client, draft, contributor):
    """The contributor's principle page posted after their session ended: the response."""
    client.force_login(contributor)
    token = owner_token(client, draft)
    client.logout()  # the idle limit passed: the session is gone
    return client.post(principle_url(draft), typed(draft, token))


def test_a_save_after_the_session_ended_keeps_the_answers_and_asks_to_sign_in(
    timed_out_post, draft
):
    """Nothing is saved; the person is sent to sign in, with a note that they timed out and
    a way back to the page that names the kept answers."""
    assert timed_out_post.status_code == 302
    location = urlsplit(timed_out_post["Location"])
    assert location.path == reverse("login")
    query = parse_qs(location.query)
    assert query["timed_out"] == ["1"]
    assert query["next"][0].startswith(principle_url(draft) + "?unsaved=")
    assert builders.rating_for(assessment=draft, code="NV-01").evidence == ""


def test_the_sign_in_page_says_why_from_the_idle_limit(client, settings, timed_out_post):
    """ "You were signed out after 60 minutes without using the service", from the setting,
    and that the unsaved answers will be put back."""
    page = text(client.get(timed_out_post["Location"]))
    assert "You were signed out after 60 minutes without using the service." in page
    assert "they will be put back in the form for you to check and save" in page

    settings.SESSION_COOKIE_AGE = 2 * 60 * 60
    page = text(client.get(reverse("login") + "?timed_out=1"))
    assert "You were signed out after 2 hours without using the service." in page
    assert "put back in the form" not in page


def test_after_signing_in_the_answers_are_back_in_the_form_not_saved(
    client, draft, contributor, timed_out_post
):
    """Signing in again lands on the page with the typed answers back in the form and a
    notice that they are not saved; saving them saves them, once."""
    sign_in_url = timed_out_post["Location"]
    next_url = parse_qs(urlsplit(sign_in_url).query)["next"][0]
    response = client.post(
        sign_in_url,
        {"username": contributor.email, "password": "a-long-password-1", "next": next_url},
    )
    assert response["Location"] == next_url

    response = client.get(next_url)

    assert response.status_code == 200
    page = text(response)
    assert "These answers are not saved yet: check them and save." in page
    assert f"{TYPED}</textarea>" in page
    assert response.context["form"]["answer"].value() == str(
        builders.level(assessment=draft, value=4).pk
    )
    assert builders.rating_for(assessment=draft, code="NV-01").evidence == ""

    data = {
        field.html_name: field.value() or ""
        for form in (response.context["form"], response.context["formset"].management_form)
        for field in form
    }
    data |= {"actions-0-status": "proposed", "save_draft": "1"}
    response = client.post(next_url, data)

    assert response.status_code == 302
    assert builders.rating_for(assessment=draft, code="NV-01").evidence == TYPED
    page = text(client.get(next_url))  # kept no longer
    assert TYPED in page  # as saved now
    assert "not saved yet" not in page


def test_nobody_else_gets_the_answers_back(client, draft, people, timed_out_post):
    """Someone else signing in with the same address sees only what is saved."""
    next_url = parse_qs(urlsplit(timed_out_post["Location"]).query)["next"][0]
    client.force_login(people[Role.LEAD])

    page = text(client.get(next_url))

    assert TYPED not in page
    assert "could not be put back" in page


def test_a_post_without_a_valid_token_is_not_kept(client, draft, contributor):
    """Only a page made for someone is kept for them: no token, or a forged one, signs in as
    usual and keeps nothing."""
    for token in ("", "1:forged:token"):
        response = client.post(principle_url(draft), typed(draft, token))
        location = urlsplit(response["Location"])
        assert location.path == reverse("login")
        assert "timed_out" not in parse_qs(location.query)


def test_a_timed_out_post_while_still_signed_in_is_put_back_not_saved(client, draft, contributor):
    """If the page's clock ran out but the session is still alive (another tab kept it), the
    answers come back unsaved instead of being saved by the warning's script."""
    client.force_login(contributor)
    token = owner_token(client, draft)

    response = client.post(principle_url(draft), typed(draft, token, app_timed_out="1"))

    assert response.status_code == 200
    assert "These answers are not saved yet" in text(response)
    assert TYPED in text(response)
    assert builders.rating_for(assessment=draft, code="NV-01").evidence == ""


def test_stay_signed_in_starts_the_idle_clock_again(client, contributor):
    """The warning's "Stay signed in" posts to keep-alive: 204, and the session is saved."""
    client.force_login(contributor)
    url = reverse("session_keep_alive")
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 204
    assert response.cookies["sessionid"]["max-age"] == 60 * 60
    client.logout()
    assert client.post(url).status_code == 302  # signed out: to sign in


def test_every_page_for_a_signed_in_person_carries_the_warning(client, settings, contributor):
    """The dialog is on every page for signed-in people, timed from the setting; it is not
    on pages for people who are not signed in."""
    settings.SESSION_COOKIE_AGE = 30 * 60
    page = client.get(reverse("login")).content.decode()
    assert "app-timeout-warning" not in page
    client.force_login(contributor)
    page = client.get(reverse("home")).content.decode()
    assert 'data-module="app-timeout-warning"' in page
    assert 'data-idle-seconds="1800"' in page
    assert 'data-warning-seconds="300"' in page
    assert "<script" not in page.split("app-timeout-warning", 1)[1].split("</dialog>")[0]


def test_the_warning_counts_from_when_the_session_was_last_refreshed(client, contributor):
    """The session is refreshed at most once a minute (integrated_care.sessions), so a page
    tells the warning how long is left: the full limit when this page refreshed it, less
    the time since the last refresh otherwise."""
    import time

    from integrated_care.sessions import REFRESHED_KEY

    client.force_login(contributor)
    assert 'data-seconds-left="3600"' in client.get(reverse("home")).content.decode()
    session = client.session
    session[REFRESHED_KEY] = int(time.time()) - 30
    session.save()
    page = client.get(reverse("home")).content.decode()
    left = int(re.search(r'data-seconds-left="([0-9]+)"', page)[1])
    assert 3568 <= left <= 3570


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (3600, "60 minutes"),
        (60, "1 minute"),
        (5400, "90 minutes"),
        (7200, "2 hours"),
        (43200, "12 hours"),
        (30, "30 seconds"),
        (90, "90 seconds"),
    ],
)
def test_the_idle_limit_in_words(seconds, words):
    """The limit is said as people would say it."""
    assert idle_limit_text(seconds) == words


def test_one_person_can_keep_answers_only_so_many_times(client, draft, contributor, settings):
    """Posted again and again with one token, answers are kept up to the limit, then not:
    that person signs in as usual and leaves nothing more in the cache."""
    client.force_login(contributor)
    token = owner_token(client, draft)
    client.logout()
    kept = []
    for _ in range(unsaved.MAX_KEPT_PER_PERSON + 2):
        location = urlsplit(client.post(principle_url(draft), typed(draft, token))["Location"])
        kept.append("timed_out" in parse_qs(location.query))
    assert kept == [True] * unsaved.MAX_KEPT_PER_PERSON + [False, False]


def test_a_post_larger_than_any_page_sends_is_not_kept(client, draft, contributor):
    """Evidence far past every limit is not kept: sign in as usual."""
    client.force_login(contributor)
    token = owner_token(client, draft)
    client.logout()
    huge = typed(draft, token, evidence="x" * (unsaved.MAX_KEPT_CHARACTERS + 1))
    location = urlsplit(client.post(principle_url(draft), huge)["Location"])
    assert location.path == reverse("login")
    assert "timed_out" not in parse_qs(location.query)


def test_answers_in_other_scripts_are_kept_by_their_length_as_typed(client, draft, contributor):
    """Evidence under the limit in characters is kept, however long its percent-encoding."""
    client.force_login(contributor)
    token = owner_token(client, draft)
    client.logout()
    evidence = "🙂ŵ" * (unsaved.MAX_KEPT_CHARACTERS // 4)  # about 2.4 times the limit encoded
    location = urlsplit(
        client.post(principle_url(draft), typed(draft, token, evidence=evidence))["Location"]
    )
    assert "timed_out" in parse_qs(location.query)
    back = urlsplit(parse_qs(location.query)["next"][0])
    client.force_login(contributor)
    page = client.get(f"{back.path}?{back.query}").content.decode()
    assert evidence in page
