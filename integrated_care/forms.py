from crispy_forms_gds.layout import Button, Field, Layout, Size
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from accounts import oidc
from accounts.backends import is_disabled_account
from integrated_care.form_helper import FormHelper

# The longest email address there can be (RFC 5321), and Django's EmailField limit.
USERNAME_MAX_LENGTH = 254


class SignInForm(AuthenticationForm):
    """Django's sign-in form with GOV.UK wording and layout.

    The field keeps Django's name "username", so django-axes counts failed attempts
    against whatever was typed: an email address, or an administrator's username.
    """

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": (
            "Enter a correct email address and password. The password is case-sensitive."
        ),
        "inactive": "This account has been disabled. Contact your partnership's administrator.",
    }

    # Refusals of the sign-in as a whole, shown beside the email address box.
    REFUSED_CODES = ("invalid_login", "inactive")

    def clean(self):
        try:
            return super().clean()
        except ValidationError as refused:
            if refused.code not in self.REFUSED_CODES:
                raise
            # Django's form can only say "inactive" when a backend returns disabled accounts,
            # and ours never does: without this, a person whose account was disabled is told
            # their password is wrong, and tries again and again.
            data = self.cleaned_data
            if refused.code == "invalid_login" and is_disabled_account(
                data.get("username"), data.get("password")
            ):
                refused = ValidationError(self.error_messages["inactive"], code="inactive")
            self._refuse(refused)
            return self.cleaned_data

    def _refuse(self, refused: ValidationError) -> None:
        """Show a refused sign-in on the fields, as GOV.UK's error pattern asks.

        Django makes it an error of the whole form, which is listed in the error summary
        but shown beside no box. It goes on the email address box, which the summary links
        to, and the password box is marked too: either may be what is wrong.
        """
        self.add_error("username", refused)
        # The layout sets the box's classes as it draws it, so the error class goes there.
        password = self.password_layout.attrs
        password["class"] = " ".join([*password.get("class", "").split(), "govuk-input--error"])
        # The message is drawn under the email address box, with crispy-forms-gds's id.
        password["aria-describedby"] = f"{self['username'].auto_id}_1_error"
        password["aria-invalid"] = "true"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.label = "Email address"
        username.help_text = "Administrators can enter their username instead."
        username.error_messages["required"] = "Enter your email address"
        # Django checks the length only in the browser (maxlength). Checked here too, an
        # address longer than any email address gets a clear error before anything, the
        # sign-in lockout included, looks it up or stores it.
        username.max_length = USERNAME_MAX_LENGTH
        username.widget.attrs["maxlength"] = str(USERNAME_MAX_LENGTH)
        username.validators.append(
            MaxLengthValidator(
                USERNAME_MAX_LENGTH,
                message=f"Email address must be {USERNAME_MAX_LENGTH} characters or fewer",
            )
        )
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "spellcheck": "false", "autocapitalize": "none"}
        )
        # GOV.UK guidance: do not move focus for the user on page load.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        # The page links to Microsoft sign-in only when it is configured; a plain link, so
        # no form posts to another site (CSP form-action 'self').
        next_url = self.request.GET.get("next") if self.request else None
        self.microsoft_sign_in_url = oidc.sign_in_url(next_url)
        self.password_layout = Field.text("password", field_width=20, label_size=Size.SMALL)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("username", field_width=30, label_size=Size.SMALL),
            self.password_layout,
            Button("submit", "Sign in"),
        )
