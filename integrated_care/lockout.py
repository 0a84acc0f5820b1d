"""What django-axes records for a failed sign-in."""

from django.conf import settings

# django-axes's username column (AccessAttempt, AccessLog, AccessFailureLog).
AXES_USERNAME_MAX_LENGTH = 255


def username_for_lockout(request, credentials: dict | None = None) -> str | None:
    """The username tried, as the account it names: trimmed and in lower case, cut to what
    django-axes can store.

    People sign in with their email address in any case (``accounts.backends``), so
    "Name@Example.org" and "name@example.org" are one account and must share one count of
    failures: counted apart, each way of writing it would get its own five tries, and the
    right password in another case would get past a lockout. (A break-glass username is
    matched exactly, so counting it in lower case only ever locks more, never less.)

    Our sign-in form refuses anything longer than an email address before anyone looks it
    up, but Django admin's sign-in form has no limit: without this, a username of 256
    characters or more makes PostgreSQL refuse to store the attempt (a server error for
    anyone). Names that long are never real, so counting them by their first 255
    characters locks out nobody who could sign in.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        username = credentials.get(field)
    else:
        username = getattr(request, "data", request.POST).get(field)
    if username is None:
        return None
    return str(username).strip().lower()[:AXES_USERNAME_MAX_LENGTH]


def client_ip_for_lockout(request) -> str | None:
    """The client's address as django-axes records it (``AXES_CLIENT_IP_CALLABLE``).

    The same address the feedback form's rate limit counts: behind ``DJANGO_PROXY_COUNT``
    reverse proxies, the entry that many places from the end of X-Forwarded-For, not the
    proxy's own address (which would lock out everyone behind it together). django-axes's
    own ``AXES_IPWARE_PROXY_COUNT`` needs django-ipware, which this project does not use.
    None when there is no usable address, as django-axes stores addresses in an IP column.
    """
    from voice.ratelimit import client_address

    address = client_address(None, request)
    return None if address == "unknown" else address
