"""Forms for inviting people, accepting an invitation and resetting a password (GOV.UK style).

Forms check what a person typed and give coded errors; the services in
``accounts.services`` enforce the same rules again for every caller.
"""

from datetime import timedelta

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import HTML, Button, Field, Layout, Size
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm, SetPasswordMixin
from django.urls import reverse
from django.utils import timezone

from integrated_care.form_helper import ONCE, FormHelper
from notifications.emails import absolute_url
from notifications.services import email_send
from partnerships.models import Role

from .services import ROLE_DESCRIPTIONS

PASSWORD_HINT = "Use at least 12 characters. Avoid common passwords and words like your name."  # noqa: S105
PASSWORD_MISMATCH = "The passwords do not match. Enter the same password twice"  # noqa: S105
# The longest email address there can be (RFC 5321), as on the sign-in form.
EMAIL_MAX_LENGTH = 254
EMAIL_TOO_LONG = f"Email address must be {EMAIL_MAX_LENGTH} characters or fewer"
EMAIL_INVALID = "Enter an email address in the correct format, like name@example.org"


def _password_fields(label: str, confirm_label: str) -> tuple[forms.CharField, forms.CharField]:
    first, second = SetPasswordMixin.create_password_fields(label, confirm_label)
    first.help_text = PASSWORD_HINT
    second.help_text = ""
    first.error_messages["required"] = "Enter a password"
    second.error_messages["required"] = "Enter the password again to confirm it"
    return first, second


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        help_text="Their work email address. The invitation link is sent to it.",
        max_length=EMAIL_MAX_LENGTH,
        error_messages={
            "required": "Enter their email address",
            "invalid": EMAIL_INVALID,
            "max_length": EMAIL_TOO_LONG,
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    role = forms.ChoiceField(
        label="Role",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select a role",
            "invalid_choice": "Select one of the roles you can offer",
        },
    )

    def __init__(self, *args, roles: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [
            Choice(role, Role(role).label, hint=f"Can {ROLE_DESCRIPTIONS[role]}.") for role in roles
        ]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("email", field_width=30, label_size=Size.SMALL),
            Field.radios("role", legend_size=Size.SMALL),
            Button("invite", "Send invitation", **ONCE),
        )


# The account a new password is for, as password managers look for it: a hidden box with
# autocomplete="username" beside the new password, so the password is saved against the
# email address and filled in on the sign-in page later. It has no name, so it is never
# sent, and "hidden" keeps it out of view, the tab order and screen readers. The address
# comes from the form (``account_email``), escaped by the template like any other value.
ACCOUNT_FOR_PASSWORD_MANAGERS = HTML(
    '<input type="email" autocomplete="username" value="{{ form.account_email }}" hidden>'
)


class AcceptInvitationForm(SetPasswordMixin, forms.Form):
    """A new account's name and password, checked against Django's password validators."""

    error_messages = {"password_mismatch": PASSWORD_MISMATCH}

    display_name = forms.CharField(
        label="Your name",
        help_text="How your name is shown to others, for example in the history of changes.",
        max_length=200,
        error_messages={
            "required": "Enter your name",
            "max_length": "Your name must be 200 characters or fewer",
        },
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    password1, password2 = _password_fields("Create a password", "Confirm your password")

    def __init__(self, *args, invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation
        self.account_email = invitation.email
        self.helper = FormHelper()
        self.helper.layout = Layout(
            ACCOUNT_FOR_PASSWORD_MANAGERS,
            Field.text("display_name", field_width=30, label_size=Size.SMALL),
            Field.text("password1", field_width=20, label_size=Size.SMALL),
            Field.text("password2", field_width=20, label_size=Size.SMALL),
            Button("accept", "Create account and accept", **ONCE),
        )

    def clean(self):
        cleaned = super().clean()
        self.validate_passwords()
        # Checked against the name and email address, so neither can be the password.
        user = get_user_model()(
            email=self.invitation.email, display_name=cleaned.get("display_name", "")
        )
        # On the password itself, not (as Django puts them) on the box that confirms it.
        self.validate_password_for_user(user, "password1")
        return cleaned


class ResetRequestForm(PasswordResetForm):
    """Django's reset form, sending through the notifications app's queue."""

    email = forms.EmailField(
        label="Email address",
        max_length=EMAIL_MAX_LENGTH,
        error_messages={
            "required": "Enter your email address",
            "invalid": EMAIL_INVALID,
            "max_length": EMAIL_TOO_LONG,
        },
        widget=forms.EmailInput(
            attrs={"autocomplete": "email", "spellcheck": "false", "autocapitalize": "none"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("email", field_width=30, label_size=Size.SMALL),
            Button("send", "Send reset link"),
        )

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        # Queued rather than sent in the request: a slow mail server would otherwise tell
        # an attacker which addresses have accounts. Links use SITE_URL, never the Host header.
        to_email = args[1] if len(args) > 1 else kwargs["to_email"]
        path = reverse(
            "accounts:password_reset_confirm",
            kwargs={"uidb64": context["uid"], "token": context["token"]},
        )
        email_send(
            to=[to_email],
            subject="Reset your password",
            template="password_reset",
            context={
                "name": context["user"].name,
                "reset_url": absolute_url(path),
                "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
            },
            # A link that has stopped working is not sent late, after a mail outage.
            expires_at=timezone.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT),
        )


class NewPasswordForm(SetPasswordForm):
    """Django's set-password form with GOV.UK wording."""

    error_messages = {"password_mismatch": PASSWORD_MISMATCH}
    new_password1, new_password2 = _password_fields("New password", "Confirm new password")

    def validate_password_for_user(self, user, *args, **kwargs):
        # Django names the confirming box; what is wrong is the new password itself.
        super().validate_password_for_user(user, "new_password1")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # No user when the link is not valid: the page then shows no form at all.
        self.account_email = getattr(self.user, "email", "")
        self.helper = FormHelper()
        self.helper.layout = Layout(
            ACCOUNT_FOR_PASSWORD_MANAGERS,
            Field.text("new_password1", field_width=20, label_size=Size.SMALL),
            Field.text("new_password2", field_width=20, label_size=Size.SMALL),
            Button("save", "Change password"),
        )
