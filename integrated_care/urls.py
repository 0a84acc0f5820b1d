from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import TemplateView

from accounts.oidc import oidc_urlpatterns
from assessments.views.dashboard import dashboard

from .health import health
from .session_timeout import SignInView, keep_alive


def public_page(template_name, **extra_context):
    """A static information page anyone can read, signed in or not."""
    return login_not_required(
        TemplateView.as_view(template_name=template_name, extra_context=extra_context)
    )


urlpatterns = [
    path("", dashboard, name="home"),
    path("assessments/", include("assessments.urls")),
    # Team scoring: individual ratings, then agreement (under each assessment's address).
    path("assessments/", include("consensus.urls")),
    path("principles/", include("principles.urls")),
    # People's voice: members' pages, and the public feedback form (no sign-in).
    path("feedback/", include("voice.urls")),
    path("email-notifications/", include("notifications.urls")),
    path("sign-in/", SignInView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    # "Stay signed in" in the timeout warning.
    path("session/keep-alive/", keep_alive, name="session_keep_alive"),
    # Improvement actions through the year: the partnership's Actions page and each action.
    path("", include("actions.urls")),
    # Team pages, invitations and password reset.
    path("", include("accounts.urls")),
    # Sign in with Microsoft: absent unless configured (OIDC_TENANT or OIDC_ISSUER).
    *(oidc_urlpatterns() if settings.OIDC_ENABLED else []),
    path("accessibility/", public_page("pages/accessibility.html"), name="accessibility"),
    path(
        "cookies/",
        public_page("pages/cookies.html", session_hours=settings.SESSION_COOKIE_AGE // 3600),
        name="cookies",
    ),
    path("health/", health, name="health"),
    path("admin/", admin.site.urls),
]
