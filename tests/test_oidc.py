"""Sign in with Microsoft, end to end against a real OpenID Provider (tests/oidc/provider.mjs).

The provider is the certified oidc-provider npm package, run by Node on a free local port
and shaped like Entra ID (tid and oid claims). Nothing in mozilla-django-oidc is mocked:
discovery, the code flow with PKCE, the token exchange and the ID token's signature check
all happen over HTTP.
"""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.db import IntegrityError
from django.urls import NoReverseMatch, reverse

from accounts import identities, oidc, services
from accounts.models import ExternalIdentity, Invitation
from partnerships.models import Membership, Role
from tests.factories import UserFactory, member
from tests.oidc.provider import (
    CLIENT_ID,
    CLIENT_SECRET,
    NHS_TENANT,
    OTHER_TENANT,
    sign_in,
    start_provider,
)

pytestmark = pytest.mark.django_db

START = "/sign-in/microsoft/"


@pytest.fixture(scope="module")
def issuer():
    process, issuer = start_provider()
    yield issuer
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def configured(settings, issuer):
    """The settings that OIDC_ISSUER, OIDC_CLIENT_ID, ... and OIDC_ALLOWED_TENANTS make."""
    settings.OIDC_ENABLED = True
    settings.OIDC_ISSUER = issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_ALLOWED_TENANTS = [NHS_TENANT]
    settings.OIDC_ALLOWED_EMAIL_DOMAINS = []
    settings.ROOT_URLCONF = "tests.oidc.urls"
    oidc._discovery.clear()
    yield settings
    oidc._discovery.clear()


@pytest.fixture
def lead(partnership):
    return member(partnership, Role.LEAD, username="lead")


def _user(client):
    return get_user_model().objects.filter(pk=client.session.get("_auth_user_id")).first()


def test_without_configuration_nothing_about_microsoft_shows(client):
    """Unconfigured, the sign-in page has no Microsoft link and the URLs do not exist."""
    page = client.get(reverse("login"))
    assert "Microsoft" not in page.content.decode()
    with pytest.raises(NoReverseMatch):
        reverse("oidc_authentication_init")
    assert client.get(START).status_code == 404


def test_the_sign_in_page_links_to_microsoft_when_configured(client, configured):
    """A plain link (GET), so no form posts to another site and CSP form-action stays 'self'."""
    page = client.get(reverse("login") + "?next=/principles/").content.decode()
    assert "Sign in with your Microsoft work account" in page
    assert 'href="/sign-in/microsoft/?next=%2Fprinciples%2F"' in page


def test_discovery_is_fetched_when_first_used(client, configured, issuer):
    """Nothing is fetched at start-up; the first sign-in reads the discovery document."""
    assert oidc._discovery == {}
    response = client.get(START)
    assert response["Location"].startswith(f"{issuer}/auth?")
    assert oidc._discovery[issuer][1]["token_endpoint"] == f"{issuer}/token"


def test_the_code_flow_uses_pkce_and_a_nonce(client, configured, partnership):
    """An existing member signs in; the request carried an S256 code challenge and a nonce."""
    account = member(partnership, Role.CONTRIBUTOR, email="Sam.Member@nhs.example")
    response, request_params = sign_in(client, "member", START)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert request_params["code_challenge_method"] == ["S256"]
    assert len(request_params["code_challenge"][0]) == 43
    assert request_params["nonce"] and request_params["state"]
    assert request_params["scope"] == ["openid email profile"]
    assert _user(client) == account
    identity = ExternalIdentity.objects.get(user=account)
    assert (identity.tenant, identity.subject) == (NHS_TENANT, "oid-member")


def test_an_invited_persons_first_sign_in_makes_their_account(client, configured, lead):
    """The invitation's email matches: an account, the identity and the membership are made."""
    invitation = services.invitation_create(
        sender=lead,
        partnership=lead.memberships.get().partnership,
        email="jo.bloggs@nhs.example",
        role=Role.CONTRIBUTOR,
    )
    response, _ = sign_in(client, "invitee", START)
    assert response.status_code == 302
    user = _user(client)
    assert user.email == "jo.bloggs@nhs.example"
    assert user.display_name == "Invitee Person"
    assert not user.has_usable_password()
    assert Membership.objects.get(user=user).role == Role.CONTRIBUTOR
    assert ExternalIdentity.objects.get(user=user).subject == "oid-invitee"
    invitation.refresh_from_db()
    assert invitation.accepted_by == user

    client.logout()
    sign_in(client, "invitee", START)
    assert _user(client) == user
    assert get_user_model().objects.filter(email__iexact="jo.bloggs@nhs.example").count() == 1


def test_a_valid_identity_with_no_invitation_is_refused(client, configured):
    """A Microsoft account alone grants nothing: a clear page, no account, not signed in."""
    response, _ = sign_in(client, "stranger", START)
    assert response.status_code == 403
    assert "There is no account or invitation" in response.content.decode()
    assert _user(client) is None
    assert not get_user_model().objects.filter(email="stranger@nhs.example").exists()


@pytest.mark.parametrize(
    ("tenants", "domains"),
    [([NHS_TENANT], []), ([NHS_TENANT, OTHER_TENANT], ["nhs.example"])],
    ids=["tenant", "email-domain"],
)
def test_a_refused_organisation_is_refused_even_when_invited(
    client, configured, lead, tenants, domains
):
    """A tenant (or email domain) not on the allowed list cannot sign in, invitation or not."""
    configured.OIDC_ALLOWED_TENANTS = tenants
    configured.OIDC_ALLOWED_EMAIL_DOMAINS = domains
    invitation = services.invitation_create(
        sender=lead,
        partnership=lead.memberships.get().partnership,
        email="outsider@other.example",
        role=Role.VIEWER,
    )
    response, _ = sign_in(client, "outsider", START)
    assert response.status_code == 403
    assert "organisation's Microsoft accounts cannot be used" in response.content.decode()
    assert _user(client) is None
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is None


def test_people_are_matched_on_tenant_and_object_id_not_on_email(client, configured, partnership):
    """Another Microsoft account with the same email cannot take over a linked account."""
    member(partnership, Role.CONTRIBUTOR, email="sam.member@nhs.example")
    sign_in(client, "member", START)
    client.logout()
    response, _ = sign_in(client, "impostor", START)
    assert response.status_code == 403
    assert "linked to a different Microsoft account" in response.content.decode()
    assert _user(client) is None


def test_administrators_are_not_linked_by_email(client, configured):
    """Break-glass admin accounts sign in with their password; email alone never links them."""
    UserFactory(username="admin", email="sam.member@nhs.example", is_staff=True)
    response, _ = sign_in(client, "member", START)
    assert response.status_code == 403
    assert not ExternalIdentity.objects.exists()


def test_refused_microsoft_sign_ins_lock_nobody_out(client, configured, partnership):
    """Lockouts count password failures only: refused Microsoft sign-ins leave passwords working."""
    configured.AXES_ENABLED = True
    configured.AXES_FAILURE_LIMIT = 2
    member(partnership, Role.VIEWER, email="viewer@example.org")
    for _ in range(3):
        assert sign_in(client, "stranger", START)[0].status_code == 403
    assert not AccessAttempt.objects.exists()
    response = client.post(
        reverse("login"), {"username": "viewer@example.org", "password": "a-long-password-1"}
    )
    assert response.status_code == 302


def test_an_unreachable_provider_gets_a_page_not_an_error(client, configured):
    """If discovery fails, the person is told Microsoft sign-in is not working."""
    configured.OIDC_ISSUER = "http://127.0.0.1:9"
    response = client.get(START)
    assert response.status_code == 503
    assert "Microsoft sign-in is not working" in response.content.decode()


def _sign_in_as(subject, email, name="Jo Bloggs"):
    return identities.external_identity_sign_in(
        tenant=NHS_TENANT, subject=subject, email=email, name=name, email_vouched=True
    )


def _the_first_lookup_is_stale(monkeypatch):
    """The identity lookup first sees nothing: the other callback had not yet committed."""
    found = identities._identity_found
    calls = []

    def stale_then_found(**fields):
        calls.append(fields)
        return None if len(calls) == 1 else found(**fields)

    monkeypatch.setattr(identities, "_identity_found", stale_then_found)
    return calls


def test_a_racing_first_sign_in_uses_the_identity_the_other_linked(partnership, monkeypatch):
    """Two first sign-ins at once: the one that loses the unique constraint signs in too."""
    account = member(partnership, Role.CONTRIBUTOR, email="sam.member@nhs.example")
    first = _sign_in_as("oid-member", "sam.member@nhs.example")
    calls = _the_first_lookup_is_stale(monkeypatch)
    assert _sign_in_as("oid-member", "sam.member@nhs.example") == first == account
    assert len(calls) == 2
    identity = ExternalIdentity.objects.get()
    assert (identity.user, identity.subject) == (account, "oid-member")


def test_a_racing_invited_persons_first_sign_in_finds_the_account_the_other_made(lead, monkeypatch):
    """Both callbacks sign in as the one account, with one identity and one membership."""
    services.invitation_create(
        sender=lead,
        partnership=lead.memberships.get().partnership,
        email="jo.bloggs@nhs.example",
        role=Role.CONTRIBUTOR,
    )
    first = _sign_in_as("oid-invitee", "jo.bloggs@nhs.example")
    _the_first_lookup_is_stale(monkeypatch)
    assert _sign_in_as("oid-invitee", "jo.bloggs@nhs.example") == first
    assert get_user_model().objects.filter(email__iexact="jo.bloggs@nhs.example").count() == 1
    assert Membership.objects.get(user=first).role == Role.CONTRIBUTOR
    assert ExternalIdentity.objects.get().user == first


def test_an_integrity_error_with_no_identity_is_not_hidden(partnership, monkeypatch):
    """A database refusal that trying once more does not cure still fails: nothing is hidden."""
    member(partnership, Role.CONTRIBUTOR, email="sam.member@nhs.example")

    def refuse(**fields):
        raise IntegrityError("something else")

    monkeypatch.setattr(ExternalIdentity.objects, "create", refuse)
    with pytest.raises(IntegrityError):
        _sign_in_as("oid-member", "sam.member@nhs.example")


@pytest.fixture
def many_tenants(configured):
    """Several organisations' tenants allowed, as with OIDC_TENANT=organizations."""
    configured.OIDC_ALLOWED_TENANTS = [NHS_TENANT, OTHER_TENANT]
    return configured


def _invite(lead, email):
    return services.invitation_create(
        sender=lead, partnership=lead.memberships.get().partnership, email=email, role=Role.VIEWER
    )


def test_with_many_tenants_an_address_nobody_verified_links_to_nothing(client, many_tenants, lead):
    """Another tenant's administrator could type anyone's address: it needs verifying first."""
    invitation = _invite(lead, "alex.other@other.example")
    response, _ = sign_in(client, "unvouched", START)
    assert response.status_code == 403
    assert "does not confirm that its email address is yours" in response.content.decode()
    assert _user(client) is None
    assert not ExternalIdentity.objects.exists()
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is None


def test_with_many_tenants_an_address_whose_domain_entra_verified_links(client, many_tenants, lead):
    """Entra ID's xms_edov claim vouches for the address: the invited person joins."""
    _invite(lead, "alex.other@other.example")
    response, _ = sign_in(client, "vouched", START)
    assert response.status_code == 302
    assert ExternalIdentity.objects.get(user=_user(client)).subject == "oid-vouched"


def test_an_identity_already_linked_signs_in_whatever_its_address_claims(
    client, many_tenants, partnership
):
    """Only the first, linking, sign-in reads the address; later ones match the identity."""
    account = member(partnership, Role.CONTRIBUTOR, email="alex.other@other.example")
    ExternalIdentity.objects.create(
        user=account, tenant=OTHER_TENANT, subject="oid-unvouched", email=account.email
    )
    response, _ = sign_in(client, "unvouched", START)
    assert response.status_code == 302
    assert _user(client) == account


@pytest.mark.parametrize(
    ("tenants", "claims", "vouched"),
    [
        ([NHS_TENANT], {}, True),
        ([], {}, True),
        ([NHS_TENANT, OTHER_TENANT], {}, False),
        ([NHS_TENANT, OTHER_TENANT], {"email_verified": False}, False),
        ([NHS_TENANT, OTHER_TENANT], {"xms_edov": True}, True),
        ([NHS_TENANT, OTHER_TENANT], {"xms_edov": "1"}, True),
        ([NHS_TENANT, OTHER_TENANT], {"email_verified": True}, True),
    ],
)
def test_which_addresses_are_trusted_to_link(settings, tenants, claims, vouched):
    """One directory's own addresses are trusted; with many, only verified ones."""
    settings.OIDC_ALLOWED_TENANTS = tenants
    assert oidc.email_vouched(claims) is vouched
