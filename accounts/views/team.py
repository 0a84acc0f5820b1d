"""A partnership's team page: members, open invitations, and inviting someone (leads and admins)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render

from partnerships.models import Role
from partnerships.selectors import partnerships_for_user

from .. import selectors, services
from ..forms import InvitationForm
from ..models import Invitation

# Which form field a refusal from invitation_create belongs to.
ERROR_FIELDS = {"role_not_allowed": "role", "invalid_role": "role"}

# Refusals that say what has already happened (a second click, the back button): news,
# not a mistake to put right.
ALREADY_DONE = {"sent_recently", "withdrawn", "used"}


def _team_partnership(request, partnership_slug):
    """The user's partnership (404 for any other), if they may invite people to it (else 403)."""
    partnership = get_object_or_404(partnerships_for_user(request.user), slug=partnership_slug)
    roles = selectors.roles_grantable(sender=request.user, partnership=partnership)
    if not roles:
        raise PermissionDenied("Only a lead can manage the team.")
    return partnership, roles


def team(request, partnership_slug):
    """The members and open invitations of a partnership, with a form to invite someone."""
    partnership, roles = _team_partnership(request, partnership_slug)
    form = InvitationForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                sender=request.user,
                partnership=partnership,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            form.add_error(ERROR_FIELDS.get(error.code, "email"), error)
        else:
            messages.success(request, f"Invitation sent to {invitation.email}")
            return redirect("accounts:team", partnership_slug=partnership.slug)
    invitations = [
        (invitation, invitation.role in roles)
        for invitation in selectors.invitations_open_for(partnership)
    ]
    members = list(selectors.partnership_members(partnership))
    return render(
        request,
        "accounts/team.html",
        {
            "partnership": partnership,
            "members": members,
            "nobody_signs_off": not selectors.anyone_signs_off(members),
            "invitations": invitations,
            "form": form,
            # Leads offer contributors and viewers only: say who can add the other roles.
            "may_add_leads_and_approvers": {Role.LEAD, Role.APPROVER} <= set(roles),
        },
    )


def _invitation_action(request, partnership_slug, pk, service, done_message):
    partnership, _ = _team_partnership(request, partnership_slug)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    # Closed invitations too: the service says it was already withdrawn or accepted.
    invitation = get_object_or_404(Invitation, pk=pk, partnership=partnership)
    try:
        service(sender=request.user, invitation=invitation)
    except ValidationError as error:
        level = messages.INFO if error.code in ALREADY_DONE else messages.ERROR
        messages.add_message(request, level, error.message)
    else:
        messages.success(request, done_message.format(email=invitation.email))
    return redirect("accounts:team", partnership_slug=partnership.slug)


def invitation_resend(request, partnership_slug, pk):
    """Email a new link for an open invitation (the old link stops working), unless the
    last email was sent moments ago."""
    return _invitation_action(
        request,
        partnership_slug,
        pk,
        services.invitation_resend,
        "Invitation sent again to {email}",
    )


def invitation_withdraw(request, partnership_slug, pk):
    """Withdraw an open invitation: its link stops working."""
    return _invitation_action(
        request,
        partnership_slug,
        pk,
        services.invitation_withdraw,
        "Invitation to {email} withdrawn",
    )
