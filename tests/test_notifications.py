"""Emails about assessments: who gets them, what they say, when they go, and opting out."""

import logging

import pytest
from django.core import mail
from django.db import DatabaseError, transaction
from django.urls import reverse

from notifications import selectors
from notifications.models import Notice, NotificationPreference
from notifications.services import email_send, preference_update
from partnerships.models import Role
from tests import builders
from tests.factories import member

pytestmark = pytest.mark.django_db

COMMENT = "Add evidence from carers <b>before</b> the board meets & say who was asked."


def _submit(draft, people, capture):
    builders.complete(user=people["lead"], assessment=draft)
    with capture(execute=True):
        return builders.submit(user=people["lead"], assessment=draft)


def _return(submitted, user, capture):
    with capture(execute=True):
        return builders.return_(user=user, assessment=submitted, comment=COMMENT)


def _html(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def test_submitting_emails_the_partnerships_approvers(
    draft, people, django_capture_on_commit_callbacks
):
    """Submission emails each approver, with a link to the assessment."""
    second = member(draft.service.partnership, Role.APPROVER, username="second-approver")
    _submit(draft, people, django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [people["approver"].email, second.email]
    )
    message = mail.outbox[0]
    assert message.subject == "Ready for sign-off: Discharge to assess 2026/27"
    link = f"http://127.0.0.1:8000{reverse('assessments:overview', args=[draft.pk])}"
    assert link in message.body
    assert f'href="{link}"' in _html(message)
    assert "Discharge to assess 2026/27 (Hospital discharge to assess)" in message.body


def test_each_person_gets_their_own_message(draft, people, django_capture_on_commit_callbacks):
    """Nobody sees the other recipients' addresses."""
    member(draft.service.partnership, Role.APPROVER, username="second-approver")
    _submit(draft, people, django_capture_on_commit_callbacks)
    assert [len(m.to) + len(m.cc) + len(m.bcc) for m in mail.outbox] == [1, 1]


def test_returning_emails_leads_and_contributors_with_the_comment(
    submitted, people, django_capture_on_commit_callbacks
):
    """A return emails the lead and contributors (not the approver who returned it)."""
    _return(submitted, people["approver"], django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [people["lead"].email, people["contributor"].email]
    )
    message = mail.outbox[0]
    assert message.subject == "Returned for changes: Discharge to assess 2026/27"
    assert COMMENT in message.body
    assert "carers &lt;b&gt;before&lt;/b&gt; the board meets &amp; say" in _html(message)


def test_the_person_who_acts_is_not_emailed(submitted, people, django_capture_on_commit_callbacks):
    """A lead who returns an assessment is not told about it; the contributor is."""
    _return(submitted, people["lead"], django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[people["contributor"].email]]


def test_signing_off_emails_every_member_with_a_link_to_the_report(
    submitted, people, django_capture_on_commit_callbacks
):
    """Sign-off emails every member but the approver who recorded it, linking to the report."""
    with django_capture_on_commit_callbacks(execute=True):
        builders.sign_off(user=people["approver"], assessment=submitted)
    expected = [people[role].email for role in (Role.CONTRIBUTOR, Role.LEAD, Role.VIEWER)]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(expected)
    message = mail.outbox[0]
    assert message.subject == "Signed off: Discharge to assess 2026/27"
    report = f"http://127.0.0.1:8000{reverse('assessments:report', args=[submitted.pk])}"
    assert report in message.body
    assert f'href="{report}"' in _html(message)


def test_emails_say_nothing_from_the_assessment_but_its_title_and_service(
    draft, people, django_capture_on_commit_callbacks
):
    """No evidence, sign-off details or principle text reach an inbox, in text or HTML."""
    submitted = _submit(draft, people, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        builders.sign_off(user=people["approver"], assessment=submitted)
    assert len(mail.outbox) == 4
    for message in mail.outbox:
        for body in (message.body, _html(message)):
            assert "Evidence for" not in body
            assert "HWB 2027/14" not in body
            assert "approved" not in body.lower()


def test_every_optional_email_links_to_the_email_notifications_page(
    submitted, people, django_capture_on_commit_callbacks
):
    """People can always find where to turn the email off."""
    _return(submitted, people["approver"], django_capture_on_commit_callbacks)
    page = f"http://127.0.0.1:8000{reverse('notifications:preferences')}"
    assert all(page in m.body and page in _html(m) for m in mail.outbox)


def test_nothing_is_queued_before_the_transaction_commits(
    draft, people, django_capture_on_commit_callbacks
):
    """The email is queued by an on-commit callback, not while the change is being saved."""
    builders.complete(user=people["lead"], assessment=draft)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        builders.submit(user=people["lead"], assessment=draft)
    assert mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert [m.to for m in mail.outbox] == [[people["approver"].email]]


def test_nothing_is_sent_for_a_change_that_is_rolled_back(
    draft, people, django_capture_on_commit_callbacks
):
    """A submission whose transaction fails sends no email."""
    builders.complete(user=people["lead"], assessment=draft)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        builders.submit(user=people["lead"], assessment=draft)
        raise RuntimeError("the request failed after submitting")
    assert callbacks == []
    assert mail.outbox == []


def test_people_who_turned_a_notice_off_do_not_get_it(
    draft, people, django_capture_on_commit_callbacks
):
    """An approver who turned off submission emails gets none; another approver still does."""
    second = member(draft.service.partnership, Role.APPROVER, username="second-approver")
    preference_update(user=people["approver"], wanted={Notice.ASSESSMENT_SIGNED_OFF})
    _submit(draft, people, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[second.email]]


def test_inactive_people_get_no_email(draft, people, django_capture_on_commit_callbacks):
    """An account that has been disabled is not emailed."""
    people["approver"].is_active = False
    people["approver"].save()
    _submit(draft, people, django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_a_failure_to_find_recipients_does_not_stop_the_submission(
    draft, people, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    """If working out who to email fails, the assessment is still submitted and it is logged."""

    def broken(**kwargs):
        raise DatabaseError("connection lost")

    monkeypatch.setattr(selectors, "users_to_notify", broken)
    submitted = _submit(draft, people, django_capture_on_commit_callbacks)
    submitted.refresh_from_db()
    assert submitted.state == "submitted"
    assert mail.outbox == []
    assert "Could not work out who to email" in caplog.text


def test_email_send_never_raises_for_a_missing_template(caplog):
    """A template that cannot be rendered is logged, and the caller carries on."""
    with caplog.at_level(logging.ERROR):
        email_send(to=["someone@example.org"], subject="Hello", template="no-such", context={})
    assert mail.outbox == []
    assert "template 'no-such' failed to render" in caplog.text


def test_email_send_sends_once_to_each_address_whatever_its_case(
    django_capture_on_commit_callbacks,
):
    """Addresses that differ only in case get one message; blank ones are skipped."""
    with django_capture_on_commit_callbacks(execute=True):
        email_send(
            to=["Pat@Example.org", "pat@example.org", " ", "sam@example.org"],
            subject="Signed off:\n a title",
            template="assessment_signed_off",
            context={"assessment_title": "A title"},
        )
    assert [m.to for m in mail.outbox] == [["Pat@Example.org"], ["sam@example.org"]]
    assert mail.outbox[0].subject == "Signed off: a title"


def test_plain_text_is_not_html_escaped(django_capture_on_commit_callbacks):
    """Names with ampersands or quotes read as written in the plain text part."""
    with django_capture_on_commit_callbacks(execute=True):
        email_send(
            to=["pat@example.org"],
            subject="Signed off",
            template="assessment_signed_off",
            context={"assessment_title": "Carers' support & respite"},
        )
    [message] = mail.outbox
    assert "Carers' support & respite" in message.body
    assert "Carers&#x27; support &amp; respite" in _html(message)


def test_the_email_notifications_page_shows_every_optional_email_ticked(client, people):
    """Everyone starts with every optional email on; essential ones are not offered."""
    client.force_login(people["viewer"])
    response = client.get(reverse("notifications:preferences"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1 class=\"govuk-heading-l\">Email notifications</h1>" in page
    assert page.count('class="govuk-checkboxes__input"') == len(Notice)
    assert page.count('checked="checked"') == len(Notice)
    assert "always email you about invitations and resetting your password" in page


def test_unticking_an_email_turns_it_off(client, people):
    """Saving the page with boxes unticked stores the choice for that person only."""
    client.force_login(people["lead"])
    response = client.post(
        reverse("notifications:preferences"), {"wanted": [Notice.ASSESSMENT_SIGNED_OFF]}
    )
    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=people["lead"])
    assert [n for n in Notice if preference.wants(n)] == [Notice.ASSESSMENT_SIGNED_OFF]
    assert not NotificationPreference.objects.filter(user=people["viewer"]).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Your email notifications have been saved" in page
    assert page.count('checked="checked"') == 1


def test_unticking_every_box_turns_every_optional_email_off(client, people):
    """A form with nothing ticked is valid and turns everything optional off."""
    client.force_login(people["lead"])
    client.post(reverse("notifications:preferences"), {})
    preference = NotificationPreference.objects.get(user=people["lead"])
    assert not any(preference.wants(n) for n in Notice)


def test_an_unknown_choice_is_refused(client, people):
    """A tampered value is an error on the page, and nothing is saved."""
    client.force_login(people["lead"])
    response = client.post(reverse("notifications:preferences"), {"wanted": ["invitation"]})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not NotificationPreference.objects.filter(user=people["lead"]).exists()


def test_the_header_links_to_the_email_notifications_page(client, people):
    """Signed-in people can find the page from every page's header."""
    client.force_login(people["contributor"])
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("notifications:preferences")}"' in page
