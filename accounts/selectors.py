"""Reads for accounts: invitations, a partnership's members, and who may invite whom."""

from django.db.models import QuerySet

from partnerships.models import Membership, Partnership, Role
from partnerships.permissions import ALLOWED_ROLES, Action, can

from .models import Invitation, token_hash

# What a lead may offer: never a role with more power than contributing or reading.
LEAD_GRANTABLE_ROLES = (Role.CONTRIBUTOR, Role.VIEWER)


def roles_grantable(*, sender, partnership: Partnership) -> list[str]:
    """The roles ``sender`` may offer in ``partnership``: an invitation never grants more.

    Admins who may add memberships in Django admin may offer any role; a lead of the
    partnership may offer contributor and viewer; anyone else, nothing.
    """
    if sender is None or not sender.is_active:
        return []
    if sender.has_perm("partnerships.add_membership"):
        return list(Role.values)
    if can(sender, Action.MANAGE_TEAM, partnership.pk):
        return [str(role) for role in LEAD_GRANTABLE_ROLES]
    return []


def invitation_by_token(token: str) -> Invitation | None:
    """The invitation whose link carries ``token``, in whatever state, or None."""
    return (
        Invitation.objects.select_related("partnership", "invited_by")
        .filter(token_hash=token_hash(token))
        .first()
    )


def invitations_open_for(partnership: Partnership) -> QuerySet[Invitation]:
    """Invitations to ``partnership`` not yet accepted or withdrawn, expired ones included."""
    return (
        Invitation.objects.open()
        .filter(partnership=partnership)
        .select_related("invited_by")
        .order_by("email")
    )


def partnership_members(partnership: Partnership) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(partnership=partnership)
        .select_related("user")
        .order_by("user__display_name", "user__first_name", "user__email")
    )


def anyone_signs_off(members: list[Membership]) -> bool:
    """Whether any of a partnership's ``members`` may record the board's sign-off (an active
    approver): a new partnership may have only its lead, which only an administrator can
    put right."""
    return any(m.role in ALLOWED_ROLES[Action.SIGN_OFF] and m.user.is_active for m in members)
