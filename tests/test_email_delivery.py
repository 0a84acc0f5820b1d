"""Delivery: the production email settings, a real SMTP server, retries, and the worker."""

import datetime
import json
import logging
import os
import smtplib
import socket
import subprocess
import sys
import tempfile
from email import message_from_bytes
from urllib.parse import quote

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from django.conf import settings
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.tasks import TaskContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from notifications.services import email_send
from notifications.tasks import RETRY_DELAYS, email_deliver

pytestmark = [
    pytest.mark.django_db,
    # The test server signs in without TLS, as only a server on this machine can.
    pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning"),
]

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
SIGNED_OFF = {
    "subject": "Signed off: Carers' support & respite",
    "template": "assessment_signed_off",
    "context": {
        "assessment_title": "Carers' support & respite",
        "assessment_service": "Short breaks",
        "url": "https://x.test/1/",
    },
}


class Inbox:
    """An SMTP server's handler that keeps what it receives and who signed in."""

    def __init__(self):
        self.envelopes = []
        self.logins = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        self.logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=(auth_data.login, auth_data.password) == (b"mailer", b"p@ss w"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    """A real SMTP server on this machine that requires a password (no TLS: it is local)."""
    inbox = Inbox()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=_free_port(),
        authenticator=inbox.authenticate,
        auth_required=True,
        auth_require_tls=False,
    )
    controller.start()
    inbox.url = f"smtp://mailer:{quote('p@ss w')}@127.0.0.1:{controller.port}?tls=false"
    yield inbox
    controller.stop()


def _run(args, **env):
    """Run Python in a fresh process with production settings and the given variables."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "EMAIL_"))}
    clean.update(
        # A fresh clone has no var/ folder for the default SQLite file: use a new one.
        DJANGO_VAR_DIR=tempfile.mkdtemp(prefix="delivery-test-"),
        DJANGO_SETTINGS_MODULE="integrated_care.settings",
        DJANGO_SECRET_KEY="a-test-secret-key-for-delivery-tests-x7Gq2LmP9vRt4WzK8nBc3",
        **env,
    )
    return subprocess.run(
        [sys.executable, *args],
        env=clean,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        timeout=120,
        check=False,
    )


def _mailer_settings(**env):
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.MAILERS['default'], default=str))"
    )
    result = _run(["-c", code], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_email_url_sends_through_a_real_smtp_server(smtp_server):
    """With EMAIL_URL set, email_send delivers over SMTP, signing in with the URL's password."""
    code = (
        "from notifications.services import email_send; "
        f"email_send(to=['pat@example.org'], **{SIGNED_OFF!r})"
    )
    result = _run(
        ["manage.py", "shell", "-c", code],
        EMAIL_URL=smtp_server.url,
        DEFAULT_FROM_EMAIL="Care service <care@example.org>",
        DJANGO_TASKS_BACKEND="immediate",
    )
    assert result.returncode == 0, result.stderr
    assert smtp_server.logins == [(b"mailer", b"p@ss w")]
    [envelope] = smtp_server.envelopes
    assert envelope.mail_from == "care@example.org"
    assert envelope.rcpt_tos == ["pat@example.org"]
    message = message_from_bytes(envelope.original_content)
    assert message["Subject"] == "Signed off: Carers' support & respite"
    parts = {part.get_content_type(): part for part in message.walk()}
    text = parts["text/plain"].get_payload(decode=True).decode()
    html = parts["text/html"].get_payload(decode=True).decode()
    assert "Carers' support & respite (Short breaks) has been signed off" in text
    assert 'href="https://x.test/1/"' in html


def test_email_url_chooses_tls_and_the_port():
    """smtp:// uses STARTTLS on 587 and smtps:// TLS on 465; a password can hold any character."""
    starttls = _mailer_settings(EMAIL_URL="smtp://me%40org:p%2Fw@mail.example.org")
    assert starttls["OPTIONS"] == {
        "host": "mail.example.org",
        "port": 587,
        "username": "me@org",
        "password": "p/w",
        "use_ssl": False,
        "use_tls": True,
        "timeout": 30,
    }
    ssl = _mailer_settings(EMAIL_URL="smtps://mail.example.org", EMAIL_TIMEOUT="5")["OPTIONS"]
    assert (ssl["port"], ssl["use_ssl"], ssl["use_tls"], ssl["timeout"]) == (465, True, False, 5)


def test_development_writes_email_to_files_and_production_needs_a_mail_server():
    """Without EMAIL_URL, debug writes files under var/mail/; production uses localhost:25."""
    development = _mailer_settings(DJANGO_DEBUG="true")
    assert development["BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
    assert development["OPTIONS"]["file_path"].endswith("mail")
    assert _mailer_settings()["OPTIONS"]["host"] == "localhost"


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("EMAIL_URL", "http://mail.example.org", "EMAIL_URL must look like smtp://"),
        ("DJANGO_TASKS_BACKEND", "redis", "DJANGO_TASKS_BACKEND must be database or immediate"),
    ],
)
def test_unreadable_settings_are_refused(variable, value, message):
    """A mistyped email URL or task backend stops the app with a clear message."""
    result = _run(["-c", "import django; django.setup()"], **{variable: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_production_queues_tasks_in_the_database():
    """With DEBUG off the default backend is the database queue that db_worker runs."""
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.TASKS['default']['BACKEND'])"
    )
    result = _run(["-c", code])
    assert result.stdout.strip().splitlines()[-1] == "django_tasks_db.DatabaseBackend"


@pytest.fixture
def flaky_mail_server(monkeypatch):
    """The outbox refuses the first ``failures`` messages, as a mail server that is down."""
    state = {"failures": 0, "attempts": 0}
    real_send = EmailBackend.send_messages

    def send_messages(self, messages):
        state["attempts"] += 1
        if state["attempts"] <= state["failures"]:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)
    return state


def test_a_failed_send_is_retried_and_logged(
    flaky_mail_server, caplog, django_capture_on_commit_callbacks
):
    """A message the server refuses twice is sent on the third attempt; each failure is logged."""
    flaky_mail_server["failures"] = 2
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        email_send(to=["pat@example.org"], **SIGNED_OFF)
    assert [m.to for m in mail.outbox] == [["pat@example.org"]]
    warnings = [r.getMessage() for r in caplog.records if r.name == "notifications.tasks"]
    assert len(warnings) == 2
    assert "not sent on attempt 1: trying again in 0:01:00" in warnings[0]


def test_a_send_that_keeps_failing_is_given_up_and_logged_as_an_error(
    flaky_mail_server, caplog, django_capture_on_commit_callbacks
):
    """After the last retry the failure is logged as an error, and the request is unaffected."""
    flaky_mail_server["failures"] = 100
    with django_capture_on_commit_callbacks(execute=True):
        email_send(to=["pat@example.org"], **SIGNED_OFF)
    assert mail.outbox == []
    assert flaky_mail_server["attempts"] == len(RETRY_DELAYS) + 1
    errors = [
        r for r in caplog.records if r.name == "notifications.tasks" and r.levelname == "ERROR"
    ]
    assert len(errors) == 1
    assert f"not sent after {len(RETRY_DELAYS) + 1} attempts: giving up" in errors[0].getMessage()


def test_the_database_queue_tries_again_later(settings, flaky_mail_server):
    """On the database backend a failed send is queued again, to run after a wait."""
    settings.TASKS = DATABASE_BACKEND
    flaky_mail_server["failures"] = 1
    result = email_deliver.enqueue(to="pat@example.org", subject="Hello", text="Hi", html="Hi")
    before = timezone.now()
    email_deliver.call(TaskContext(task_result=result), **result.kwargs)
    retry = DBTaskResult.objects.exclude(pk=result.id).get()
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert retry.run_after - before >= RETRY_DELAYS[0] - datetime.timedelta(seconds=1)
    assert mail.outbox == []


def _database_url() -> str:
    database = connection.settings_dict
    user = quote(database["USER"] or "")
    password = f":{quote(database['PASSWORD'])}" if database["PASSWORD"] else ""
    host = database["HOST"] or "127.0.0.1"
    return f"postgres://{user}{password}@{host}:{database['PORT'] or 5432}/{database['NAME']}"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="The worker runs in another process, which needs a database server to share.",
)
@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_what_a_request_queued_on_postgresql(settings, smtp_server):
    """A queued email waits in PostgreSQL until `manage.py db_worker` sends it over SMTP."""
    settings.TASKS = DATABASE_BACKEND
    email_send(to=["pat@example.org"], **SIGNED_OFF)
    task = DBTaskResult.objects.get()
    assert task.status == "READY"
    assert smtp_server.envelopes == []
    result = _run(
        ["manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
        DATABASE_URL=_database_url(),
        EMAIL_URL=smtp_server.url,
        DJANGO_TASKS_BACKEND="database",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert [e.rcpt_tos for e in smtp_server.envelopes] == [["pat@example.org"]]
