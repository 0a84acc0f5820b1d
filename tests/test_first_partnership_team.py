"""A brand new partnership with only its lead: who can sign off, who adds leads and approvers,
and invitations that name every role with its article."""

import html

import pytest
from django.core import mail
from django.urls import reverse

from accounts import services
from partnerships.models import Role
from tests import builders
from tests.factories import PartnershipFactory, ServiceFactory, UserFactory, member

pytestmark = pytest.mark.django_db

NOBODY = (
    "Nobody in Westmoor Health and Wellbeing Board can record the board's decision yet. "
    "Ask your administrator to add an approver."
)


@pytest.fixture
def westmoor(principle_sets):
    return PartnershipFactory(name="Westmoor Health and Wellbeing Board", slug="westmoor")


@pytest.fixture
def only_lead(westmoor):
    """The partnership's only member."""
    return member(westmoor, Role.LEAD, username="westmoor-lead")


@pytest.fixture
def complete_draft(westmoor, only_lead):
    draft = builders.start(user=only_lead, service=ServiceFactory(partnership=westmoor))
    builders.complete(user=only_lead, assessment=draft)
    return draft


def text(client, user, name, *args) -> str:
    client.force_login(user)
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_check_your_answers_says_nobody_can_sign_off_before_the_lead_submits(
    client, only_lead, complete_draft
):
    """With no approver in the partnership, the lead is told before submitting."""
    page = text(client, only_lead, "assessments:check", complete_draft.pk)
    assert NOBODY in page
    assert "Submit for sign-off</button>" in page  # said, not refused


def test_the_submitted_page_promises_no_approver_when_there_is_none(
    client, only_lead, complete_draft
):
    """Not "An approver in … will record the board's decision": there is none."""
    builders.submit(user=only_lead, assessment=complete_draft)
    page = text(client, only_lead, "assessments:submitted", complete_draft.pk)
    assert NOBODY in page
    assert "An approver in" not in page


def test_an_inactive_approver_cannot_sign_off_either(client, westmoor, only_lead, complete_draft):
    """An approver whose account is switched off counts as nobody."""
    member(westmoor, Role.APPROVER, is_active=False)
    builders.submit(user=only_lead, assessment=complete_draft)
    assert NOBODY in text(client, only_lead, "assessments:submitted", complete_draft.pk)


def test_with_an_approver_the_pages_say_what_happens_next(
    client, westmoor, only_lead, complete_draft
):
    """An approver in the partnership: no warning before, the usual promise after."""
    member(westmoor, Role.APPROVER)
    assert "Nobody in" not in text(client, only_lead, "assessments:check", complete_draft.pk)
    builders.submit(user=only_lead, assessment=complete_draft)
    page = text(client, only_lead, "assessments:submitted", complete_draft.pk)
    assert "An approver in Westmoor Health and Wellbeing Board will record the board's" in page
    assert "Nobody in" not in page


def test_the_team_page_says_who_adds_leads_and_approvers(client, westmoor, only_lead):
    """A lead offers contributors and viewers only, and is told to ask an administrator for
    the other roles; with no approver, the page says nobody can sign off."""
    page = text(client, only_lead, "accounts:team", westmoor.slug)
    assert "To add a lead or an approver, ask your administrator." in page
    assert NOBODY in page


def test_an_administrator_is_not_told_to_ask_an_administrator(client, westmoor, only_lead):
    """Someone who may offer every role is told to invite an approver instead."""
    admin = member(westmoor, Role.VIEWER, username="admin", is_staff=True, is_superuser=True)
    page = text(client, admin, "accounts:team", westmoor.slug)
    assert "ask your administrator" not in page.lower()
    assert "can record the board's decision yet. Invite an approver." in page


def test_the_team_page_error_summary_is_at_the_top(client, westmoor, only_lead):
    """The error summary comes before the members table, and the title starts "Error: "."""
    client.force_login(only_lead)
    response = client.post(reverse("accounts:team", args=[westmoor.slug]), {"role": "viewer"})
    page = response.content.decode()
    assert "<title>Error: " in page
    summary = page.index("govuk-error-summary")
    assert summary < page.index("<h1") < page.index("Members of ")


@pytest.mark.parametrize(
    ("role", "worded"),
    [
        (Role.APPROVER, "an approver"),
        (Role.LEAD, "a lead"),
        (Role.CONTRIBUTOR, "a contributor"),
        (Role.VIEWER, "a viewer"),
    ],
)
def test_invitations_give_each_role_its_article(
    client, westmoor, django_capture_on_commit_callbacks, role, worded
):
    """The email (text and HTML) and the invitation page say "an approver", "a lead"."""
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            sender=admin, partnership=westmoor, email="new.person@example.org", role=role
        )
    [message] = mail.outbox
    for body in (message.body, html.unescape(message.alternatives[0][0])):
        assert f"as {worded}. As {worded} you can" in body
    page = html.unescape(
        client.get(reverse("accounts:invitation_accept", args=[invitation.token])).content.decode()
    )
    assert f"as {worded}.</p>" in page
