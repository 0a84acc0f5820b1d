"""Who may do what with feedback rounds: one table of actions by role, as for assessments.

Reading feedback (the round's page, its figures and comments) is ``Action.VIEW`` in
``partnerships.permissions``: every member. Viewers read only.
"""

from enum import StrEnum

from django.core.exceptions import PermissionDenied

from partnerships.models import Role
from partnerships.permissions import partnership_roles


class VoiceAction(StrEnum):
    MANAGE_ROUND = "manage_feedback_round"  # open, change the closing date, close, reopen
    ENTER_ASSISTED = "enter_assisted_feedback"  # and print the poster
    MARK_QUOTABLE = "mark_feedback_quotable"


ALLOWED_ROLES: dict[VoiceAction, frozenset[str]] = {
    VoiceAction.MANAGE_ROUND: frozenset({Role.LEAD}),
    VoiceAction.ENTER_ASSISTED: frozenset({Role.CONTRIBUTOR, Role.LEAD, Role.APPROVER}),
    VoiceAction.MARK_QUOTABLE: frozenset({Role.LEAD}),
}


def can(user, action: VoiceAction, partnership_id: int) -> bool:
    role = partnership_roles(user).get(partnership_id)
    return role is not None and role in ALLOWED_ROLES[action]


def require(user, action: VoiceAction, partnership_id: int) -> None:
    """Refuse what the user's role does not allow. Non-members never get this far (404)."""
    if not can(user, action, partnership_id):
        raise PermissionDenied(f"Your role does not allow this: {action}.")
