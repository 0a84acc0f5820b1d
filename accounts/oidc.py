"""Sign in with a Microsoft work account (Entra ID, NHSmail): OpenID Connect, mozilla-django-oidc.

Configured only by environment variables (see settings.py); while OIDC is not configured
the URLs do not exist and the sign-in page shows nothing about it.

The provider's discovery document (``<issuer>/.well-known/openid-configuration``) is
fetched when it is first needed, when someone starts or finishes a Microsoft sign-in, and
kept for a day in each process. Start-up never depends on Microsoft being reachable, and
password sign-in never waits for it. The code flow uses PKCE and a nonce; the ID token's
signature (keys from the provider's JWKS), expiry, nonce, issuer and audience are checked.
"""

import logging
import threading
import time
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.shortcuts import render
from django.urls import path, reverse
from django.views.generic import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from . import identities

logger = logging.getLogger(__name__)

DISCOVERY_MAX_AGE = 24 * 60 * 60
_discovery: dict[str, tuple[float, dict]] = {}
_discovery_lock = threading.Lock()


class ProviderUnavailable(Exception):
    """The provider's discovery document could not be fetched or is incomplete."""


def provider_metadata() -> dict:
    """The provider's discovery document, fetched on first use and kept for a day."""
    issuer = settings.OIDC_ISSUER
    with _discovery_lock:
        cached = _discovery.get(issuer)
        if cached and cached[0] > time.monotonic():
            return cached[1]
        url = f"{issuer.rstrip('/')}/.well-known/openid-configuration"
        try:
            response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
            response.raise_for_status()
            metadata = response.json()
            # Fail here, not halfway through someone's sign-in.
            needed = {"issuer", "authorization_endpoint", "token_endpoint", "jwks_uri"}
            if missing := needed - set(metadata):
                raise KeyError(", ".join(sorted(missing)))
        except (requests.RequestException, ValueError, KeyError, TypeError) as error:
            raise ProviderUnavailable(f"Cannot read {url}: {error}") from error
        _discovery[issuer] = (time.monotonic() + DISCOVERY_MAX_AGE, metadata)
        return metadata


def sign_in_url(next_url: str | None = None) -> str | None:
    """Where the "Sign in with your Microsoft work account" link goes, or None when off."""
    if not settings.OIDC_ENABLED:
        return None
    url = reverse("oidc_authentication_init")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _refused(request, reason: str, status: int = 403):
    return render(request, "accounts/oidc_refused.html", {"reason": reason}, status=status)


def _many_tenants() -> bool:
    return len(settings.OIDC_ALLOWED_TENANTS) > 1


def _email_from(claims: dict) -> str:
    # Entra ID sends "email" only for accounts with a mailbox address; the sign-in name
    # (preferred_username) is the work email address for NHSmail and most organisations.
    # With several tenants allowed it is never used: xms_edov and email_verified vouch for
    # "email" only, so another tenant could name anyone in preferred_username.
    email = claims.get("email") or ""
    if not email and not _many_tenants():
        email = claims.get("preferred_username") or ""
    return email.strip() if "@" in email else ""


def email_vouched(claims: dict) -> bool:
    """Whether the ID token's email address can be trusted to link a first sign-in to an
    account or invitation for that address.

    In one directory (a single allowed tenant, or a provider of its own) the address is
    one its own administrators gave the person. When several organisations' tenants are
    allowed, any one of their administrators can give a user any address, someone else's
    included, so the address links only if the provider says its owner was verified:
    Entra ID's optional claim ``xms_edov`` (the email domain's owner is verified), or
    OpenID's ``email_verified``.
    """
    if not _many_tenants():
        return True
    return any(claims.get(name) in (True, "true", "1", 1) for name in VOUCHING_CLAIMS)


VOUCHING_CLAIMS = ("xms_edov", "email_verified")


class MicrosoftBackend(OIDCAuthenticationBackend):
    """Signs in people with an account or a pending invitation; refuses everyone else.

    Why a refusal happened is left on the request as ``oidc_refusal`` for the page.
    """

    def __init__(self, *args, **kwargs):
        # Django builds every backend for each password sign-in and each signed-in request:
        # nothing here may fetch anything, so the endpoints are looked up when used.
        self.UserModel = get_user_model()
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None

    @property
    def OIDC_OP_TOKEN_ENDPOINT(self):
        return provider_metadata()["token_endpoint"]

    @property
    def OIDC_OP_JWKS_ENDPOINT(self):
        return provider_metadata()["jwks_uri"]

    def authenticate(self, request, **kwargs):
        # Only the callback passes a nonce: a password sign-in never reaches the provider.
        if not settings.OIDC_ENABLED or request is None or "nonce" not in kwargs:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except ProviderUnavailable:
            logger.exception("Microsoft sign-in failed: provider unavailable")
            request.oidc_refusal = "unavailable"
        except (requests.RequestException, SuspiciousOperation, jwt.InvalidTokenError) as error:
            logger.warning("Microsoft sign-in failed: %s", error)
            request.oidc_refusal = "failed"
        return None

    def get_user(self, user_id):
        # The library's own version would keep a disabled account signed in.
        return ModelBackend.get_user(self, user_id)

    def get_userinfo(self, access_token, id_token, payload):
        """The verified ID token's claims: Microsoft's userinfo has no tenant or object id."""
        metadata = provider_metadata()
        # A multi-tenant Microsoft issuer is a template: https://.../{tenantid}/v2.0
        issuer = metadata["issuer"].replace("{tenantid}", str(payload.get("tid", "")))
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if payload.get("iss") != issuer or self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token issuer or audience does not match.")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        tenant = claims.get("tid") or claims["iss"]
        subject = claims.get("oid") or claims.get("sub")
        email = _email_from(claims)
        if not subject:
            raise SuspiciousOperation("ID token has no subject.")
        allowed_tenants = settings.OIDC_ALLOWED_TENANTS
        domains = settings.OIDC_ALLOWED_EMAIL_DOMAINS
        domain = email.rsplit("@", 1)[-1].lower()
        if (allowed_tenants and str(claims.get("tid", "")).lower() not in allowed_tenants) or (
            domains and domain not in domains
        ):
            logger.info("Microsoft sign-in refused: tenant %s, domain %s", tenant, domain)
            self.request.oidc_refusal = "organisation"
            return None
        name = claims.get("name") or " ".join(
            filter(None, [claims.get("given_name"), claims.get("family_name")])
        )
        try:
            return identities.external_identity_sign_in(
                tenant=tenant,
                subject=subject,
                email=email,
                name=name,
                # No address at all (with several tenants, no "email" claim) links nothing.
                email_vouched=bool(email) and email_vouched(claims),
            )
        except ValidationError as refusal:
            logger.info("Microsoft sign-in refused (%s): %s", refusal.code, email)
            self.request.oidc_refusal = refusal.code
            return None


class MicrosoftSignInView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider. A plain link starts it: CSP form-action stays 'self'."""

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID

    def get(self, request):
        try:
            self.OIDC_OP_AUTH_ENDPOINT = provider_metadata()["authorization_endpoint"]
        except ProviderUnavailable:
            logger.exception("Microsoft sign-in could not start")
            return _refused(request, "unavailable", status=503)
        return super().get(request)


class MicrosoftCallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends people back; a refusal gets a page saying why."""

    def get(self, request):
        if request.GET.get("error") and not _state_expected(request):
            # The library signs out whoever follows a link with an "error" in it. Only the
            # provider's answer to a sign-in this browser started may do that: any other
            # link must not end a session, as signing out needs a form (POST).
            return self.login_failure()
        try:
            return super().get(request)
        except SuspiciousOperation as error:
            # A state this browser never had or has used already: most often the callback
            # page reloaded, or opened again from the history.
            logger.warning("Microsoft sign-in callback refused: %s", error)
            return self.login_failure()

    def login_failure(self):
        reason = getattr(self.request, "oidc_refusal", None) or "failed"
        return _refused(self.request, reason, status=503 if reason == "unavailable" else 403)


def _state_expected(request) -> bool:
    """Whether the callback's ``state`` is one of a sign-in this browser started."""
    return request.GET.get("state") in request.session.get("oidc_states", {})


def oidc_urlpatterns() -> list:
    """The Microsoft sign-in URLs, named as mozilla-django-oidc expects."""
    return [
        path(
            "sign-in/microsoft/",
            login_not_required(MicrosoftSignInView.as_view()),
            name="oidc_authentication_init",
        ),
        path(
            "sign-in/microsoft/callback/",
            login_not_required(MicrosoftCallbackView.as_view()),
            name="oidc_authentication_callback",
        ),
    ]
