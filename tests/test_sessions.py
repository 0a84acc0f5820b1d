"""The idle sign-out clock moves forward only when it needs to, not on every request."""

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from integrated_care import sessions

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    """The middleware's clock, set by the test in seconds since the epoch."""
    now = {"time": 1_900_000_000.0}
    monkeypatch.setattr(sessions.time, "time", lambda: now["time"])
    return now


def get(client, url=None):
    """A page as a signed-in person sees it, with the queries it made."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url or reverse("principles:list"))
    assert response.status_code == 200
    return response, [q["sql"] for q in queries]


def writes(queries) -> list[str]:
    return [q for q in queries if "django_session" in q and not q.startswith("SELECT")]


def test_the_first_request_after_signing_in_starts_the_idle_clock(signed_in_client, clock):
    """The session is saved and its cookie sent with the full idle limit."""
    response, queries = get(signed_in_client)
    assert writes(queries)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == settings.SESSION_COOKIE_AGE
    assert signed_in_client.session[sessions.REFRESHED_KEY] == int(clock["time"])


def test_requests_soon_after_write_nothing(signed_in_client, clock):
    """Within SESSION_REFRESH_SECONDS of the last save, a page neither writes nor resends
    the cookie."""
    get(signed_in_client)
    clock["time"] += settings.SESSION_REFRESH_SECONDS - 1
    response, queries = get(signed_in_client)
    assert writes(queries) == []
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_once_due_the_clock_moves_forward(signed_in_client, clock):
    """After SESSION_REFRESH_SECONDS the next request saves again, with a new expiry."""
    get(signed_in_client)
    clock["time"] += settings.SESSION_REFRESH_SECONDS
    before = timezone.now()
    response, queries = get(signed_in_client)
    assert writes(queries)
    assert int(response.cookies[settings.SESSION_COOKIE_NAME]["max-age"]) == (
        settings.SESSION_COOKIE_AGE
    )
    session = Session.objects.get(session_key=signed_in_client.session.session_key)
    expected = before + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert abs(session.expire_date - expected) < datetime.timedelta(seconds=30)


def test_a_clock_set_in_the_future_is_reset(signed_in_client, clock):
    """A stamp later than now (a server clock put back) counts as due, not as fresh."""
    get(signed_in_client)
    clock["time"] -= 3600
    _, queries = get(signed_in_client)
    assert writes(queries)


def test_a_session_saved_anyway_gets_a_new_stamp(rf, clock, django_user_model):
    """When a page changes the session itself, the idle clock moves with that save."""
    from django.contrib.auth import SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    request = rf.get("/")
    request.session = SessionStore()
    request.session.update({SESSION_KEY: "1", sessions.REFRESHED_KEY: int(clock["time"]) - 5})

    def page(request):
        request.session["answer"] = "kept"  # the page itself changes the session
        return None

    request.session.modified = False
    sessions.IdleSessionMiddleware(page)(request)
    assert request.session[sessions.REFRESHED_KEY] == int(clock["time"])


def test_people_who_are_not_signed_in_get_no_session(client, clock):
    """A health check or the sign-in page never creates a session row."""
    assert client.get(reverse("health")).status_code == 200
    assert client.get(reverse("login")).status_code == 200
    assert not Session.objects.exists()
    assert settings.SESSION_COOKIE_NAME not in client.cookies


def test_signing_out_does_not_leave_a_session_behind(signed_in_client, clock):
    """Signing out ends the session; the middleware does not make a new one."""
    get(signed_in_client)
    signed_in_client.post(reverse("logout"))
    assert not Session.objects.exists()


def test_an_idle_session_still_ends_at_the_limit(signed_in_client, clock, settings):
    """A session not used for the idle limit has expired, however often it was refreshed."""
    get(signed_in_client)
    key = signed_in_client.session.session_key
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = signed_in_client.get(reverse("principles:list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
