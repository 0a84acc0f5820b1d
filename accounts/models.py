"""The people who use the service.

Everyone signs in with their work email address; the username stays for
administrators' break-glass accounts and as a stable key in fixtures.
"""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower


class AccountManager(UserManager):
    def _create_user_object(self, username, email, password, **extra_fields):
        # Every account has an email address: people sign in with it.
        if not email or not email.strip():
            raise ValueError("Enter an email address for the account.")
        return super()._create_user_object(username, email.strip(), password, **extra_fields)

    def get_by_email(self, email: str):
        """The account with this email address, whatever its case."""
        return self.get(email__iexact=email.strip())


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

    @property
    def name(self) -> str:
        """The name to show: the display name, else first and last name, else ""."""
        return self.display_name or self.get_full_name()

    def clean(self):
        super().clean()
        self.email = type(self).objects.normalize_email(self.email).strip()
