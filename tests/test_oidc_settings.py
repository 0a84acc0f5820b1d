"""Microsoft sign-in is configured by environment variables only, and refuses unsafe settings."""

import subprocess

from tests.fresh_django import run_django

TENANT = "72f988bf-0000-4000-8000-2d7cd011db47"
CLIENT = {"OIDC_CLIENT_ID": "client-id", "OIDC_CLIENT_SECRET": "client-secret"}


def _start(code: str, **env) -> subprocess.CompletedProcess:
    """Run ``code`` after django.setup() in a fresh process with only these OIDC_ variables."""
    return run_django(code, clear="OIDC_", **env)


def test_a_tenant_id_sets_the_microsoft_issuer_and_the_allowed_tenant():
    """OIDC_TENANT alone (with the client) is enough, and only that tenant is allowed."""
    result = _start(
        "from django.conf import settings as s; from django.urls import reverse; "
        "print(s.OIDC_ISSUER, s.OIDC_ALLOWED_TENANTS, reverse('oidc_authentication_init'))",
        OIDC_TENANT=TENANT,
        **CLIENT,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        f"https://login.microsoftonline.com/{TENANT}/v2.0",
        f"['{TENANT}']",
        "/sign-in/microsoft/",
    ]


def test_without_configuration_the_urls_are_absent():
    """No OIDC_ variables: Microsoft sign-in is off and its URL names do not exist."""
    result = _start(
        "from django.conf import settings as s; from django.urls import reverse; "
        "print(s.OIDC_ENABLED); reverse('oidc_authentication_init')"
    )
    assert result.stdout.strip() == "False"
    assert "NoReverseMatch" in result.stderr


def test_many_tenants_need_a_list_of_allowed_tenants():
    """Anyone can make a Microsoft tenant, so "organizations" without a list refuses to start."""
    result = _start("", OIDC_TENANT="organizations", **CLIENT)
    assert result.returncode != 0
    assert "OIDC_TENANT=organizations, or OIDC_ISSUER) needs OIDC_ALLOWED_TENANTS" in result.stderr
    allowed = _start("", OIDC_TENANT="organizations", OIDC_ALLOWED_TENANTS=TENANT, **CLIENT)
    assert allowed.returncode == 0, allowed.stderr


def test_an_issuer_needs_the_client_id_and_secret():
    """A half-configured provider stops the app with a clear message."""
    result = _start("", OIDC_ISSUER="https://login.example.org", OIDC_CLIENT_ID="client-id")
    assert result.returncode != 0
    assert "Set OIDC_CLIENT_ID and OIDC_CLIENT_SECRET" in result.stderr


def test_a_multi_tenant_microsoft_issuer_needs_a_list_of_allowed_tenants_too():
    """OIDC_ISSUER naming "organizations" (in any case) is refused without a list, as
    OIDC_TENANT is: otherwise every Microsoft tenant's people could start a sign-in."""
    for issuer in (
        "https://login.microsoftonline.com/organizations/v2.0",
        "https://login.microsoftonline.com/Common/v2.0/",
    ):
        result = _start("", OIDC_ISSUER=issuer, **CLIENT)
        assert result.returncode != 0
        assert "needs OIDC_ALLOWED_TENANTS" in result.stderr


def test_a_single_tenant_issuer_allows_that_tenant_and_tenants_ignore_case():
    """A Microsoft issuer with a tenant id allows that tenant; a list in capitals still
    matches the lower-case ids in Microsoft's tokens."""
    code = "from django.conf import settings as s; print(s.OIDC_ALLOWED_TENANTS)"
    issuer = f"https://login.microsoftonline.com/{TENANT.upper()}/v2.0"
    result = _start(code, OIDC_ISSUER=issuer, **CLIENT)
    assert result.stdout.strip() == f"['{TENANT}']", result.stderr
    many = {"OIDC_TENANT": "organizations", "OIDC_ALLOWED_TENANTS": TENANT.upper()}
    listed = _start(code, **many, **CLIENT)
    assert listed.stdout.strip() == f"['{TENANT}']", listed.stderr
