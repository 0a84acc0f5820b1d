"""Settings come from the environment and refuse an insecure production start."""

import pytest
from django.conf import settings

from tests.fresh_django import run_django


def _start(setting="DEBUG", **env):
    """Start Django in a fresh process with only the given DJANGO_ variables; print a setting."""
    return run_django(
        f"from django.conf import settings; print(settings.{setting})", clear="DJANGO_", **env
    )


def test_production_without_secret_key_refuses_to_start():
    """With DEBUG off and no DJANGO_SECRET_KEY the app stops with a clear message."""
    result = _start()
    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr


def test_production_with_the_development_key_refuses_to_start():
    """The published development key is refused when DEBUG is off."""
    result = _start(DJANGO_SECRET_KEY="insecure-development-key-never-use-in-production")
    assert result.returncode != 0
    assert "development key" in result.stderr


def test_debug_starts_without_a_secret_key():
    """Local development needs no secret key."""
    result = _start(DJANGO_DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_unreadable_boolean_is_refused():
    """A DJANGO_DEBUG value that is neither true nor false is refused, not guessed."""
    result = _start(DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false" in result.stderr


def test_production_defaults_are_secure():
    """With DEBUG off (as in the test run) cookies are secure and HSTS is on."""
    assert settings.DEBUG is False
    assert settings.SESSION_COOKIE_SECURE is True
    assert settings.CSRF_COOKIE_SECURE is True
    assert settings.SECURE_HSTS_SECONDS >= 31_536_000
    assert settings.ALLOWED_HOSTS == [] or "*" not in settings.ALLOWED_HOSTS


@pytest.mark.parametrize(
    "url, engine",
    [
        ("postgres://app@127.0.0.1:5432/care", "django.db.backends.postgresql"),
        ("sqlite:////tmp/x.sqlite3", "django.db.backends.sqlite3"),
    ],
)
def test_database_comes_from_database_url(url, engine):
    """DATABASE_URL chooses the database engine."""
    result = _start("DATABASES['default']['ENGINE']", DJANGO_DEBUG="true", DATABASE_URL=url)
    assert result.stdout.strip() == engine, result.stderr


def test_the_pdf_cache_size_comes_from_the_environment():
    """DJANGO_PDF_CACHE_MAX_ENTRIES sets how many PDFs are kept before any is culled."""
    result = _start(
        "CACHES['pdfs']['OPTIONS']['MAX_ENTRIES']",
        DJANGO_DEBUG="true",
        DJANGO_PDF_CACHE_MAX_ENTRIES="20000",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "20000"


@pytest.mark.parametrize("value", ["lots", "0"])
def test_an_unusable_pdf_cache_size_is_refused(value):
    """A PDF cache size that is not a whole number of 1 or more stops the start."""
    result = _start(DJANGO_DEBUG="true", DJANGO_PDF_CACHE_MAX_ENTRIES=value)
    assert result.returncode != 0
    assert "DJANGO_PDF_CACHE_MAX_ENTRIES must be" in result.stderr


def test_development_prints_each_log_line_once():
    """In development a Django log line reaches the console once, not through two handlers."""
    result = run_django(
        "import logging; logging.getLogger('django.request').warning('Not Found: /nowhere')",
        clear="DJANGO_",
        DJANGO_DEBUG="true",
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("Not Found: /nowhere") == 1
