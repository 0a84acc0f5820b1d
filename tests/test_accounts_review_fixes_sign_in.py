"""Sign-in fixes from a review: lockouts and password reset, Microsoft sign-in's edges, and
invitations whose sender may no longer offer the role.

Microsoft sign-in runs end to end against the test OpenID Provider (tests/oidc/provider.mjs),
started for this module with a few more accounts than tests/test_oidc.py's.
"""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.models import ExternalIdentity, Invitation
from partnerships.models import Membership, Role
from tests import test_oidc
from tests.factories import UserFactory, member
from tests.oidc import provider
from tests.oidc.provider import NHS_TENANT, OTHER_TENANT, sign_in

pytestmark = pytest.mark.django_db

START = test_oidc.START
CALLBACK = "/sign-in/microsoft/callback/"
PASSWORD = "a-long-password-1"
NEW_PASSWORD = "a-brand-new-passphrase-9"
# Entra ID allows display names of up to 256 characters.
LONG_NAME = ("Alexandra Bartholomew-" * 12)[:256]
ACCOUNTS = {
    "longname": {
        "tid": NHS_TENANT,
        "oid": "oid-longname",
        "email": "long.name@nhs.example",
        "name": LONG_NAME,
    },
    # Another tenant's account with no email claim, whose sign-in name is a member's address
    # and whose email_verified (which is about the missing email claim) says true.
    "borrower": {
        "tid": OTHER_TENANT,
        "oid": "oid-borrower",
        "preferred_username": "sam.member@nhs.example",
        "email_verified": True,
        "name": "Borrower Person",
    },
}

configured = test_oidc.configured
many_tenants = test_oidc.many_tenants
lead = test_oidc.lead
_user = test_oidc._user


@pytest.fixture(scope="module")
def issuer():
    """The test provider, with this module's accounts beside the usual ones."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(provider, "ACCOUNTS", {**provider.ACCOUNTS, **ACCOUNTS})
        process, issuer = provider.start_provider()
    yield issuer
    process.terminate()
    process.wait(timeout=10)


def _sign_in_with_password(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def _lock_out(client, settings, username):
    settings.AXES_ENABLED = True
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in_with_password(client, username, "wrong")
    response = _sign_in_with_password(client, username, PASSWORD)
    assert response.status_code == 429
    return response


def _reset_password(client, capture, email):
    with capture(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": email})
    link = re.search(r"https?://\S+/password-reset/\S+/", mail.outbox[-1].body)[0]
    set_url = client.get(urlsplit(link).path, follow=True).redirect_chain[-1][0]
    done = client.post(
        set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assert "Your password has been changed" in done.content.decode()


def test_resetting_the_password_lifts_the_lockout_on_that_account_only(
    client, settings, django_capture_on_commit_callbacks
):
    """The new password signs in at once, however the address was typed; others stay locked."""
    UserFactory(email="Pat.Kaur@example.org")
    UserFactory(email="other.person@example.org")
    _lock_out(client, settings, "other.person@example.org")
    _lock_out(client, settings, " PAT.KAUR@example.org")
    _reset_password(client, django_capture_on_commit_callbacks, "pat.kaur@example.org")
    response = _sign_in_with_password(client, "Pat.Kaur@Example.org", NEW_PASSWORD)
    assert response.status_code == 302
    client.logout()
    assert _sign_in_with_password(client, "other.person@example.org", PASSWORD).status_code == 429
    assert AccessAttempt.objects.filter(username="other.person@example.org").exists()


def test_the_lockout_page_offers_microsoft_sign_in_when_it_is_configured(client, configured):
    """Locked out of password sign-in, people are told they can still use their work account."""
    UserFactory(email="pat.kaur@example.org")
    page = _lock_out(client, configured, "pat.kaur@example.org").content.decode()
    assert "you can still sign in with your work account" in page
    assert f'href="{START}"' in page
    assert "You can sign in with your new password straight away" in page


def test_a_microsoft_name_longer_than_ours_is_cut_to_fit(client, configured, lead):
    """Entra ID allows 256 characters, the account 200: the first 200 are kept, not an error."""
    test_oidc._invite(lead, "long.name@nhs.example")
    response, _ = sign_in(client, "longname", START)
    assert response.status_code == 302
    limit = get_user_model()._meta.get_field("display_name").max_length
    assert _user(client).display_name == LONG_NAME[:limit]


def test_reloading_the_callback_page_says_sign_in_did_not_finish(client, configured, partnership):
    """A used state is refused with Microsoft sign-in's own page, not the generic 400 page."""
    account = member(partnership, Role.CONTRIBUTOR, email="sam.member@nhs.example")
    response, _ = sign_in(client, "member", START)
    assert response.status_code == 302
    again = client.get(CALLBACK, QUERY_STRING=response.request["QUERY_STRING"])
    assert again.status_code == 403
    assert "Signing in with Microsoft did not finish. Try again." in again.content.decode()
    assert _user(client) == account


def test_only_the_providers_answer_to_this_browsers_sign_in_can_sign_out(
    client, configured, partnership
):
    """A link to the callback with an error keeps people signed in, unless its state is theirs."""
    account = member(partnership, Role.CONTRIBUTOR, email="sam.member@nhs.example")
    client.force_login(account)
    for query in ("error=access_denied", "error=access_denied&state=made-up"):
        stray = client.get(f"{CALLBACK}?{query}")
        assert stray.status_code == 403
        assert "Signing in with Microsoft did not finish" in stray.content.decode()
        assert _user(client) == account
    state = parse_qs(urlsplit(client.get(START)["Location"]).query)["state"][0]
    answer = client.get(f"{CALLBACK}?error=access_denied&state={state}")
    assert answer.status_code == 403
    assert _user(client) is None
    assert state not in client.session.get("oidc_states", {})


def test_with_many_tenants_a_sign_in_name_links_nobody(client, configured, partnership):
    """preferred_username stands in for a missing email only when one tenant is allowed."""
    account = member(partnership, Role.CONTRIBUTOR, email="sam.member@nhs.example")
    configured.OIDC_ALLOWED_TENANTS = [NHS_TENANT, OTHER_TENANT]
    response, _ = sign_in(client, "borrower", START)
    assert response.status_code == 403
    assert "does not confirm that its email address is yours" in response.content.decode()
    assert _user(client) is None
    assert not ExternalIdentity.objects.exists()

    configured.OIDC_ALLOWED_TENANTS = [OTHER_TENANT]
    response, _ = sign_in(client, "borrower", START)
    assert response.status_code == 302
    assert _user(client) == account


def _lose_the_right_to_invite(lead):
    Membership.objects.filter(user=lead).update(role=Role.VIEWER)


def test_an_invitation_whose_sender_lost_the_role_is_refused_before_any_typing(
    client, partnership, lead
):
    """The link's first page says it cannot be used, instead of asking for a name and password."""
    invitation = services.invitation_create(
        sender=lead, partnership=partnership, email="new.person@example.org", role=Role.VIEWER
    )
    _lose_the_right_to_invite(lead)
    response = client.get(reverse("accounts:invitation_accept", args=[invitation.token]))
    page = response.content.decode()
    assert response.status_code == 404
    assert "This invitation link cannot be used" in page
    assert "Join " not in page
    assert "may no longer be able to invite people" in page


def test_microsoft_sign_in_says_an_invitation_whose_sender_lost_the_role_cannot_be_used(
    client, configured, lead
):
    """Not "no invitation": the person is told it can no longer be used and whom to ask."""
    invitation = test_oidc._invite(lead, "jo.bloggs@nhs.example")
    _lose_the_right_to_invite(lead)
    response, _ = sign_in(client, "invitee", START)
    page = response.content.decode()
    assert response.status_code == 403
    assert "Your invitation can no longer be used" in page
    assert "or a lead or administrator in your partnership, for a new invitation" in page
    assert "There is no account or invitation" not in page
    assert not get_user_model().objects.filter(email__iexact="jo.bloggs@nhs.example").exists()
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is None


def _change_form(user, identities) -> dict:
    """The account's admin page as posted, with each of ``identities`` (tenant, subject) and
    whether it is ticked for deletion."""
    data = {
        "username": user.username,
        "email": user.email,
        "display_name": user.display_name,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "is_active": "on",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "external_identities-TOTAL_FORMS": str(len(identities)),
        "external_identities-INITIAL_FORMS": str(len(identities)),
        "external_identities-MIN_NUM_FORMS": "0",
        "external_identities-MAX_NUM_FORMS": "1000",
    }
    for index, (identity, delete) in enumerate(identities):
        prefix = f"external_identities-{index}-"
        data |= {
            f"{prefix}id": str(identity.pk),
            f"{prefix}user": str(user.pk),
            f"{prefix}email": identity.email,
            f"{prefix}tenant": identity.tenant,
            f"{prefix}subject": identity.subject,
        }
        if delete:
            data[f"{prefix}DELETE"] = "on"
    return data


def test_unlinking_a_microsoft_account_in_admin_signs_its_person_out(
    admin_client_user, configured, partnership
):
    """Deleting the link ends that person's sessions, and only theirs."""
    account = member(partnership, Role.CONTRIBUTOR, email="sam.member@nhs.example")
    person = Client()
    sign_in(person, "member", START)
    assert _user(person) == account
    bystander = Client()
    bystander.force_login(member(partnership, Role.VIEWER, email="viewer@example.org"))
    identity = ExternalIdentity.objects.get(user=account)

    url = reverse("admin:accounts_user_change", args=[account.pk])
    response = admin_client_user.post(url, _change_form(account, [(identity, True)]))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert not ExternalIdentity.objects.exists()
    assert _user(person) is None
    assert person.get(reverse("home")).status_code == 302
    assert _user(bystander) is not None
    assert _user(admin_client_user) is not None


def test_pointing_a_link_at_another_microsoft_account_in_admin_signs_its_person_out(
    admin_client_user, configured, partnership
):
    """Changing a link's subject unlinks the old Microsoft account, so its sessions end."""
    account = member(partnership, Role.CONTRIBUTOR, email="sam.member@nhs.example")
    person = Client()
    sign_in(person, "member", START)
    identity = ExternalIdentity.objects.get(user=account)
    data = _change_form(account, [(identity, False)])
    data["external_identities-0-subject"] = "another-subject"

    url = reverse("admin:accounts_user_change", args=[account.pk])
    response = admin_client_user.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert ExternalIdentity.objects.get().subject == "another-subject"
    assert _user(person) is None
    assert _user(admin_client_user) is not None


def test_saving_an_account_with_its_link_unchanged_keeps_its_person_signed_in(
    admin_client_user, configured, partnership
):
    """An admin saving the account page without touching the link signs nobody out."""
    account = member(partnership, Role.CONTRIBUTOR, email="sam.member@nhs.example")
    person = Client()
    sign_in(person, "member", START)
    identity = ExternalIdentity.objects.get(user=account)
    url = reverse("admin:accounts_user_change", args=[account.pk])
    response = admin_client_user.post(url, _change_form(account, [(identity, False)]))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert _user(person) == account
