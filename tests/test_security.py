"""Production hardening: deploy checks, security headers, sign-in lockout, limits, health."""

import datetime
import os
import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.db import DatabaseError
from django.urls import reverse

from partnerships.models import Role

pytestmark = pytest.mark.django_db

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def test_deploy_checks_report_nothing_with_production_settings(tmp_path):
    """`manage.py check --deploy` finds no issue with production settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        # Where the SQLite default would live: a fresh clone has no var/ yet.
        DJANGO_VAR_DIR=str(tmp_path),
        DJANGO_SECRET_KEY="a-production-secret-" + "x7Gq2LmP9vRt4WzK8nBc3YdF6hJs1" * 2,
        DJANGO_ALLOWED_HOSTS="care.example.org",
        DJANGO_SETTINGS_MODULE="integrated_care.settings",
        SITE_URL="https://care.example.org",
    )
    result = _deploy_check(env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_checks_warn_when_email_links_would_point_at_the_server(tmp_path):
    """Without SITE_URL, `manage.py check --deploy` says links in emails point at itself."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "SITE_URL"}
    env.update(
        DJANGO_VAR_DIR=str(tmp_path),
        DJANGO_SECRET_KEY="a-production-secret-" + "x7Gq2LmP9vRt4WzK8nBc3YdF6hJs1" * 2,
        DJANGO_ALLOWED_HOSTS="care.example.org",
        DJANGO_SETTINGS_MODULE="integrated_care.settings",
    )
    result = _deploy_check(env)
    assert result.returncode == 1
    assert "integrated_care.W001" in result.stderr + result.stdout
    assert "Links in emails point at http://127.0.0.1:8000" in result.stderr + result.stdout


def _deploy_check(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def page_urls(draft):
    """One URL of each kind of page: public, sign-in, app, report, PDF, download, admin."""
    code = draft.ratings.first().principle.code
    return [
        reverse("accessibility"),
        reverse("login"),
        reverse("home"),
        reverse("principles:detail", args=["national-voices"]),
        reverse("assessments:principle", args=[draft.pk, code]),
        reverse("assessments:report", args=[draft.pk]),
        reverse("assessments:report_pdf", args=[draft.pk]),
        reverse("assessments:export", args=[draft.pk, "csv"]),
        reverse("admin:index"),
        reverse("health"),
        "/no-such-page/",
    ]


def test_every_page_type_sends_the_security_headers(client, people, page_urls):
    """HSTS, CSP without inline code, nosniff, referrer, framing and opener policies."""
    people[Role.LEAD].is_staff = True
    people[Role.LEAD].save()
    client.force_login(people[Role.LEAD])
    for url in page_urls:
        response = client.get(url, secure=True)
        assert response.status_code in {200, 302, 404}, url
        for header, value in HEADERS.items():
            assert response.headers.get(header) == value, (url, header)
        assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, url
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, url


def test_our_pages_have_no_inline_script_or_style(client, people, page_urls):
    """Nothing on our HTML pages needs inline script or style, so the CSP can forbid them."""
    client.force_login(people[Role.LEAD])
    for url in page_urls:
        response = client.get(url)
        if not response["Content-Type"].startswith("text/html") or url.startswith("/admin"):
            continue
        html = response.content.decode()
        assert "style=" not in html, url
        assert "<style" not in html, url
        scripts = html.split("<script")[1:]
        assert all(" src=" in tag.split(">", 1)[0] for tag in scripts), url


def test_plain_http_is_redirected_except_the_health_check(client, settings):
    """With HTTPS redirects on, pages redirect to HTTPS but the health check answers."""
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(reverse("login")).status_code == 301
    assert client.get(reverse("health")).status_code == 200


def test_health_check_reports_the_database(client):
    """The health check is public and says the database is reachable."""
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_health_check_fails_when_the_database_does_not_answer(client, monkeypatch):
    """When the database cannot be used the health check answers 503."""

    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr("integrated_care.health.connection.cursor", broken_cursor)
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_repeated_failed_sign_ins_lock_the_username(client, settings, django_user_model):
    """After 5 wrong passwords even the right one is refused for a while."""
    settings.AXES_ENABLED = True
    django_user_model.objects.create_user(
        "commissioner", "commissioner@example.org", password="the-right-password-1"
    )
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "commissioner", "password": "wrong"})
    response = client.post(url, {"username": "commissioner", "password": "the-right-password-1"})
    assert response.status_code == 429
    assert "Sign-in locked for now" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_different_username_is_not_locked(client, settings, django_user_model):
    """A lockout applies to the username that failed, not to everyone at that address."""
    settings.AXES_ENABLED = True
    django_user_model.objects.create_user(
        "someone-else", "someone-else@example.org", password="the-right-password-1"
    )
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "commissioner", "password": "wrong"})
    response = client.post(
        reverse("login"), {"username": "someone-else", "password": "the-right-password-1"}
    )
    assert response.status_code == 302


def test_behind_a_proxy_lockouts_count_each_clients_own_address(
    client, settings, django_user_model
):
    """With DJANGO_PROXY_COUNT=1, failures from one forwarded address lock out only it."""
    settings.AXES_ENABLED = True
    settings.FEEDBACK_PROXY_COUNT = 1
    django_user_model.objects.create_user(
        "commissioner", "commissioner@example.org", password="the-right-password-1"
    )
    url = reverse("login")
    proxy = {"REMOTE_ADDR": "10.0.0.5"}
    attacker = {**proxy, "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    colleague = {**proxy, "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "commissioner", "password": "wrong"}, **attacker)
    right = {"username": "commissioner", "password": "the-right-password-1"}
    assert client.post(url, right, **attacker).status_code == 429
    assert client.post(url, right, **colleague).status_code == 302
    assert AccessAttempt.objects.get().ip_address == "203.0.113.9"


def test_a_forged_forwarded_address_does_not_escape_a_lockout(client, settings, django_user_model):
    """Only the entry our proxy added counts: an address the client put first is ignored."""
    settings.AXES_ENABLED = True
    settings.FEEDBACK_PROXY_COUNT = 1
    django_user_model.objects.create_user(
        "commissioner", "commissioner@example.org", password="the-right-password-1"
    )
    url = reverse("login")
    for n in range(settings.AXES_FAILURE_LIMIT + 1):
        response = client.post(
            url,
            {"username": "commissioner", "password": "wrong"},
            REMOTE_ADDR="10.0.0.5",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.9",
        )
    assert response.status_code == 429


def test_sessions_expire_after_inactivity(signed_in_client):
    """Using the service renews the session (at most a minute late, see test_sessions.py),
    which lasts an hour of inactivity and is secure."""
    middleware = settings.MIDDLEWARE
    session_middleware = middleware.index("django.contrib.sessions.middleware.SessionMiddleware")
    assert middleware.index("integrated_care.sessions.IdleSessionMiddleware") > session_middleware
    assert settings.SESSION_REFRESH_SECONDS <= 60
    assert settings.SESSION_COOKIE_AGE <= 60 * 60
    response = signed_in_client.get(reverse("principles:list"))
    cookie = response.cookies["sessionid"]
    assert int(cookie["max-age"]) == settings.SESSION_COOKIE_AGE
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"


def test_short_and_common_passwords_are_refused():
    """Django's password validators apply, with a 12-character minimum."""
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ["short1", "password1234", "123456789012"]:
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("correct horse battery staple")


def test_oversized_requests_are_refused(client):
    """A request body over the limit is refused, not processed."""
    body = "username=" + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)
    response = client.post(reverse("login"), body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400


def test_another_case_of_the_email_address_does_not_escape_a_lockout(
    client, settings, django_user_model
):
    """The address in any case (and with spaces) is one account, with one count of failures."""
    settings.AXES_ENABLED = True
    django_user_model.objects.create_user(
        "viewer", "viewer@example.org", password="the-right-password-1"
    )
    url = reverse("login")
    for n in range(settings.AXES_FAILURE_LIMIT):
        typed = ("viewer@example.org", "Viewer@Example.org", " VIEWER@example.org ")[n % 3]
        client.post(url, {"username": typed, "password": "wrong"})
    right = {"username": "VIEWER@EXAMPLE.ORG", "password": "the-right-password-1"}
    response = client.post(url, right)
    assert response.status_code == 429 and "_auth_user_id" not in client.session


def test_the_lockout_page_gives_the_configured_time(client, settings, django_user_model):
    """DJANGO_LOCKOUT_MINUTES, not a fixed 15, is the time the page gives."""
    settings.AXES_ENABLED = True
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "someone@example.org", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "someone@example.org", "password": "x"})
    assert "you cannot sign in for 30 minutes." in " ".join(response.content.decode().split())


def test_the_fullest_principle_page_a_person_can_fill_is_within_the_request_limit(
    client, people, draft
):
    """Evidence and 50 actions at their limits, all emoji, save: the limit is not below them."""
    from urllib.parse import urlencode

    from assessments.rules import (
        ACTION_MAX_LENGTH,
        EVIDENCE_MAX_LENGTH,
        MAX_ACTIONS,
        OWNER_MAX_LENGTH,
        REASON_MAX_LENGTH,
    )
    from tests import builders
    from tests.formtools import management
    from tests.rating_posts import level_pk, principle_url, rating_post

    client.force_login(people["contributor"])
    rating = builders.rating_for(assessment=draft, code="NV-01")
    actions = {}
    for n in range(MAX_ACTIONS):
        actions |= {
            f"actions-{n}-description": "🙂" * ACTION_MAX_LENGTH,
            f"actions-{n}-owner": "🙂" * OWNER_MAX_LENGTH,
            f"actions-{n}-due_date_0": "31",
            f"actions-{n}-due_date_1": "3",
            f"actions-{n}-due_date_2": "2027",
            f"actions-{n}-status": "agreed",
        }
    data = rating_post(
        rating,
        "save_draft",
        answer=level_pk(draft, 2),
        evidence="🙂" * EVIDENCE_MAX_LENGTH,
        reason="🙂" * REASON_MAX_LENGTH,
        **management(total=MAX_ACTIONS),
        **actions,
    )
    body = urlencode(data)
    assert len(body) > 512 * 1024  # the old limit, which refused it
    response = client.post(
        principle_url(draft, "NV-01"), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 302
    assert builders.rating_for(assessment=draft, code="NV-01").actions.count() == MAX_ACTIONS
