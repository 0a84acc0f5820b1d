"""The people who use the service.

Everyone signs in with their work email address (with a password or a Microsoft
work account); the username stays for administrators' break-glass accounts and as a
stable key in fixtures. People join a partnership by accepting an invitation.
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from partnerships.models import Role

from .emails import email_q


class AccountManager(UserManager):
    def _create_user_object(self, username, email, password, **extra_fields):
        # Every account has an email address: people sign in with it.
        if not email or not email.strip():
            raise ValueError("Enter an email address for the account.")
        return super()._create_user_object(username, email.strip(), password, **extra_fields)

    def get_by_email(self, email: str):
        """The account with this email address, whatever its case."""
        return self.get(email_q(email))


class User(AbstractUser):
    email = models.EmailField(
        "email address",
        help_text="Their work email address. They sign in with it; no two people share one.",
    )
    display_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="How their name is shown to others, for example in the history of changes.",
    )

    objects = AccountManager()

    REQUIRED_FIELDS = ["email"]

    class Meta:
        verbose_name = "user"
        verbose_name_plural = "users"
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="unique_email_ignoring_case",
                violation_error_message="An account with this email address already exists",
                violation_error_code="email_taken",
            ),
            models.CheckConstraint(
                condition=~models.Q(email=""),
                name="email_required",
                violation_error_message="Enter an email address",
            ),
        ]

    def __str__(self):
        # Admin pickers show this: the email address tells apart people with one name.
        identifier = self.email or self.username
        return f"{self.name} ({identifier})" if self.name else identifier

    def natural_key(self):
        return (self.username,)

    def get_short_name(self):
        # Django admin greets people with this (and its history pages name them so); invited
        # people have a name, and a generated username ("new.person-c358a3fb") nobody chose.
        # An administrator made with createsuperuser has only the username they chose.
        return self.name or self.username

    @property
    def name(self) -> str:
        """The name to show: the display name, else first and last name, else ""."""
        return self.display_name or self.get_full_name()

    def clean(self):
        super().clean()
        self.email = type(self).objects.normalize_email(self.email).strip()


# How long an invitation link works for.
INVITATION_VALID_FOR = timedelta(days=7)


def token_hash(token: str) -> str:
    """What is stored for a secret link token: its SHA-256, so a database leak reveals no link."""
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a reply"
    EXPIRED = "expired", "Expired"
    ACCEPTED = "accepted", "Accepted"
    WITHDRAWN = "withdrawn", "Withdrawn"


class InvitationQuerySet(models.QuerySet):
    def open(self):
        """Neither accepted nor withdrawn: waiting for a reply, or expired and resendable."""
        return self.filter(accepted_at__isnull=True, withdrawn_at__isnull=True)

    def pending(self, *, now=None):
        """Open and not expired: the link still works."""
        return self.open().filter(expires_at__gt=now or timezone.now())

    def for_email(self, email: str):
        return self.filter(email_q(email))


class Invitation(models.Model):
    """An offer of a role in a partnership, sent by email as a one-time link.

    Only a hash of the link's token is stored. Services in ``accounts.services`` are the
    only way to create, resend, withdraw or accept one.
    """

    email = models.EmailField("email address")
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="invitations_sent",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_accepted",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One open invitation per person and partnership: resend it rather than invite again.
            models.UniqueConstraint(
                Lower("email"),
                "partnership",
                condition=models.Q(accepted_at__isnull=True, withdrawn_at__isnull=True),
                name="one_open_invitation_per_partnership",
                violation_error_message="This person has already been invited to the partnership",
                violation_error_code="already_invited",
            ),
        ]

    def __str__(self):
        return f"{self.email}: {self.get_role_display()}, {self.partnership}"

    @property
    def status(self) -> InvitationStatus:
        if self.accepted_at:
            return InvitationStatus.ACCEPTED
        if self.withdrawn_at:
            return InvitationStatus.WITHDRAWN
        if self.expires_at <= timezone.now():
            return InvitationStatus.EXPIRED
        return InvitationStatus.PENDING

    def get_status_display(self) -> str:
        return self.status.label


class ExternalIdentity(models.Model):
    """A sign-in identity at an OpenID Connect provider (Microsoft Entra ID), linked to a user.

    People are matched on the provider's stable identifiers, never on their email address
    alone: for Microsoft, the tenant (``tid``) and object id (``oid``); for other providers,
    the issuer and subject (``sub``).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_identities"
    )
    tenant = models.CharField(
        max_length=255, help_text="Microsoft tenant id (tid), or the issuer for other providers."
    )
    subject = models.CharField(
        max_length=255, help_text="Microsoft object id (oid), or the subject for other providers."
    )
    email = models.EmailField(
        "email address at first sign-in", blank=True, help_text="For people reading admin only."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "Microsoft sign-in"
        verbose_name_plural = "Microsoft sign-ins"
        constraints = [
            models.UniqueConstraint(fields=["tenant", "subject"], name="one_user_per_identity")
        ]

    def __str__(self):
        return f"{self.email or self.subject} ({self.tenant})"
