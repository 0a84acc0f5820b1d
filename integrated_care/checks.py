"""System checks of the project's own settings, run by `manage.py check`."""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

SITE_URL_LOCAL = "integrated_care.W001"


def _is_local(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def site_url_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Warn when, in production, links in emails would point at this machine.

    Registered for `manage.py check --deploy` only: in development the local address is
    right. SITE_URL falls back to http://127.0.0.1:8000 when neither it nor
    DJANGO_CSRF_TRUSTED_ORIGINS is set, and nothing else would notice.
    """
    if settings.DEBUG or not _is_local(urlsplit(settings.SITE_URL).hostname or ""):
        return []
    return [
        checks.Warning(
            f"Links in emails point at {settings.SITE_URL}, which works only on the server itself.",
            hint="Set SITE_URL to the address people use, like https://care.example.org.",
            id=SITE_URL_LOCAL,
        )
    ]
