"""Accounts: one email address per person, in any case, and sign-in with it."""

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-password-1"


def test_the_user_model_is_the_accounts_user():
    """Every foreign key to a person points at accounts.User."""
    from assessments.models import Assessment
    from partnerships.models import Membership

    user_model = get_user_model()
    assert user_model._meta.label == "accounts.User"
    assert Membership._meta.get_field("user").related_model is user_model
    assert Assessment._meta.get_field("created_by").related_model is user_model
    assert Assessment.history.model._meta.get_field("history_user").related_model is user_model


def test_an_email_address_belongs_to_one_account_whatever_its_case():
    """The database refuses a second account with the same address in another case."""
    UserFactory(username="first", email="Sam.Okoro@Example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        get_user_model().objects.create_user("second", "sam.okoro@example.org", PASSWORD)


def test_admin_validation_names_a_taken_email_address():
    """Model validation (what admin forms run) gives a clear, coded error."""
    UserFactory(username="first", email="sam@example.org")
    user = get_user_model()(username="second", email="SAM@example.org")
    user.set_password(PASSWORD)
    with pytest.raises(ValidationError) as raised:
        user.full_clean()
    codes = [e.code for errors in raised.value.error_dict.values() for e in errors]
    assert "email_taken" in codes
    assert "An account with this email address already exists" in str(raised.value)


@pytest.mark.parametrize("email", ["", "   "])
def test_every_account_needs_an_email_address(email):
    """Creating an account without an email address is refused with a plain message."""
    with pytest.raises(ValueError, match="Enter an email address"):
        get_user_model().objects.create_user("nobody", email, PASSWORD)


def test_an_empty_email_address_is_refused_by_the_database():
    """Even a direct save cannot store an account without an email address."""
    with pytest.raises(IntegrityError), transaction.atomic():
        get_user_model().objects.bulk_create([get_user_model()(username="direct", email="")])


def test_people_sign_in_with_their_email_address_in_any_case():
    """The email address signs in whatever its case; the username still works for admins."""
    user = UserFactory(username="break-glass", email="Helen.Marsh@example.org")
    assert authenticate(username="helen.marsh@EXAMPLE.org", password=PASSWORD) == user
    assert authenticate(username=" Helen.Marsh@example.org ", password=PASSWORD) == user
    assert authenticate(username="break-glass", password=PASSWORD) == user
    assert authenticate(username="helen.marsh@example.org", password="wrong") is None
    assert authenticate(username="nobody@example.org", password=PASSWORD) is None


def test_inactive_accounts_cannot_sign_in():
    """A disabled account is refused even with the right password."""
    UserFactory(email="gone@example.org", is_active=False)
    assert authenticate(username="gone@example.org", password=PASSWORD) is None


def test_a_disabled_account_is_told_so_only_with_the_right_password(client):
    """The right password: "disabled, contact your administrator"; a wrong one: the usual."""
    UserFactory(email="gone@example.org", is_active=False)

    def errors(password):
        response = client.post(
            reverse("login"), {"username": "Gone@example.org", "password": password}
        )
        assert response.status_code == 200 and "_auth_user_id" not in client.session
        return [e.code for e in response.context["form"].errors.as_data()["username"]]

    assert errors(PASSWORD) == ["inactive"]
    assert errors("wrong") == ["invalid_login"]
    page = client.post(reverse("login"), {"username": "gone@example.org", "password": PASSWORD})
    assert "This account has been disabled." in page.content.decode()


def test_sign_in_page_asks_for_the_email_address(client):
    """The sign-in form labels its first field as the email address."""
    UserFactory(email="joanna.pike@example.org")
    content = client.get(reverse("login")).content.decode()
    assert "Email address" in content
    assert 'autocomplete="username"' in content
    response = client.post(
        reverse("login"), {"username": "Joanna.Pike@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302


def test_repeated_failures_lock_the_email_address(client, settings):
    """django-axes locks out an email address after the limit, even with the right password."""
    settings.AXES_ENABLED = True
    UserFactory(email="daniel@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "daniel@example.org", "password": "wrong"})
    response = client.post(
        reverse("login"), {"username": "daniel@example.org", "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_person_is_shown_by_name_with_their_email_address():
    """Admin pickers show the name and the email address; the email alone without a name."""
    named = UserFactory(first_name="Joanna", last_name="Pike", email="jp@example.org")
    assert str(named) == "Joanna Pike (jp@example.org)"
    named.display_name = "Jo Pike"
    assert str(named) == "Jo Pike (jp@example.org)"
    unnamed = UserFactory(first_name="", last_name="", email="x@example.org")
    assert str(unnamed) == "x@example.org"
