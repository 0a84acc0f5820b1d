"""Password reset by email: Django's own views, with GOV.UK pages and a rate limit."""

import logging

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.urls import reverse_lazy
from django_ratelimit.core import is_ratelimited

from .. import sessions
from ..forms import NewPasswordForm, ResetRequestForm

logger = logging.getLogger(__name__)


def _email_key(group, request) -> str:
    return request.POST.get("email", "").strip().lower()


def reset_limited(request) -> bool:
    """Count this request against both limits, per address and per email address."""
    rate = f"{settings.PASSWORD_RESETS_PER_HOUR}/h"
    # Both are counted whatever the other says, so neither can be used to skip the other.
    by_address = is_ratelimited(
        request, group="password-reset-address", key="ip", rate=rate, increment=True
    )
    by_email = is_ratelimited(
        request, group="password-reset-email", key=_email_key, rate=rate, increment=True
    )
    return by_address or by_email


class ResetRequestView(auth_views.PasswordResetView):
    form_class = ResetRequestForm
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        if reset_limited(self.request):
            # The same page as ever, so a limit reveals nothing; nothing is sent.
            logger.warning("Password reset rate limit reached; no email sent")
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # The sign-in lockout page sends people here: the new password works straight away.
        sessions.user_lockout_lift(user=form.user)
        return response
