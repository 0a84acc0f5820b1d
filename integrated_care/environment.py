"""Typed readers of environment variables, for settings.py only.

Each reads one variable and either returns a value of the right type or stops the start-up
with ImproperlyConfigured, naming the variable and what it should look like, so a typo in a
deployment fails loudly instead of quietly meaning something else.
"""

import os
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value is None or value == "" else value


def env_bool(name: str, default: bool) -> bool:
    value = env_str(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = env_str(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = env_str(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choice(name: str, choices: dict[str, str], default: str) -> str:
    """The value of ``choices`` the variable names (one of its keys)."""
    value = env_str(name, default)
    if value not in choices:
        names = " or ".join(choices)
        raise ImproperlyConfigured(f"{name} must be {names}, not {value!r}.")
    return choices[value]


def env_rate(name: str, default: str) -> str:
    """A django-ratelimit rate such as "30/m" (also /s, /h, /d)."""
    value = env_str(name, default)
    if not re.fullmatch(r"[1-9]\d*/\d*[smhd]", value):
        raise ImproperlyConfigured(
            f"{name} must look like 30/m (a number, then /s, /m, /h or /d), not {value!r}."
        )
    return value


def env_mailers(name: str, *, debug: bool, mail_dir: Path, timeout: int) -> dict:
    """Django's MAILERS from one URL: smtp://user:password@host:587 (STARTTLS unless
    ?tls=false) or smtps://user:password@host:465 (TLS from the start).

    Without it: files under ``mail_dir`` in development, the local mail server
    (localhost:25) otherwise.
    """
    url = urlsplit(env_str(name, ""))
    if not url.scheme:
        if debug:
            return {
                "default": {
                    "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                    "OPTIONS": {"file_path": mail_dir},
                }
            }
        return {"default": {"OPTIONS": {"host": "localhost", "port": 25, "timeout": timeout}}}
    if url.scheme not in {"smtp", "smtps"} or not url.hostname:
        raise ImproperlyConfigured(
            f"{name} must look like smtp://user:password@host:587, not {url.scheme}://..."
        )
    ssl = url.scheme == "smtps"
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": url.hostname,
                "port": url.port or (465 if ssl else 587),
                "username": unquote(url.username or ""),
                "password": unquote(url.password or ""),
                "use_ssl": ssl,
                "use_tls": not ssl and parse_qs(url.query).get("tls") != ["false"],
                "timeout": timeout,
            },
        }
    }
