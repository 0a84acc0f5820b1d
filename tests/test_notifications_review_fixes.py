"""Review fixes: task results hide queued emails, SITE_URL must work, emails expire."""

import datetime
import logging
import re
import smtplib

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.tasks import TaskContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts import services as accounts_services
from integrated_care.checks import SITE_URL_LOCAL, site_url_check
from notifications import tasks
from notifications.services import email_send
from notifications.tasks import email_deliver
from partnerships.models import Role
from tests.factories import UserFactory
from tests.fresh_django import run_django

pytestmark = pytest.mark.django_db

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
HELLO = {"subject": "Hello", "template": "assessment_signed_off", "context": {"url": "https://x/"}}


@pytest.fixture
def queued_reset(client, settings, django_capture_on_commit_callbacks):
    """A password reset email waiting in the database queue; returns the link's path."""
    settings.TASKS = DATABASE_BACKEND
    person = UserFactory(username="super", is_superuser=True, is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/password-reset/", {"email": person.email})
    task = DBTaskResult.objects.get()
    return task, re.search(r"/password-reset/\S+/", task.args_kwargs["kwargs"]["text"])[0]


@pytest.fixture
def view_everything_staff(client):
    """A staff member who may view every model in admin, and change none."""
    user = UserFactory(username="viewer-staff", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    client.force_login(user)
    return user


def test_task_result_pages_show_no_email_text(client, queued_reset, view_everything_staff):
    """Staff who may view task results see their status and times, never a queued email."""
    task, link = queued_reset
    pages = [
        reverse("admin:django_tasks_database_dbtaskresult_changelist"),
        reverse("admin:django_tasks_database_dbtaskresult_change", args=[task.pk]),
    ]
    for url in pages:
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 200
        assert "email_deliver" in page
        assert link not in page
        assert "Reset your password" not in page


def test_task_results_cannot_be_filtered_by_a_queued_email(
    client, queued_reset, view_everything_staff
):
    """Filtering the list by the tasks' arguments is refused, so no link can be guessed."""
    _, link = queued_reset
    url = reverse("admin:django_tasks_database_dbtaskresult_changelist")
    response = client.get(url, {"args_kwargs__icontains": link[:20]})
    assert response.status_code == 400


def test_site_url_without_a_scheme_stops_the_start():
    """SITE_URL=care.example.org is refused: email links need https:// or http://."""
    result = run_django(
        "print(1)", clear="DJANGO_", DJANGO_DEBUG="true", SITE_URL="care.example.org"
    )
    assert result.returncode != 0
    assert "SITE_URL must start with https:// or http://" in result.stderr


def test_a_wildcard_trusted_origin_is_not_used_for_email_links():
    """Without SITE_URL, a wildcard first trusted origin is refused as the email address."""
    result = run_django(
        "print(1)",
        clear="DJANGO_",
        DJANGO_DEBUG="true",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://*.example.org",
        SITE_URL="",
    )
    assert result.returncode != 0
    assert "Set SITE_URL to the address people use" in result.stderr
    assert "is a wildcard, which links cannot use" in result.stderr


@pytest.mark.parametrize(
    ("debug", "site_url", "warned"),
    [
        (False, "http://127.0.0.1:8000", True),
        (False, "http://localhost:8000", True),
        (False, "https://care.example.org", False),
        (True, "http://127.0.0.1:8000", False),
    ],
)
def test_deploy_check_warns_when_email_links_point_at_this_machine(
    settings, debug, site_url, warned
):
    """In production, a local SITE_URL (the default) is reported; in development it is not."""
    settings.DEBUG = debug
    settings.SITE_URL = site_url
    assert [message.id for message in site_url_check()] == ([SITE_URL_LOCAL] if warned else [])


def test_an_email_past_its_expiry_is_not_sent_and_is_logged(
    caplog, django_capture_on_commit_callbacks
):
    """An email whose expiry time has passed is logged as expired unsent, not sent."""
    expired = timezone.now() - datetime.timedelta(seconds=1)
    with caplog.at_level(logging.INFO), django_capture_on_commit_callbacks(execute=True):
        email_send(to=["pat@example.org"], expires_at=expired, **HELLO)
    assert mail.outbox == []
    assert any("expired unsent" in r.getMessage() for r in caplog.records)


def test_an_email_before_its_expiry_is_sent(django_capture_on_commit_callbacks):
    """An email with an expiry time still to come is sent as usual."""
    expires_at = timezone.now() + datetime.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        email_send(to=["pat@example.org"], expires_at=expires_at, **HELLO)
    assert [m.to for m in mail.outbox] == [["pat@example.org"]]


def test_a_naive_expiry_time_is_read_in_the_service_time_zone(
    settings, django_capture_on_commit_callbacks
):
    """A naive expiry time is queued with the service's time zone offset, and still sends."""
    settings.TASKS = DATABASE_BACKEND
    naive = timezone.make_naive(timezone.now() + datetime.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        email_send(to=["pat@example.org"], expires_at=naive, **HELLO)
    queued = DBTaskResult.objects.get().args_kwargs["kwargs"]["expires_at"]
    assert datetime.datetime.fromisoformat(queued) == timezone.make_aware(naive)


def test_a_retry_due_after_the_expiry_is_not_sent(settings, monkeypatch, caplog):
    """During a mail outage, the retry that comes after the link has expired sends nothing."""
    settings.TASKS = DATABASE_BACKEND
    refusals = []

    def refuse(self, messages):
        refusals.append(messages)
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    expires_at = (timezone.now() + datetime.timedelta(hours=1)).isoformat()
    first = email_deliver.enqueue(
        to="pat@example.org", subject="Hello", text="Hi", html="Hi", expires_at=expires_at
    )
    email_deliver.call(TaskContext(task_result=first), **first.kwargs)
    retry = DBTaskResult.objects.exclude(pk=first.id).get()
    assert retry.args_kwargs["kwargs"]["expires_at"] == expires_at

    later = timezone.now() + datetime.timedelta(hours=2)
    monkeypatch.setattr(tasks.timezone, "now", lambda: later)
    with caplog.at_level(logging.INFO):
        email_deliver.call(TaskContext(task_result=retry.task_result), **retry.task_result.kwargs)
    assert len(refusals) == 1
    assert DBTaskResult.objects.count() == 2
    assert any("expired unsent" in r.getMessage() for r in caplog.records)


def test_the_reset_email_expires_with_its_link(
    client, settings, django_capture_on_commit_callbacks
):
    """A password reset email is queued to expire when its link does, an hour on."""
    settings.TASKS = DATABASE_BACKEND
    person = UserFactory(username="pat")
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/password-reset/", {"email": person.email})
    queued = DBTaskResult.objects.get().args_kwargs["kwargs"]["expires_at"]
    lasts = datetime.datetime.fromisoformat(queued) - before
    timeout = datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    assert timeout <= lasts < timeout + datetime.timedelta(minutes=1)


def test_the_invitation_email_expires_with_its_invitation(
    settings, partnership, lead, django_capture_on_commit_callbacks
):
    """An invitation email still unsent when the invitation expires is never sent."""
    settings.TASKS = DATABASE_BACKEND
    with django_capture_on_commit_callbacks(execute=True):
        invitation = accounts_services.invitation_create(
            sender=lead, partnership=partnership, email="nia@example.org", role=Role.CONTRIBUTOR
        )
    queued = DBTaskResult.objects.get().args_kwargs["kwargs"]["expires_at"]
    assert datetime.datetime.fromisoformat(queued) == invitation.expires_at
