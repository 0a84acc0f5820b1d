"""Emails about an assessment name its service in brackets only when the title does not
already say it: "Care at home 2026/27 has been signed off", not "… (Care at home) …"."""

import html

import pytest
from django.core import mail

from notifications.services import email_send

pytestmark = pytest.mark.django_db

TEMPLATES = {
    "assessment_submitted": "has been submitted for sign-off",
    "assessment_returned": "has been returned for changes",
    "assessment_signed_off": "has been signed off",
}


def _sent(template: str, title: str, service: str, on_commit) -> tuple[str, str]:
    """The plain text and HTML of the email sent, with the HTML's text unescaped."""
    with on_commit(execute=True):
        email_send(
            to=["pat@example.org"],
            subject="Subject",
            template=template,
            context={"assessment_title": title, "assessment_service": service, "url": "/x/"},
        )
    [message] = mail.outbox
    [(markup, _)] = message.alternatives
    return message.body, html.unescape(markup)


@pytest.mark.parametrize("template", TEMPLATES)
def test_a_title_that_names_the_service_is_not_followed_by_it(
    template, django_capture_on_commit_callbacks
):
    """The title "Care at home 2026/27" already names the service."""
    parts = _sent(
        template, "Care at home 2026/27", "Care at home", django_capture_on_commit_callbacks
    )
    for part in parts:
        assert f"Care at home 2026/27 {TEMPLATES[template]}" in part
        assert "(Care at home)" not in part


@pytest.mark.parametrize("template", TEMPLATES)
def test_a_title_that_does_not_name_the_service_gives_it_in_brackets(
    template, django_capture_on_commit_callbacks
):
    """A title such as "Discharge review" does not say the service, so the email adds it."""
    parts = _sent(
        template,
        "Discharge review",
        "Hospital discharge to assess",
        django_capture_on_commit_callbacks,
    )
    for part in parts:
        assert f"Discharge review (Hospital discharge to assess) {TEMPLATES[template]}" in part
