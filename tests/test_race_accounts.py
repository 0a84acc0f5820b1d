"""Accounts made or linked twice at the same moment: the "create account" form sent twice
signs nobody into a server error, and one account is never linked to two Microsoft
identities.

The threaded tests hold the first transaction at a set point while the second runs on its
own connection (``tests.held_locks``); they run on PostgreSQL only.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.db.models.signals import post_save
from django.test import Client
from django.urls import reverse

from accounts import identities, services
from accounts.emails import email_q
from accounts.models import ExternalIdentity
from partnerships.models import Role
from tests.factories import PartnershipFactory, UserFactory, member
from tests.held_locks import Gate, InThread, Pause, succeeded, waits_on_a_lock

pytestmark = pytest.mark.django_db

EMAIL = "new.person@example.org"
PASSWORD = "a-long-enough-passphrase-77"


def invite(partnership, email=EMAIL):
    sender = member(partnership, Role.LEAD)
    return services.invitation_create(
        sender=sender, partnership=partnership, email=email, role=Role.CONTRIBUTOR
    )


def create_account(invitation):
    return lambda: services.user_create_from_invitation(
        invitation=invitation, display_name="Nia Jones", password=PASSWORD
    )


@pytest.mark.django_db(transaction=True)
def test_the_create_account_form_sent_twice_ends_on_the_sign_in_page(
    postgres, monkeypatch, partnership
):
    """The second post waits for the first, then is shown the page for someone with an
    account, not a server error; one account is made and is a member."""
    invitation = invite(partnership)
    url = reverse("accounts:invitation_accept", args=[invitation.token])
    data = {"display_name": "Nia Jones", "password1": PASSWORD, "password2": PASSWORD}
    held = Pause(monkeypatch, "accounts.services.invitation_accept", before=True)
    first = InThread(lambda: Client().post(url, data))
    try:
        assert held.reached.wait(timeout=30)
        second = InThread(lambda: Client().post(url, data))
        waits_on_a_lock(second)
    finally:
        held.go.set()
    assert succeeded(first.outcome()).status_code == 302
    response = succeeded(second.outcome())
    assert response.status_code == 200
    assert "You already have an account for new.person@example.org" in response.content.decode()
    user = get_user_model().objects.get(email=EMAIL)
    assert user.memberships.get().partnership == partnership


@pytest.mark.django_db(transaction=True)
def test_accounts_made_at_once_from_two_partnerships_invitations(
    postgres, monkeypatch, principle_sets
):
    """Invited to two partnerships, the person makes an account from each at the same
    moment: the second is told an account exists, not failed on the database's rule."""
    first_invitation = invite(PartnershipFactory())
    second_invitation = invite(PartnershipFactory())
    held = Pause(monkeypatch, "accounts.services.invitation_accept", before=True)
    first = InThread(create_account(first_invitation))
    try:
        assert held.reached.wait(timeout=30)
        second = InThread(create_account(second_invitation))
        waits_on_a_lock(second)
    finally:
        held.go.set()
    succeeded(first.outcome())
    refused = second.outcome()
    assert isinstance(refused, ValidationError) and refused.code == "account_exists", refused
    assert get_user_model().objects.filter(email=EMAIL).count() == 1


def test_an_account_made_after_the_check_is_reported_as_existing(monkeypatch, partnership):
    """When the look for an account misses one made a moment later, the database's rule
    stops the second, and the person is told the account exists."""
    invitation = invite(partnership)
    UserFactory(email=EMAIL, username="made-meanwhile")
    looked = []

    def missed_first_time(email, *args, **kwargs):
        looked.append(email)
        return Q(pk__in=[]) if len(looked) == 1 else email_q(email, *args, **kwargs)

    monkeypatch.setattr("accounts.services.email_q", missed_first_time)
    with pytest.raises(ValidationError) as raised:
        create_account(invitation)()
    assert raised.value.code == "account_exists"
    assert get_user_model().objects.filter(email=EMAIL).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_microsoft_identities_signing_in_to_one_account_at_once(postgres, people):
    """The first to sign in is linked; the other waits for it, then is refused as linked to
    another Microsoft account, as it would be any time after."""
    contributor = people[Role.CONTRIBUTOR]
    gate = Gate()

    def hold_first_link(sender, created, **kwargs):
        if created and not gate.reached.is_set():
            gate.stop()

    def sign_in(tenant, subject):
        return lambda: identities.external_identity_sign_in(
            tenant=tenant, subject=subject, email=contributor.email, name="Cai", email_vouched=True
        )

    post_save.connect(hold_first_link, sender=ExternalIdentity, weak=False)
    try:
        first = InThread(sign_in("tenant-a", "oid-1"))
        assert gate.reached.wait(timeout=30)
        second = InThread(sign_in("tenant-b", "oid-2"))
        waits_on_a_lock(second)
    finally:
        gate.go.set()
        post_save.disconnect(hold_first_link, sender=ExternalIdentity)
    assert succeeded(first.outcome()) == contributor
    refused = second.outcome()
    assert isinstance(refused, ValidationError) and refused.code == "identity_mismatch", refused
    linked = ExternalIdentity.objects.filter(user=contributor)
    assert list(linked.values_list("tenant", "subject")) == [("tenant-a", "oid-1")]
