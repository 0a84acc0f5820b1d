"""Signing out after the idle limit: the warning before it, and what is said after it.

People are signed out after ``SESSION_COOKIE_AGE`` seconds without using the service. Every
page for a signed-in person carries GOV.UK's timeout warning (includes/timeout_warning.html,
run by static/js/timeout-warning.js: no inline script), told how long its session has left.
It opens ``warning_seconds`` before the end; "Stay signed in" posts to ``keep_alive``, which
starts the idle clock again. When the time runs out the script sends the person to sign in,
posting the form first on pages that keep unsaved answers (``integrated_care.unsaved``), and
the sign-in page says why.
"""

import time

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.views.decorators.http import require_POST

from .forms import SignInForm
from .sessions import REFRESHED_KEY
from .unsaved import KEPT_SECONDS, QUERY

# GOV.UK's pattern warns a few minutes ahead; WCAG 2.2.1 asks for at least 20 seconds.
WARNING_SECONDS = 5 * 60


def _plural(number: int, unit: str) -> str:
    return f"{number} {unit}" if number == 1 else f"{number} {unit}s"


def idle_limit_text(seconds: int | None = None) -> str:
    """The idle limit in words: "60 minutes", "2 hours", "90 minutes", "30 seconds"."""
    seconds = settings.SESSION_COOKIE_AGE if seconds is None else seconds
    if seconds < 60 or seconds % 60:
        return _plural(seconds, "second")
    minutes = seconds // 60
    if minutes > 60 and minutes % 60 == 0:
        return _plural(minutes // 60, "hour")
    return _plural(minutes, "minute")


def seconds_left(request) -> int:
    """How long until this session ends, as this response leaves it.

    The idle clock moves forward only when it is due (``integrated_care.sessions``): the
    session ends ``SESSION_COOKIE_AGE`` after its last refresh, which may be up to
    ``SESSION_REFRESH_SECONDS`` before this request. Sent as seconds from now, so the
    browser's clock need not agree with the server's.
    """
    age = settings.SESSION_COOKIE_AGE
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return age  # no session to end: the warning is only for signed-in people
    last = request.session.get(REFRESHED_KEY)
    now = int(time.time())
    if not isinstance(last, int) or not 0 <= now - last < settings.SESSION_REFRESH_SECONDS:
        return age  # refreshed by this response
    return age - (now - last)


def timeout_warning(request) -> dict:
    """Context processor: what the timeout warning needs (only signed-in people get one)."""
    seconds = settings.SESSION_COOKIE_AGE
    return {
        "idle_limit": {
            "seconds": seconds,
            "seconds_left": seconds_left(request),
            "warning_seconds": min(WARNING_SECONDS, seconds // 2),
            "text": idle_limit_text(seconds),
            # How long answers typed before the sign-out are kept (integrated_care.unsaved).
            "kept_text": idle_limit_text(KEPT_SECONDS),
        }
    }


@require_POST
def keep_alive(request):
    """ "Stay signed in": the idle clock starts again. Nothing else changes."""
    request.session.modified = True  # saved, so the session and its cookie last longer
    return HttpResponse(status=204)


class SignInView(auth_views.LoginView):
    """Django's sign-in page, saying why when the person was signed out for being idle."""

    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["timed_out"] = self.request.GET.get("timed_out") == "1"
        context["answers_kept"] = f"{QUERY}=" in str(context.get(self.redirect_field_name, ""))
        return context
