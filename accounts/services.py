"""Writes for accounts: invitations and the accounts made from them (Microsoft sign-in
identities: ``identities``).

Every rule is enforced here, for every caller (pages, Django admin, tests): who may offer
which role, one open invitation per person and partnership, single use, expiry. Refusals
are ``ValidationError`` with a ``code``; a sender with no right to invite at all gets
``PermissionDenied``.
"""

import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from notifications.emails import absolute_url
from notifications.services import email_send
from partnerships.models import Membership, Partnership, Role

from .emails import email_q
from .models import (
    INVITATION_VALID_FOR,
    Invitation,
    InvitationStatus,
    token_hash,
)
from .selectors import roles_grantable

User = get_user_model()

ROLE_DESCRIPTIONS = {
    Role.CONTRIBUTOR: "rate principles and write evidence and improvement actions",
    Role.LEAD: "start assessments, contribute to them and submit them for sign-off",
    Role.APPROVER: "record the board's sign-off of assessments",
    Role.VIEWER: "read assessments and reports",
}

UNUSABLE_MESSAGES = {
    InvitationStatus.ACCEPTED: ("This invitation has already been used", "used"),
    InvitationStatus.WITHDRAWN: ("This invitation has been withdrawn", "withdrawn"),
    InvitationStatus.EXPIRED: ("This invitation has expired", "expired"),
}

# Refusals meaning the link itself can no longer be used, whoever follows it.
UNUSABLE_CODES = {"used", "withdrawn", "expired", "sender_cannot_grant"}

# What the people managing the team are told when an invitation is no longer open: often
# their own second click, or the back button, so it says what happened, not "not found".
CLOSED_MESSAGES = {
    InvitationStatus.ACCEPTED: ("{email} had already accepted the invitation", "used"),
    InvitationStatus.WITHDRAWN: (
        "The invitation to {email} had already been withdrawn",
        "withdrawn",
    ),
}

# A resend this soon after the last email sends nothing: a double-click or a resubmitted
# page would otherwise send two emails, and the first one's link would not work.
RESEND_AFTER = timedelta(minutes=2)


def _new_token(invitation: Invitation, now) -> str:
    token = secrets.token_urlsafe(32)
    invitation.token_hash = token_hash(token)
    invitation.last_sent_at = now
    invitation.expires_at = now + INVITATION_VALID_FOR
    return token


def _invitation_email_send(invitation: Invitation, token: str) -> None:
    sender = invitation.invited_by
    email_send(
        to=[invitation.email],
        subject=f"You have been invited to join {invitation.partnership.name}",
        template="invitation",
        context={
            "partnership_name": invitation.partnership.name,
            "role": invitation.get_role_display().lower(),
            "role_description": ROLE_DESCRIPTIONS[invitation.role],
            "sender_name": (sender.name or sender.email) if sender else "An administrator",
            "accept_url": absolute_url(reverse("accounts:invitation_accept", args=[token])),
            "expires_on": date_format(timezone.localtime(invitation.expires_at), "j F Y"),
            "microsoft": settings.OIDC_ENABLED,
        },
        # Not sent once the link has stopped working (after a long mail outage).
        expires_at=invitation.expires_at,
    )


def _require_grantable(*, sender, partnership: Partnership, role: str) -> None:
    grantable = roles_grantable(sender=sender, partnership=partnership)
    if not grantable:
        raise PermissionDenied("You cannot invite people to this partnership.")
    if role not in grantable:
        labels = " and ".join(Role(r).label.lower() + "s" for r in grantable)
        raise ValidationError(f"You can only invite {labels}", code="role_not_allowed")


def invitation_check(*, sender, partnership: Partnership, email: str, role: str) -> str:
    """Refuse an invitation that breaks a rule; return the email address as it will be stored.

    Forms call it to show errors before anything is saved; ``invitation_create`` calls it
    again inside its transaction.
    """
    email = User.objects.normalize_email((email or "").strip())
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            "Enter an email address in the correct format, like name@example.org", code="invalid"
        ) from None
    if role not in Role.values:
        raise ValidationError("Select a role", code="invalid_role")
    _require_grantable(sender=sender, partnership=partnership, role=role)
    if Membership.objects.filter(email_q(email, "user__email"), partnership=partnership).exists():
        raise ValidationError(
            f"{email} is already a member of {partnership.name}", code="already_member"
        )
    if Invitation.objects.open().for_email(email).filter(partnership=partnership).exists():
        raise ValidationError(
            f"{email} has already been invited. Resend or withdraw that invitation instead",
            code="already_invited",
        )
    return email


@transaction.atomic
def invitation_create(*, sender, partnership: Partnership, email: str, role: str) -> Invitation:
    """Invite ``email`` to ``partnership`` as ``role`` and email them a link.

    The returned invitation has the link's secret in ``token``; only its hash is stored.
    """
    # One invitation at a time per partnership, so two leads cannot both invite someone.
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
    email = invitation_check(sender=sender, partnership=partnership, email=email, role=role)
    now = timezone.now()
    invitation = Invitation(
        email=email, partnership=partnership, role=role, invited_by=sender, created_at=now
    )
    token = _new_token(invitation, now)
    invitation.save()
    _invitation_email_send(invitation, token)
    invitation.token = token
    return invitation


def _lock_open(invitation: Invitation) -> Invitation:
    locked = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("partnership")
        .get(pk=invitation.pk)
    )
    if locked.accepted_at or locked.withdrawn_at:
        message, code = CLOSED_MESSAGES[locked.status]
        raise ValidationError(message.format(email=locked.email), code=code)
    return locked


@transaction.atomic
def invitation_resend(*, sender, invitation: Invitation) -> Invitation:
    """Email a new link (the old one stops working), valid for another 7 days.

    Refused with code ``sent_recently`` within ``RESEND_AFTER`` of the last email while
    its link still works.
    """
    invitation = _lock_open(invitation)
    _require_grantable(sender=sender, partnership=invitation.partnership, role=invitation.role)
    now = timezone.now()
    if invitation.expires_at > now and now - invitation.last_sent_at < RESEND_AFTER:
        minutes = int(RESEND_AFTER.total_seconds() // 60)
        raise ValidationError(
            f"The invitation to {invitation.email} was sent less than {minutes} minutes ago,"
            " so it has not been sent again. The link in that email still works",
            code="sent_recently",
        )
    token = _new_token(invitation, now)
    invitation.invited_by = sender
    invitation.save(update_fields=["token_hash", "last_sent_at", "expires_at", "invited_by"])
    _invitation_email_send(invitation, token)
    invitation.token = token
    return invitation


@transaction.atomic
def invitation_withdraw(*, sender, invitation: Invitation) -> Invitation:
    """Stop the invitation's link working."""
    invitation = _lock_open(invitation)
    _require_grantable(sender=sender, partnership=invitation.partnership, role=invitation.role)
    invitation.withdrawn_at = timezone.now()
    invitation.save(update_fields=["withdrawn_at"])
    return invitation


def sender_may_still_grant(invitation: Invitation) -> bool:
    """Whether the invitation's sender may still offer its role in its partnership.

    Checked again on acceptance: a lead who has since lost the role cannot still bring
    people in through an old invitation.
    """
    return invitation.invited_by is not None and invitation.role in roles_grantable(
        sender=invitation.invited_by, partnership=invitation.partnership
    )


def sender_cannot_grant() -> ValidationError:
    """The refusal for an invitation whose sender may no longer offer its role."""
    return ValidationError(
        "This invitation can no longer be used: ask for a new one", code="sender_cannot_grant"
    )


def invitation_accept_locked(invitation: Invitation, user) -> Membership:
    """Accept a locked invitation for ``user``, inside the caller's transaction; a role they
    already have is left alone."""
    if not sender_may_still_grant(invitation):
        raise sender_cannot_grant()
    membership, _ = Membership.objects.get_or_create(
        user=user, partnership=invitation.partnership, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> Membership:
    """Give ``user`` the invitation's role in its partnership. The link works once only.

    Someone who is already a member keeps the role they have.
    """
    invitation = (
        # Lock only the invitation row: PostgreSQL cannot lock the nullable side of the
        # outer join to invited_by.
        Invitation.objects.select_for_update(of=("self",))
        .select_related("partnership", "invited_by")
        .get(pk=invitation.pk)
    )
    if invitation.status != InvitationStatus.PENDING:
        message, code = UNUSABLE_MESSAGES[invitation.status]
        raise ValidationError(message, code=code)
    if not user.is_active:
        raise ValidationError("This account has been disabled", code="inactive")
    if user.email.strip().lower() != invitation.email.strip().lower():
        raise ValidationError(
            f"This invitation was sent to {invitation.email}, not to {user.email}",
            code="wrong_account",
        )
    return invitation_accept_locked(invitation, user)


def _username_for(email: str) -> str:
    # Usernames are for break-glass sign-in and fixtures; people never type this one.
    local = re.sub(r"[^\w.+-]", "", email.split("@")[0])[:100] or "user"
    return f"{local}-{secrets.token_hex(4)}"


def _account_exists() -> ValidationError:
    return ValidationError(
        "An account with this email address already exists: sign in to accept",
        code="account_exists",
    )


def _account_for(email: str) -> bool:
    return User.objects.filter(email_q(email)).exists()


def user_create(*, email: str, display_name: str, password: str | None):
    """A new account for ``email`` (no password: ``None``), inside the caller's transaction;
    refused if the address has one already. Callers: an invitation's form, a first
    Microsoft sign-in (``identities``)."""
    if _account_for(email):
        raise _account_exists()
    user = User(username=_username_for(email), email=email, display_name=display_name.strip())
    if password is None:
        user.set_unusable_password()
    else:
        password_validation.validate_password(password, user)
        user.set_password(password)
    user.save()
    return user


@transaction.atomic
def user_create_from_invitation(*, invitation: Invitation, display_name: str, password: str):
    """Make an account for the invitation's email address, and accept the invitation with it."""
    if not display_name.strip():
        raise ValidationError("Enter your name", code="name_required")
    # Locked before looking for an account: the same form sent twice (a double click, two
    # tabs) queues here, and the second finds the account the first made.
    invitation = Invitation.objects.select_for_update(of=("self",)).get(pk=invitation.pk)
    if invitation.status != InvitationStatus.PENDING:
        if invitation.status == InvitationStatus.ACCEPTED and _account_for(invitation.email):
            raise _account_exists()
        message, code = UNUSABLE_MESSAGES[invitation.status]
        raise ValidationError(message, code=code)
    try:
        # A savepoint: an account for the address made at the same moment another way (an
        # invitation to another partnership, a Microsoft sign-in) breaks the unique constraint.
        with transaction.atomic():
            user = user_create(email=invitation.email, display_name=display_name, password=password)
    except IntegrityError:
        if not _account_for(invitation.email):
            raise
        raise _account_exists() from None
    invitation_accept(invitation=invitation, user=user)
    return user
