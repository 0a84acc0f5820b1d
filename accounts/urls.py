from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path

from .views import invitation, password, team

app_name = "accounts"

urlpatterns = [
    path("partnerships/<slug:partnership_slug>/team/", team.team, name="team"),
    path(
        "partnerships/<slug:partnership_slug>/team/invitations/<int:pk>/resend/",
        team.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "partnerships/<slug:partnership_slug>/team/invitations/<int:pk>/withdraw/",
        team.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path("invitations/<str:token>/", invitation.invitation_accept, name="invitation_accept"),
    path("password-reset/", password.ResetRequestView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            extra_context={"valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600}
        ),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        password.ResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
