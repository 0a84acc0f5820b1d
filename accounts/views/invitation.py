"""Accepting an invitation from its emailed link: public, by token."""

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from .. import oidc, selectors, services
from ..emails import email_q, same_email
from ..forms import AcceptInvitationForm
from ..models import InvitationStatus

PASSWORD_BACKEND = "accounts.backends.EmailOrUsernameBackend"  # noqa: S105 - a class path


def _joined(request, membership):
    messages.success(request, f"You are now a member of {membership.partnership.name}")
    return redirect("home")


@never_cache
@login_not_required
@sensitive_post_parameters("password1", "password2")
def invitation_accept(request, token):
    """Set a name and password, sign in with Microsoft, or (signed in) just accept."""
    invitation = selectors.invitation_by_token(token)
    user = request.user
    # A sender who may no longer offer the role makes the link unusable: say so now, not
    # after the person has chosen a name and password.
    if (
        invitation is None
        or invitation.status != InvitationStatus.PENDING
        or not services.sender_may_still_grant(invitation)
    ):
        if invitation and user.is_authenticated and invitation.accepted_by_id == user.pk:
            # Accepted already, for example by signing in with Microsoft from this page.
            messages.success(request, f"You are a member of {invitation.partnership.name}")
            return redirect("home")
        return render(request, "accounts/invitation_unusable.html", status=404)
    context = {"invitation": invitation, "microsoft_url": oidc.sign_in_url(request.path)}
    if user.is_authenticated:
        if not same_email(user.email, invitation.email):
            return render(request, "accounts/invitation_wrong_account.html", context)
        if request.method == "POST":
            try:
                membership = services.invitation_accept(invitation=invitation, user=user)
            except ValidationError:
                return render(request, "accounts/invitation_unusable.html", status=404)
            return _joined(request, membership)
        return render(request, "accounts/invitation_confirm.html", context)
    if get_user_model().objects.filter(email_q(invitation.email)).exists():
        return render(request, "accounts/invitation_sign_in.html", context)
    form = AcceptInvitationForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_create_from_invitation(
                invitation=invitation,
                display_name=form.cleaned_data["display_name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            code = getattr(error, "code", None)
            if code in services.UNUSABLE_CODES:
                return render(request, "accounts/invitation_unusable.html", status=404)
            if code == "account_exists":
                # Made since this page was opened, often by the same form sent twice: the
                # page for someone with an account, as opening the link now would show.
                return render(request, "accounts/invitation_sign_in.html", context)
            form.add_error(None, error)
        else:
            login(request, user, backend=PASSWORD_BACKEND)
            return _joined(request, user.memberships.get(partnership=invitation.partnership))
    return render(request, "accounts/invitation_create.html", {**context, "form": form})
