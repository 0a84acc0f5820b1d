"""Accounts wording from a user review: email length and password errors, and the header's name."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts import services
from accounts.forms import InvitationForm, ResetRequestForm
from partnerships.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EMAIL = "new.person@example.org"
PASSWORD = "a-long-password-1"
TOO_LONG = "a" * 250 + "@example.org"  # 262 characters


def _errors(form, field):
    return [(error.code, error.message) for error in form.errors.as_data()[field]]


@pytest.mark.parametrize(
    "form",
    [
        lambda: InvitationForm({"email": TOO_LONG, "role": Role.VIEWER}, roles=[Role.VIEWER]),
        lambda: ResetRequestForm({"email": TOO_LONG}),
    ],
    ids=["invitation", "password reset"],
)
def test_a_too_long_email_address_is_refused_in_plain_english(form):
    """The invitation and password reset forms say the limit as the sign-in form does."""
    form = form()
    assert not form.is_valid()
    assert ("max_length", "Email address must be 254 characters or fewer") in _errors(form, "email")


@pytest.mark.parametrize(
    ("password", "code", "message"),
    [
        ("short-pass", "password_too_short", "Your password must be 12 characters or more"),
        (
            "password1234",
            "password_too_common",
            "Your password is too common. Choose one that is harder to guess",
        ),
        (
            "820461937582",
            "password_entirely_numeric",
            "Your password must include letters or symbols, not only numbers",
        ),
        (
            "new.person.example",
            "password_too_similar",
            "Your password is too similar to your name or email address",
        ),
    ],
)
def test_password_errors_are_in_govuk_style_with_djangos_codes(password, code, message):
    """Each validator keeps Django's code and gives a message with no full stop at the end."""
    user = UserFactory.build(username="new.person-c358a3fb", email=EMAIL)
    with pytest.raises(ValidationError) as raised:
        validate_password(password, user)
    assert (code, message) in [(error.code, error.message) for error in raised.value.error_list]
    assert all(not error.message.endswith(".") for error in raised.value.error_list)


def test_a_password_like_the_name_typed_on_the_invitation_is_refused(client, partnership, lead):
    """The display name counts as the person's name, and no error mentions a username."""
    invitation = services.invitation_create(
        sender=lead, partnership=partnership, email=EMAIL, role=Role.CONTRIBUTOR
    )
    url = reverse("accounts:invitation_accept", args=[invitation.token])
    response = client.post(
        url, {"display_name": "Nia Jones", "password1": "niajones1234", "password2": "niajones1234"}
    )
    assert _errors(response.context["form"], "password1") == [
        ("password_too_similar", "Your password is too similar to your name or email address")
    ]
    # Only the hidden box that names the account for password managers may say "username".
    shown = response.content.decode().replace('autocomplete="username"', "")
    assert "username" not in shown


def _sign_out_name(client, user) -> str:
    client.force_login(user)
    page = client.get(reverse("principles:list")).content.decode()
    return page.split('Sign out<span class="govuk-visually-hidden"> (', 1)[1].split(")</span>")[0]


def test_the_sign_out_button_names_an_invited_person_not_their_generated_username(
    client, partnership, lead
):
    """Screen readers hear "Sign out (Nia Jones)", not "new.person-c358a3fb"."""
    invitation = services.invitation_create(
        sender=lead, partnership=partnership, email=EMAIL, role=Role.CONTRIBUTOR
    )
    user = services.user_create_from_invitation(
        invitation=invitation, display_name="Nia Jones", password=PASSWORD
    )
    assert _sign_out_name(client, user) == "Nia Jones"


def test_the_sign_out_button_gives_the_email_address_of_someone_with_no_name(client):
    """Someone with no name given is named by the address they sign in with."""
    user = UserFactory(username="no-name", first_name="", last_name="", email="pat@example.org")
    assert _sign_out_name(client, user) == "pat@example.org"


def test_django_admin_greets_an_administrator_by_their_display_name(client):
    """Admin's "Welcome," uses the display name, never a generated username."""
    admin = UserFactory(
        username="new.person-c358a3fb",
        first_name="",
        last_name="",
        display_name="Nia Jones",
        is_staff=True,
        is_superuser=True,
    )
    client.force_login(admin)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<strong>Nia Jones</strong>" in page
    assert "c358a3fb" not in page.lower()
