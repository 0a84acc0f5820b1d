"""An email address with a look-alike letter (a dotless i for an "i") is another address
everywhere: sign-in, lockouts, invitations and Microsoft sign-in. PostgreSQL's
case-insensitive match alone takes the two for one (the database runs both in CI)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts import identities, services
from accounts.backends import account_for
from accounts.models import Invitation, User
from partnerships.models import Role
from tests.factories import UserFactory, member
from tests.oidc.provider import NHS_TENANT

pytestmark = pytest.mark.django_db

PASSWORD = "the-right-password-1"
REAL = "riverside-viewer@example.org"
LOOKALIKE = REAL.replace("i", "\u0131", 1)  # a dotless i in place of the first "i"


def test_a_lookalike_names_no_account():
    """The real address in any case finds the account; the look-alike finds none."""
    user = UserFactory(email=REAL)
    assert account_for(REAL.upper()) == user
    assert account_for(LOOKALIKE) is None
    assert not User.objects.filter(pk=user.pk).filter(email=LOOKALIKE).exists()


def test_a_lookalike_does_not_get_past_a_lockout(client, settings):
    """Locked out under the real address, the right password with the look-alike fails too."""
    settings.AXES_ENABLED = True
    UserFactory(email=REAL, password=PASSWORD)
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": REAL, "password": "wrong"})
    response = client.post(url, {"username": LOOKALIKE, "password": PASSWORD})
    assert response.status_code == 200  # refused as a wrong address or password
    assert "_auth_user_id" not in client.session


def test_an_invitation_is_only_for_its_own_address(partnership):
    """Looking up invitations for the look-alike finds none of the real address's."""
    lead = member(partnership, Role.LEAD)
    services.invitation_create(sender=lead, partnership=partnership, email=REAL, role=Role.VIEWER)
    assert Invitation.objects.for_email(REAL.upper()).count() == 1
    assert not Invitation.objects.for_email(LOOKALIKE).exists()


def test_a_microsoft_sign_in_with_a_lookalike_is_not_linked_to_the_account():
    """An identity whose email claim is the look-alike never reaches the real account."""
    user = UserFactory(email=REAL)
    with pytest.raises(ValidationError) as refused:
        identities.external_identity_sign_in(
            tenant=NHS_TENANT,
            subject="attacker",
            email=LOOKALIKE,
            name="Someone",
            email_vouched=True,
        )
    assert refused.value.code == "no_invitation"
    assert not user.external_identities.exists()
