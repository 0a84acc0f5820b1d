"""Invitation services: who may invite whom, single use, expiry, and the email sent."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts import selectors, services
from accounts.models import Invitation, InvitationStatus, token_hash
from partnerships.models import Membership, Role
from tests.factories import PartnershipFactory, UserFactory, member

pytestmark = pytest.mark.django_db

C, L, A, V = Role.CONTRIBUTOR, Role.LEAD, Role.APPROVER, Role.VIEWER
EMAIL = "new.person@example.org"


@pytest.fixture
def lead(partnership):
    return member(partnership, L, username="lead", display_name="Lee Lead")


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


def _invite(sender, partnership, email=EMAIL, role=C):
    return services.invitation_create(
        sender=sender, partnership=partnership, email=email, role=role
    )


def _code(raised):
    return raised.value.code


def test_a_lead_may_offer_contributor_and_viewer_only(partnership, lead):
    """A lead cannot offer a role with more power than their own team needs."""
    assert selectors.roles_grantable(sender=lead, partnership=partnership) == [C, V]
    for role in (C, V):
        _invite(lead, partnership, email=f"{role}@example.org", role=role)
    for role in (L, A):
        with pytest.raises(ValidationError) as raised:
            _invite(lead, partnership, email=f"{role}@example.org", role=role)
        assert _code(raised) == "role_not_allowed"
    assert Invitation.objects.count() == 2


def test_an_admin_may_offer_any_role(partnership, admin_user):
    """Someone who may add memberships in admin may invite to any role in any partnership."""
    for role in Role.values:
        _invite(admin_user, partnership, email=f"{role}@example.org", role=role)
    assert set(Invitation.objects.values_list("role", flat=True)) == set(Role.values)


def test_staff_with_the_membership_permission_count_as_admins(partnership):
    """The admin right is the permission to add memberships, not a flag."""
    staff = UserFactory(username="staff", is_staff=True)
    with pytest.raises(PermissionDenied):
        _invite(staff, partnership)
    staff.user_permissions.add(Permission.objects.get(codename="add_membership"))
    staff = get_user_model().objects.get(pk=staff.pk)
    assert _invite(staff, partnership, role=A).role == A


@pytest.mark.parametrize("role", [C, A, V])
def test_other_members_cannot_invite(partnership, role):
    """Contributors, approvers and viewers cannot invite anyone."""
    sender = member(partnership, role)
    with pytest.raises(PermissionDenied):
        _invite(sender, partnership)


def test_a_lead_cannot_invite_to_another_partnership(partnership, lead):
    """Being a lead in one partnership gives no right in another."""
    other = PartnershipFactory()
    assert selectors.roles_grantable(sender=lead, partnership=other) == []
    with pytest.raises(PermissionDenied):
        _invite(lead, other)


def test_only_a_hash_of_the_token_is_stored(partnership, lead):
    """The link's secret is returned once and stored only as its SHA-256."""
    invitation = _invite(lead, partnership)
    assert len(invitation.token) >= 43
    saved = Invitation.objects.get(pk=invitation.pk)
    assert saved.token_hash == token_hash(invitation.token)
    assert invitation.token not in str(Invitation.objects.filter(pk=invitation.pk).values())
    assert selectors.invitation_by_token(invitation.token) == saved
    assert selectors.invitation_by_token(invitation.token + "x") is None


def test_the_invitation_lasts_7_days(partnership, lead):
    """It expires 7 days after it is sent."""
    invitation = _invite(lead, partnership)
    assert invitation.expires_at - invitation.last_sent_at == datetime.timedelta(days=7)
    assert invitation.status == InvitationStatus.PENDING


def test_the_invitee_gets_an_email_with_the_link(
    partnership, lead, settings, django_capture_on_commit_callbacks
):
    """The email names the partnership, role and sender and carries the one-time link."""
    settings.SITE_URL = "https://care.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        invitation = _invite(lead, partnership)
    [message] = mail.outbox
    assert message.to == [EMAIL]
    assert message.subject == f"You have been invited to join {partnership.name}"
    link = f"https://care.example.org/invitations/{invitation.token}/"
    assert link in message.body
    assert "Lee Lead has invited you" in message.body
    assert "as a contributor" in message.body
    assert "Microsoft" not in message.body  # offered only when Microsoft sign-in is configured
    assert link in message.alternatives[0][0]


def test_email_addresses_are_compared_in_any_case(partnership, lead):
    """An address already invited in another case is refused, and so is a member's."""
    _invite(lead, partnership, email="Sam.Smith@Example.org")
    with pytest.raises(ValidationError) as raised:
        _invite(lead, partnership, email="sam.smith@example.ORG")
    assert _code(raised) == "already_invited"
    member(partnership, V, email="Existing@example.org")
    with pytest.raises(ValidationError) as raised:
        _invite(lead, partnership, email="existing@EXAMPLE.org")
    assert _code(raised) == "already_member"


def test_a_badly_formed_address_is_refused(partnership, lead):
    """The service checks the address itself, whatever the caller."""
    with pytest.raises(ValidationError) as raised:
        _invite(lead, partnership, email="not an address")
    assert _code(raised) == "invalid"


def test_the_same_person_may_be_invited_to_two_partnerships(partnership, lead, admin_user):
    """One open invitation per person and partnership, not per person."""
    _invite(lead, partnership)
    _invite(admin_user, PartnershipFactory())
    assert Invitation.objects.for_email(EMAIL).count() == 2


def test_accepting_gives_the_role_once_only(partnership, lead):
    """The membership is made, and the link cannot be used again."""
    invitation = _invite(lead, partnership, role=V)
    user = UserFactory(email=EMAIL.upper())
    membership = services.invitation_accept(invitation=invitation, user=user)
    assert (membership.user, membership.partnership, membership.role) == (user, partnership, V)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    assert invitation.accepted_by == user
    with pytest.raises(ValidationError) as raised:
        services.invitation_accept(invitation=invitation, user=user)
    assert _code(raised) == "used"


def test_an_expired_invitation_cannot_be_accepted(partnership, lead):
    """After 7 days the link stops working."""
    invitation = _invite(lead, partnership)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    with pytest.raises(ValidationError) as raised:
        services.invitation_accept(invitation=invitation, user=UserFactory(email=EMAIL))
    assert _code(raised) == "expired"
    assert not Membership.objects.filter(user__email=EMAIL).exists()


def test_an_invitation_is_for_its_own_address_only(partnership, lead):
    """Someone signed in with another address cannot accept it."""
    invitation = _invite(lead, partnership)
    with pytest.raises(ValidationError) as raised:
        services.invitation_accept(invitation=invitation, user=UserFactory())
    assert _code(raised) == "wrong_account"


def test_an_existing_member_keeps_their_role(partnership, admin_user):
    """Accepting never changes a role someone already has (no demotion by invitation)."""
    invitation = _invite(admin_user, partnership, role=V)
    user = member(partnership, A, email=EMAIL)
    membership = services.invitation_accept(invitation=invitation, user=user)
    assert membership.role == A


def test_an_invitation_from_a_lead_who_lost_the_role_cannot_be_accepted(partnership, lead):
    """The sender's right is checked again when the invitation is accepted."""
    invitation = _invite(lead, partnership)
    Membership.objects.filter(user=lead).update(role=V)
    lead = get_user_model().objects.get(pk=lead.pk)
    with pytest.raises(ValidationError) as raised:
        services.invitation_accept(invitation=invitation, user=UserFactory(email=EMAIL))
    assert _code(raised) == "sender_cannot_grant"


def test_resending_replaces_the_link_and_the_expiry(
    partnership, lead, django_capture_on_commit_callbacks
):
    """The old link stops working; the new one lasts another 7 days."""
    invitation = _invite(lead, partnership)
    old_token = invitation.token
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(days=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        resent = services.invitation_resend(sender=lead, invitation=invitation)
    assert selectors.invitation_by_token(old_token) is None
    assert selectors.invitation_by_token(resent.token).status == InvitationStatus.PENDING
    [message] = mail.outbox
    assert resent.token in message.body


def test_withdrawing_stops_the_link(partnership, lead):
    """A withdrawn invitation can be neither accepted nor resent."""
    invitation = _invite(lead, partnership)
    services.invitation_withdraw(sender=lead, invitation=invitation)
    with pytest.raises(ValidationError) as raised:
        services.invitation_accept(invitation=invitation, user=UserFactory(email=EMAIL))
    assert _code(raised) == "withdrawn"
    with pytest.raises(ValidationError) as raised:
        services.invitation_resend(sender=lead, invitation=invitation)
    assert _code(raised) == "withdrawn"
    assert _invite(lead, partnership).pk != invitation.pk


def test_a_lead_cannot_resend_or_withdraw_an_admins_approver_invitation(
    partnership, lead, admin_user
):
    """Managing an invitation needs the right to offer its role."""
    invitation = _invite(admin_user, partnership, role=A)
    for service in (services.invitation_resend, services.invitation_withdraw):
        with pytest.raises(ValidationError) as raised:
            service(sender=lead, invitation=invitation)
        assert _code(raised) == "role_not_allowed"
    assert Invitation.objects.get(pk=invitation.pk).status == InvitationStatus.PENDING


def test_a_new_account_is_made_from_an_invitation(partnership, lead):
    """The account gets the invited address, the name given and a checked password."""
    invitation = _invite(lead, partnership)
    user = services.user_create_from_invitation(
        invitation=invitation, display_name=" Nia Jones ", password="a-long-password-1"
    )
    assert (user.email, user.display_name) == (EMAIL, "Nia Jones")
    assert user.check_password("a-long-password-1")
    assert re.fullmatch(r"new\.person-[0-9a-f]{8}", user.username)
    assert user.memberships.get().role == C


def test_a_new_account_needs_a_password_the_validators_accept(partnership, lead):
    """The service runs Django's password validators for every caller."""
    invitation = _invite(lead, partnership)
    with pytest.raises(ValidationError) as raised:
        services.user_create_from_invitation(
            invitation=invitation, display_name="Nia Jones", password="short"
        )
    assert "password_too_short" in [error.code for error in raised.value.error_list]
    assert not get_user_model().objects.filter(email=EMAIL).exists()


def test_no_second_account_for_an_address(partnership, lead):
    """Someone with an account accepts by signing in, not by making another."""
    invitation = _invite(lead, partnership)
    UserFactory(email=EMAIL.upper(), username="existing")
    with pytest.raises(ValidationError) as raised:
        services.user_create_from_invitation(
            invitation=invitation, display_name="Nia", password="a-long-password-1"
        )
    assert _code(raised) == "account_exists"
