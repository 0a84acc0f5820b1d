"""Resending and withdrawing twice (a double-click, the back button) say what already happened."""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts import selectors, services
from accounts.models import Invitation, InvitationStatus
from partnerships.models import Role
from tests.factories import PartnershipFactory, UserFactory, member
from tests.same_moment import at_the_same_moment

pytestmark = pytest.mark.django_db

EMAIL = "new.person@example.org"


@pytest.fixture
def invitation(partnership, lead):
    return services.invitation_create(
        sender=lead, partnership=partnership, email=EMAIL, role=Role.CONTRIBUTOR
    )


def _sent(minutes_ago: int) -> None:
    Invitation.objects.update(last_sent_at=timezone.now() - datetime.timedelta(minutes=minutes_ago))


def _action(partnership, invitation, name):
    kwargs = {"partnership_slug": partnership.slug, "pk": invitation.pk}
    return reverse(f"accounts:invitation_{name}", kwargs=kwargs)


def _said(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_a_second_resend_moments_after_the_first_sends_nothing(
    client, partnership, lead, invitation, django_capture_on_commit_callbacks
):
    """A double-clicked Resend sends one email, whose link still works, and says so."""
    _sent(minutes_ago=10)
    client.force_login(lead)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(_action(partnership, invitation, "resend"), follow=True)
        second = client.post(_action(partnership, invitation, "resend"), follow=True)
    assert f"Invitation sent again to {EMAIL}" in _said(first)
    assert _said(second) == [
        f"The invitation to {EMAIL} was sent less than 2 minutes ago, so it has not been "
        "sent again. The link in that email still works"
    ]
    [message] = mail.outbox
    token = message.body.split("/invitations/", 1)[1].split("/", 1)[0]
    assert selectors.invitation_by_token(token).status == InvitationStatus.PENDING


def test_a_resend_after_the_short_wait_sends_a_new_link(partnership, lead, invitation):
    """Once the last email is a few minutes old, Resend works as before."""
    _sent(minutes_ago=2)
    resent = services.invitation_resend(sender=lead, invitation=invitation)
    assert selectors.invitation_by_token(invitation.token) is None
    assert selectors.invitation_by_token(resent.token).pk == invitation.pk


def test_the_service_refuses_a_resend_moments_after_the_last_email(partnership, lead, invitation):
    """Every caller (pages, Django admin) gets the refusal, with a code; the link is kept."""
    with pytest.raises(ValidationError) as raised:
        services.invitation_resend(sender=lead, invitation=invitation)
    assert raised.value.code == "sent_recently"
    assert selectors.invitation_by_token(invitation.token).status == InvitationStatus.PENDING


def test_withdrawing_twice_says_it_was_already_withdrawn(client, partnership, lead, invitation):
    """The second Withdraw goes back to the team page with a plain message, not "Page not found"."""
    client.force_login(lead)
    url = _action(partnership, invitation, "withdraw")
    client.post(url, follow=True)
    response = client.post(url, follow=True)
    assert response.redirect_chain == [(reverse("accounts:team", args=[partnership.slug]), 302)]
    assert _said(response) == [f"The invitation to {EMAIL} had already been withdrawn"]
    assert Invitation.objects.get().status == InvitationStatus.WITHDRAWN


def test_resending_an_accepted_invitation_says_it_was_accepted(
    client, partnership, lead, invitation
):
    """An invitation accepted meanwhile is not found no longer: the page says what happened."""
    services.invitation_accept(invitation=invitation, user=UserFactory(email=EMAIL))
    client.force_login(lead)
    response = client.post(_action(partnership, invitation, "resend"), follow=True)
    assert _said(response) == [f"{EMAIL} had already accepted the invitation"]


def test_another_partnerships_invitation_is_still_not_found(client, partnership, lead):
    """Only the lead's own partnership's invitations are answered for, open or not."""
    other = PartnershipFactory()
    admin = UserFactory(is_staff=True, is_superuser=True)
    elsewhere = services.invitation_create(
        sender=admin, partnership=other, email=EMAIL, role=Role.VIEWER
    )
    services.invitation_withdraw(sender=admin, invitation=elsewhere)
    client.force_login(lead)
    kwargs = {"partnership_slug": partnership.slug, "pk": elsewhere.pk}
    assert client.post(reverse("accounts:invitation_withdraw", kwargs=kwargs)).status_code == 404


def test_a_lead_who_cannot_manage_the_invitation_is_told_it_was_withdrawn(client, partnership):
    """Refusals still come from the service; a withdrawn one says so to any lead."""
    lead = member(partnership, Role.LEAD, username="second-lead")
    admin = UserFactory(is_staff=True, is_superuser=True)
    approver_invitation = services.invitation_create(
        sender=admin, partnership=partnership, email=EMAIL, role=Role.APPROVER
    )
    client.force_login(lead)
    url = _action(partnership, approver_invitation, "withdraw")
    assert _said(client.post(url, follow=True)) == ["You can only invite contributors and viewers"]
    services.invitation_withdraw(sender=admin, invitation=approver_invitation)
    assert _said(client.post(url, follow=True)) == [
        f"The invitation to {EMAIL} had already been withdrawn"
    ]


def test_the_team_pages_buttons_ask_the_browser_to_ignore_a_double_click(
    client, partnership, lead, invitation
):
    """GOV.UK Frontend ignores a second click on Resend and Withdraw within a second."""
    client.force_login(lead)
    page = client.get(reverse("accounts:team", args=[partnership.slug])).content.decode()
    for title in ("Resend", "Withdraw"):
        assert re.search(rf'<button[^>]*data-prevent-double-click="true"[^>]*>{title}<', page)


@pytest.mark.django_db(transaction=True)
def test_two_resends_at_the_same_moment_send_one_email(partnership, lead, invitation):
    """Of two resends at once (a double-click), one sends and the other finds it just sent."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("In-memory SQLite cannot hold two write transactions (see test_concurrency)")
    _sent(minutes_ago=10)
    outcomes = at_the_same_moment(
        {
            name: lambda: services.invitation_resend(sender=lead, invitation=invitation)
            for name in ("first", "second")
        }
    )
    sent = [o for o in outcomes.values() if isinstance(o, Invitation)]
    refused = [o for o in outcomes.values() if isinstance(o, ValidationError)]
    assert len(sent) == 1 and [error.code for error in refused] == ["sent_recently"], outcomes
    assert selectors.invitation_by_token(sent[0].token).status == InvitationStatus.PENDING
