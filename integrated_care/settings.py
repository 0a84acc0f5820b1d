"""Settings for the integrated care self-assessment service.

Every difference between environments comes from environment variables, read once
here through the typed readers in integrated_care/environment.py. With DJANGO_DEBUG
off the settings are production-safe and refuse to start without a secret key.
"""

import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from integrated_care.environment import (
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_mailers,
    env_rate,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent


DEBUG = env_bool("DJANGO_DEBUG", default=False)

# A development key is only ever used with DEBUG on; production must supply its own.
_DEV_SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env_str("DJANGO_SECRET_KEY", _DEV_SECRET_KEY if DEBUG else None)
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "Set DJANGO_SECRET_KEY: it is required when DJANGO_DEBUG is off. "
        "For local development set DJANGO_DEBUG=true instead."
    )
if not DEBUG and SECRET_KEY == _DEV_SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY is the development key: set a real one.")

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",  # "5,000" in the character count's hint
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_forms_gds",
    "simple_history",
    "axes",
    "mozilla_django_oidc",
    "django_ratelimit",
    # Stores queued background tasks (emails) in the database; `manage.py db_worker` runs them.
    "django_tasks_db",
    "integrated_care",
    "accounts",
    "principles",
    "partnerships",
    "assessments",
    "reporting",
    "notifications",
    "voice",
    "actions",
    "consensus",
]
AUTH_USER_MODEL = "accounts.User"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "integrated_care.middleware.NullCharacterAddressMiddleware",
    # A typed line break is one character, as the box counted it.
    "integrated_care.line_breaks.LineBreaksMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, so static files keep their caching and every page and download
    # is sent "private, no-store".
    "integrated_care.middleware.PrivateNoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Moves the idle sign-out time forward when it is due, not on every request.
    "integrated_care.sessions.IdleSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before LoginRequiredMiddleware: keeps what a page posted after its session ended.
    "integrated_care.unsaved.UnsavedAnswersMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records who made each change in the audit trail.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into its own response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "integrated_care.urls"
WSGI_APPLICATION = "integrated_care.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "integrated_care.context_processors.service",
                "integrated_care.session_timeout.timeout_warning",
            ],
            "libraries": {"govuk": "integrated_care.govuk_tags"},
        },
    },
]

VAR_DIR = Path(env_str("DJANGO_VAR_DIR", str(BASE_DIR / "var")))
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        # Reusing connections roughly doubles throughput under load (benchmarks/loadtest).
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0 if DEBUG else 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Take the write lock when a transaction starts, so the version checks that
    # guard against lost updates hold on SQLite as they do on PostgreSQL.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

AUTHENTICATION_BACKENDS = [
    # Checks for repeated failed sign-ins before the password is even tried.
    "axes.backends.AxesStandaloneBackend",
    # Email address (any case), or username for administrators' break-glass accounts.
    "accounts.backends.EmailOrUsernameBackend",
    # Microsoft work accounts (OpenID Connect); refuses everything while OIDC is not configured.
    "accounts.oidc.MicrosoftBackend",
]
AXES_FAILURE_LIMIT = env_int("DJANGO_SIGN_IN_ATTEMPTS", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("DJANGO_LOCKOUT_MINUTES", 15))
# Lock a username only from the address that failed, so one attacker cannot lock
# everyone out of a shared office network, and one address cannot try every user.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# What a failed attempt records as the username, cut to the length django-axes stores.
AXES_USERNAME_CALLABLE = "integrated_care.lockout.username_for_lockout"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Lockouts count the client's address behind DJANGO_PROXY_COUNT proxies, as the feedback
# form's rate limit does (django-axes's AXES_IPWARE_* settings need django-ipware).
AXES_CLIENT_IP_CALLABLE = "integrated_care.lockout.client_ip_for_lockout"
# Password sign-in is a POST. The Microsoft sign-in callback is a GET: a refused Microsoft
# identity is not a guessed password, and must not lock anyone out.
AXES_NEVER_LOCKOUT_GET = True

# Password reset requests (django-ratelimit): per address and per email address. A limited
# request shows the same page as any other and sends nothing. The counts live in the
# "ratelimit" cache (below), shared by every server through the database.
PASSWORD_RESETS_PER_HOUR = env_int("DJANGO_PASSWORD_RESETS_PER_HOUR", 5)
# A reset link works for an hour (Django's default is three days).
PASSWORD_RESET_TIMEOUT = 60 * 60
# The client address as django-axes sees it, so DJANGO_PROXY_COUNT applies to both.
RATELIMIT_IP_META_KEY = "axes.helpers.get_client_ip_address"
# django-ratelimit names only memcached and Redis as supported; our counter cache is atomic.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]

# Sign in with Microsoft (Entra ID, NHSmail) by OpenID Connect, with mozilla-django-oidc.
# Off unless OIDC_TENANT (a Microsoft tenant id, or "organizations" with OIDC_ALLOWED_TENANTS)
# or OIDC_ISSUER (any OpenID provider) is set. The provider's discovery document is fetched
# when someone first starts a Microsoft sign-in, not at start-up (accounts/oidc.py).
OIDC_TENANT = (env_str("OIDC_TENANT") or "").lower() or None  # Microsoft ignores its case
OIDC_ISSUER = env_str(
    "OIDC_ISSUER", f"https://login.microsoftonline.com/{OIDC_TENANT}/v2.0" if OIDC_TENANT else None
)
OIDC_ENABLED = OIDC_ISSUER is not None
OIDC_RP_CLIENT_ID = env_str("OIDC_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_CLIENT_SECRET")
# The tenant a Microsoft issuer names, however it was configured: by OIDC_TENANT, or by an
# OIDC_ISSUER of Microsoft's form. None for any other provider.
_MICROSOFT_ISSUER = re.compile(r"https://login\.microsoftonline\.com/([^/]+)/v2\.0/?", re.I)
_issuer_match = _MICROSOFT_ISSUER.fullmatch(OIDC_ISSUER or "")
_ISSUER_TENANT = _issuer_match[1].lower() if _issuer_match else None
_MULTI_TENANT = {"common", "organizations", "consumers"}
# Microsoft tenant ids (tid) whose people may sign in; by default the one tenant configured.
# Compared in lower case, as Microsoft writes them in tokens.
OIDC_ALLOWED_TENANTS = [
    tenant.lower()
    for tenant in env_list(
        "OIDC_ALLOWED_TENANTS",
        [_ISSUER_TENANT] if _ISSUER_TENANT and _ISSUER_TENANT not in _MULTI_TENANT else [],
    )
]
OIDC_ALLOWED_EMAIL_DOMAINS = [d.lower() for d in env_list("OIDC_ALLOWED_EMAIL_DOMAINS", [])]
if OIDC_ENABLED and not (OIDC_RP_CLIENT_ID and OIDC_RP_CLIENT_SECRET):
    raise ImproperlyConfigured("Set OIDC_CLIENT_ID and OIDC_CLIENT_SECRET to use OIDC sign-in.")
if _ISSUER_TENANT in _MULTI_TENANT and not OIDC_ALLOWED_TENANTS:
    # Anyone can create a Microsoft tenant, and a multi-tenant issuer accepts tokens from
    # every one: without a list, any of them could sign in (OIDC_TENANT or OIDC_ISSUER).
    raise ImproperlyConfigured(
        f"A Microsoft issuer for '{_ISSUER_TENANT}' (OIDC_TENANT={_ISSUER_TENANT}, or "
        "OIDC_ISSUER) needs OIDC_ALLOWED_TENANTS."
    )
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
# Only people with an account or an invitation get in (accounts.oidc.MicrosoftBackend).
OIDC_CREATE_USER = False

# Django's validators with GOV.UK error messages (and the display name checked too).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "accounts.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "accounts.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "accounts.password_validation.CommonPasswordValidator"},
    {"NAME": "accounts.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # GOV.UK Frontend comes from npm (package.json); it is never copied into the repo.
    ("govuk-frontend", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Shared by every app server, so a report PDF rendered by one is reused by all.
# `manage.py createcachetable` creates the tables (make run and the release step run it).
# PDFs have a table of their own: each is large, every change to a draft makes another,
# and Django's database cache throws away a third of its entries, whichever they are,
# once it holds more than MAX_ENTRIES (300 by default): PDFs made ahead at sign-off went,
# and so did the unsaved answers kept in "default". Expired entries go first. At about
# 100 KB a report and 250 KB a 30-service board pack, 5,000 PDFs are about 1 GB.
PDF_CACHE_MAX_ENTRIES = env_int("DJANGO_PDF_CACHE_MAX_ENTRIES", 5000)
if PDF_CACHE_MAX_ENTRIES < 1:
    raise ImproperlyConfigured(
        f"DJANGO_PDF_CACHE_MAX_ENTRIES must be 1 or more, not {PDF_CACHE_MAX_ENTRIES}."
    )
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
    },
    "pdfs": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "pdf_cache",
        # When full, a tenth goes rather than a third.
        "OPTIONS": {"MAX_ENTRIES": PDF_CACHE_MAX_ENTRIES, "CULL_FREQUENCY": 10},
    },
    # Figures worked out across many signed-off assessments (the board pack's lowest-scoring
    # principles across services), which never change for the same assessments: small, so
    # many are kept, in a table of their own so they never push out unsaved answers.
    "figures": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "figures_cache",
        "TIMEOUT": 60 * 60 * 24 * 30,
        "OPTIONS": {"MAX_ENTRIES": 2000, "CULL_FREQUENCY": 10},
    },
    # django-ratelimit's counters. The database cache above increments by reading then
    # writing, so parallel requests could pass a limit; this one counts atomically in its
    # own table (voice.ratelimit), still in the one shared database.
    "ratelimit": {"BACKEND": "voice.ratelimit.CounterCache", "LOCATION": "default"},
}
RATELIMIT_USE_CACHE = "ratelimit"

# The public feedback form (people's voice): posts allowed per address, as django-ratelimit
# writes it ("30/m": 30 a minute; "/s", "/h", "/d" also work). A person answering posts
# about six times; a refused post shows a "please wait" page and loses nothing stored.
FEEDBACK_RATE = env_rate("DJANGO_FEEDBACK_RATE", "30/m")
# The client address the limit counts is the one the outermost of this many proxies saw.
FEEDBACK_PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", 0)

# Draws plain widgets (text boxes, textareas, selects...) without a template each.
FORM_RENDERER = "integrated_care.form_renderer.FastWidgetRenderer"
CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
# The pack gives number inputs no GOV.UK class (only text, email and password inputs).
CRISPY_CLASS_CONVERTERS = {"numberinput": "govuk-input"}

SERVICE_NAME = env_str("SERVICE_NAME", "Integrated care self-assessment")
# For links in emails: the address people use, with https:// or http:// (or email programs
# make no link), not a wildcard origin. `check --deploy` warns of the local default.
_site_url = env_str("SITE_URL")
SITE_URL = (
    _site_url or (CSRF_TRUSTED_ORIGINS[0] if CSRF_TRUSTED_ORIGINS else "http://127.0.0.1:8000")
).rstrip("/")
if not _site_url and "*" in SITE_URL:
    raise ImproperlyConfigured(
        "Set SITE_URL to the address people use, like https://care.example.org: the first "
        f"DJANGO_CSRF_TRUSTED_ORIGINS, {SITE_URL!r}, is a wildcard, which links cannot use."
    )
if not re.match(r"https?://[^/\s*]+(/|$)", SITE_URL, re.IGNORECASE):
    raise ImproperlyConfigured(
        f"{'SITE_URL' if _site_url else 'DJANGO_CSRF_TRUSTED_ORIGINS'} must start with "
        f"https:// or http://, like https://care.example.org, not {SITE_URL!r}: "
        "links in emails use it."
    )

# Email (Django's MAILERS) from EMAIL_URL: see env_mailers. Tests always use Django's outbox.
MAILERS = env_mailers(
    "EMAIL_URL",
    debug=DEBUG,
    mail_dir=VAR_DIR / "mail",
    # A mail server that stops answering must not hold a worker for ever.
    timeout=env_int("EMAIL_TIMEOUT", 30),
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "no-reply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background tasks (sending email): "database" queues them for `manage.py db_worker`;
# "immediate" runs them in the web process after the transaction commits (development).
TASKS_BACKEND = env_choice(
    "DJANGO_TASKS_BACKEND",
    {
        "database": "django_tasks_db.DatabaseBackend",
        "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    },
    "immediate" if DEBUG else "database",
)
TASKS = {"default": {"BACKEND": TASKS_BACKEND}}

# Production hardening: on whenever DEBUG is off, each can be relaxed by variable.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers check health over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
# Preloading commits the domain to HTTPS in browsers for good; set
# DJANGO_HSTS_PRELOAD=false if the organisation has not decided to.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Sign people out after this long without using the service. The session and its cookie
# are saved again only when their expiry is SESSION_REFRESH_SECONDS old or more
# (integrated_care/sessions.py), not on every request: the sign-out comes up to that much
# before the limit, never after it.
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_IDLE_SECONDS", 60 * 60)
SESSION_REFRESH_SECONDS = min(60, SESSION_COOKIE_AGE // 10)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# No inline script or style anywhere: everything comes from our own static files.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Request limits, from the fullest forms within every box's limit: a principle page with
# 50 actions is about 66,000 characters, sent as up to 12 bytes each (an emoji, percent-
# encoded), so 800 KB; a 120-principle set's admin page has 1,363 fields (11 a principle).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DJANGO_MAX_REQUEST_BYTES", 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 4000
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE
if env_bool("DJANGO_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    # WeasyPrint reports every layout step at INFO.
    "loggers": {
        # Django's own console handler would print each of its lines a second time.
        "django": {"handlers": [], "level": "INFO"},
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
