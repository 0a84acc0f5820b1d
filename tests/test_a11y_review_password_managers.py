"""Pages that set a new password name the account it is for, so a password manager saves
it against the email address and fills it in on the sign-in page later."""

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts import services
from partnerships.models import Role
from tests.factories import UserFactory, member

pytestmark = pytest.mark.django_db

HIDDEN_ACCOUNT = re.compile(r'<input type="email" autocomplete="username" value="([^"]*)" hidden>')


def _accounts_named(response) -> list[str]:
    return HIDDEN_ACCOUNT.findall(response.content.decode())


def test_the_invitation_page_names_the_invited_address_inside_its_form(client, partnership):
    """One hidden box with the invited address, inside the form, with no name to send."""
    lead = member(partnership, Role.LEAD, username="lead")
    invitation = services.invitation_create(
        sender=lead, partnership=partnership, email="o'neill&co@example.org", role=Role.VIEWER
    )
    response = client.get(reverse("accounts:invitation_accept", args=[invitation.token]))
    assert _accounts_named(response) == ["o&#x27;neill&amp;co@example.org"]
    form = response.content.decode().split("<form", 1)[1].split("</form>", 1)[0]
    assert 'autocomplete="username"' in form
    assert 'autocomplete="new-password"' in form


def test_choosing_a_new_password_names_the_account(client):
    """The reset link's page names the account whose password is being set."""
    person = UserFactory(email="pat.kaur@example.org")
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    token = default_token_generator.make_token(person)
    address = reverse("accounts:password_reset_confirm", args=[uid, token])
    response = client.get(address, follow=True)
    assert _accounts_named(response) == ["pat.kaur@example.org"]
