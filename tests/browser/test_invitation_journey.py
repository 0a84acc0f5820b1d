"""A lead invites a contributor, who accepts by setting a password and chooses their emails;
password reset pages too.

Every page is checked with axe and at 320px (see audit.py), empty, with errors and done.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts import services
from accounts.models import Invitation
from notifications.models import Notice, NotificationPreference
from partnerships.models import Membership, Role

from .actions import expect_errors, heading, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INVITEE = "nia.jones@example.org"
NEW_PASSWORD = "correct-horse-battery-9"


def _path_of_link(body: str, path_start: str) -> str:
    return re.search(rf"https?://[^/\s]+({path_start}\S+/)", body)[1]


def test_a_lead_invites_a_contributor_who_accepts_with_a_password(page, check, people, partnership):
    # Someone who forgot their password asks for a reset link (the page says the same to all).
    page.goto("/sign-in/")
    heading(page, "Sign in")
    check("sign-in")
    page.get_by_role("link", name="Forgotten your password?").click()
    heading(page, "Reset your password")
    check("password-reset")
    page.get_by_role("button", name="Send reset link").click()
    expect_errors(page, ["Enter your email address"])
    check("password-reset-errors")
    page.get_by_label("Email address").fill("nobody@example.org")
    page.get_by_role("button", name="Send reset link").click()
    heading(page, "Check your email")
    check("password-reset-sent")

    # The lead opens the team page and invites a contributor, after forgetting the details.
    sign_in(page, check, "lead-user", "dashboard-lead")
    page.get_by_role("link", name=f"Team: members and invitations for {partnership.name}").click()
    heading(page, "Team")
    check("team")
    page.get_by_role("button", name="Send invitation").click()
    expect_errors(page, ["Enter their email address", "Select a role"])
    check("team-errors")
    page.get_by_label("Email address").fill(INVITEE)
    page.get_by_label("Contributor", exact=True).check()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"Invitation sent to {INVITEE}"
    )
    expect(page.get_by_role("button", name=f"Withdraw invitation to {INVITEE}")).to_be_visible()
    check("team-invited")
    sign_out(page, check)

    # The invitee follows the emailed link and creates their account.
    [message] = [m for m in mail.outbox if m.to == [INVITEE]]
    accept = _path_of_link(message.body, "/invitations/")
    page.goto(accept)
    heading(page, f"Join {partnership.name}")
    check("accept")
    page.get_by_label("Create a password").fill(NEW_PASSWORD)
    page.get_by_label("Confirm your password").fill("different-horse-battery-9")
    page.get_by_role("button", name="Create account and accept").click()
    expect_errors(
        page,
        ["Enter your name", "The passwords do not match. Enter the same password twice"],
    )
    check("accept-errors")
    page.get_by_label("Your name").fill("Nia Jones")
    page.get_by_label("Create a password").fill(NEW_PASSWORD)
    page.get_by_label("Confirm your password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Create account and accept").click()
    heading(page, "Your assessments")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"You are now a member of {partnership.name}"
    )
    check("accepted-dashboard")
    membership = Membership.objects.get(user__email=INVITEE)
    assert (membership.partnership, membership.role) == (partnership, Role.CONTRIBUTOR)
    assert Invitation.objects.get().accepted_by == membership.user

    # The new contributor turns off the weekly actions email.
    page.get_by_role("link", name="Email notifications").click()
    heading(page, "Email notifications")
    check("email-notifications")
    digest = page.get_by_label(Notice.ACTION_DIGEST.label)
    expect(digest).to_be_checked()
    digest.uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Your email notifications have been saved"
    )
    expect(page.get_by_label(Notice.ACTION_DIGEST.label)).not_to_be_checked()
    check("email-notifications-saved")
    assert not NotificationPreference.objects.get(user=membership.user).wants(Notice.ACTION_DIGEST)

    # The link works once only.
    sign_out(page, check)
    response = page.goto(accept)
    assert response is not None and response.status == 404
    heading(page, "This invitation link cannot be used")
    check("invitation-used")


def test_microsoft_sign_in_pages_when_configured(page, check, settings, partnership, people):
    # Configured, but the provider cannot be reached: the pages around the flow still pass.
    settings.OIDC_ENABLED = True
    settings.OIDC_ISSUER = "http://127.0.0.1:9"
    settings.OIDC_RP_CLIENT_ID = "client-id"
    settings.OIDC_RP_CLIENT_SECRET = "client-secret"
    settings.ROOT_URLCONF = "tests.oidc.urls"
    page.goto("/sign-in/")
    heading(page, "Sign in")
    check("sign-in-with-microsoft")
    page.get_by_role("button", name="Sign in with your Microsoft work account").click()
    heading(page, "Sorry, Microsoft sign-in is not working")
    check("microsoft-unavailable")
    page.goto("/sign-in/microsoft/callback/?error=access_denied")
    heading(page, "You cannot sign in with this Microsoft account")
    check("microsoft-not-finished")

    invitation = services.invitation_create(
        sender=people[Role.LEAD], partnership=partnership, email=INVITEE, role=Role.VIEWER
    )
    page.goto(f"/invitations/{invitation.token}/")
    heading(page, f"Join {partnership.name}")
    expect(
        page.get_by_role("button", name="Sign in with your Microsoft work account")
    ).to_be_visible()
    check("accept-with-microsoft")
