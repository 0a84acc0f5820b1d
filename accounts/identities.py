"""Writes for Microsoft sign-in identities: the first sign-in links one to an account or
an invitation, every later one finds it.

The invitation rules are ``services``'s, so that an invitation accepted this way obeys
exactly what one accepted with a password does.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import services
from .emails import email_q
from .models import ExternalIdentity, Invitation

User = get_user_model()


def _identity_found(*, tenant: str, subject: str):
    return (
        ExternalIdentity.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(tenant=tenant, subject=subject)
        .first()
    )


def _identity_used(identity: ExternalIdentity, now):
    if not identity.user.is_active:
        raise ValidationError("This account has been disabled", code="inactive")
    identity.last_used_at = now
    identity.save(update_fields=["last_used_at"])
    return identity.user


@transaction.atomic
def external_identity_sign_in(
    *, tenant: str, subject: str, email: str, name: str, email_vouched: bool
):
    """The user a Microsoft identity signs in as, linking it on first use; else refused.

    Matched on the identity (tenant and object id). Unknown identities are linked only to
    an account or a pending invitation with the same email address, and only when
    ``email_vouched``: the address is known to be this person's (``oidc.email_vouched``),
    not merely one a directory's administrator typed. An invited person gets an account and
    every pending invitation is accepted; administrators' accounts are never linked this
    way. Anyone else is refused: a Microsoft account alone grants nothing.

    Two first sign-ins for one identity at once (two tabs, a double-clicked link) both find
    no identity; the second to link it (or to make the invited person's account) then breaks
    a unique constraint. Its work is undone and it tries once more, seeing what the first
    did: it signs in as the identity the first linked, or is refused as any later sign-in
    would be.
    """
    now = timezone.now()
    link = dict(tenant=tenant, subject=subject, email=email, name=name, vouched=email_vouched)
    try:
        with transaction.atomic():
            return _external_identity_link(**link, now=now)
    except IntegrityError:
        pass
    return _external_identity_link(**link, now=now)


def _external_identity_link(
    *, tenant: str, subject: str, email: str, name: str, vouched: bool, now
):
    identity = _identity_found(tenant=tenant, subject=subject)
    if identity is not None:
        return _identity_used(identity, now)
    if not vouched:
        raise ValidationError(
            "Your organisation's Microsoft account does not confirm your email address",
            code="unverified_email",
        )
    email = User.objects.normalize_email((email or "").strip())
    pending = (
        list(
            Invitation.objects.pending(now=now)
            .for_email(email)
            .select_for_update(of=("self",))
            .select_related("partnership", "invited_by")
        )
        if email
        else []
    )
    invitations = [i for i in pending if services.sender_may_still_grant(i)]
    # Locked, so that two first sign-ins with different identities for one account queue
    # here: the second then finds the identity the first linked, and is refused.
    user = (
        User.objects.select_for_update(of=("self",)).filter(email_q(email)).first()
        if email
        else None
    )
    if user is None and not invitations:
        if pending:
            # Invited, but by someone who may no longer offer the role: saying there is no
            # invitation would be wrong, and would not tell them to ask for a new one.
            raise services.sender_cannot_grant()
        raise ValidationError("There is no account or invitation for you", code="no_invitation")
    if user is not None:
        if not user.is_active:
            raise ValidationError("This account has been disabled", code="inactive")
        if user.is_staff or user.is_superuser:
            raise ValidationError(
                "Administrators sign in with their password", code="admin_account"
            )
        # Not this identity: a sign-in racing this one may have just linked it.
        if user.external_identities.exclude(tenant=tenant, subject=subject).exists():
            raise ValidationError(
                "Your account is linked to another Microsoft account", code="identity_mismatch"
            )
    else:
        # Entra ID allows names of 256 characters, longer than ours: cut, not refused, as
        # the person cannot change it here (and PostgreSQL would refuse it).
        name = name.strip()[: User._meta.get_field("display_name").max_length]
        user = services.user_create(email=invitations[0].email, display_name=name, password=None)
    ExternalIdentity.objects.create(
        user=user, tenant=tenant, subject=subject, email=email, created_at=now, last_used_at=now
    )
    for invitation in invitations:
        services.invitation_accept_locked(invitation, user)
    return user
