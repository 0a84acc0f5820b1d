"""Who may do what: one table of actions by role, checked on every write."""

from enum import StrEnum

from django.core.exceptions import PermissionDenied

from partnerships.models import Membership, Role


class Action(StrEnum):
    VIEW = "view"
    EDIT_DRAFT = "edit_draft"
    START = "start"
    SET_WEIGHTS = "set_weights"
    SUBMIT = "submit"
    RETURN = "return"
    SIGN_OFF = "sign_off"
    # Team scoring (the consensus app).
    CHOOSE_RATERS = "choose_raters"  # and switch a draft to individual ratings
    RATE_INDIVIDUALLY = "rate_individually"  # only someone the lead chose as a rater
    OPEN_AGREEMENT = "open_agreement"
    SEE_TEAM_RATINGS = "see_team_ratings"  # with names, on the agreement pages
    # Board-ready reports and follow-through (the actions app).
    PREPARE_FOR_BOARD = "prepare_for_board"  # the lead's summary, the board's ask, targets
    UPDATE_ACTIONS = "update_actions"  # progress on a signed-off assessment's actions
    # The team page: members, invitations (contributors and viewers only; see accounts).
    MANAGE_TEAM = "manage_team"


ALLOWED_ROLES: dict[Action, frozenset[str]] = {
    Action.VIEW: frozenset(Role.values),
    Action.EDIT_DRAFT: frozenset({Role.CONTRIBUTOR, Role.LEAD}),
    Action.START: frozenset({Role.LEAD}),
    Action.SET_WEIGHTS: frozenset({Role.LEAD}),
    Action.SUBMIT: frozenset({Role.LEAD}),
    Action.RETURN: frozenset({Role.LEAD, Role.APPROVER}),
    Action.SIGN_OFF: frozenset({Role.APPROVER}),
    Action.CHOOSE_RATERS: frozenset({Role.LEAD}),
    Action.RATE_INDIVIDUALLY: frozenset({Role.CONTRIBUTOR, Role.LEAD, Role.APPROVER}),
    Action.OPEN_AGREEMENT: frozenset({Role.LEAD}),
    # Viewers read the spread in reports only, where names are left out.
    Action.SEE_TEAM_RATINGS: frozenset({Role.CONTRIBUTOR, Role.LEAD, Role.APPROVER}),
    Action.PREPARE_FOR_BOARD: frozenset({Role.LEAD}),
    Action.UPDATE_ACTIONS: frozenset({Role.CONTRIBUTOR, Role.LEAD}),
    Action.MANAGE_TEAM: frozenset({Role.LEAD}),
}


def partnership_roles(user) -> dict[int, str]:
    """The user's role in each of their partnerships, read once per request and cached on it."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, "_partnership_roles", None)
    if cached is None:
        cached = dict(Membership.objects.filter(user=user).values_list("partnership_id", "role"))
        user._partnership_roles = cached
    return cached


def can(user, action: Action, partnership_id: int) -> bool:
    role = partnership_roles(user).get(partnership_id)
    return role is not None and role in ALLOWED_ROLES[action]


def partnership_ids_allowing(user, action: Action) -> list[int]:
    """The partnerships in which the user's role allows ``action``."""
    return [pid for pid, role in partnership_roles(user).items() if role in ALLOWED_ROLES[action]]


def require(user, action: Action, partnership_id: int) -> None:
    """Refuse a write the user's role does not allow. Non-members never get this far (404)."""
    if not can(user, action, partnership_id):
        raise PermissionDenied(f"Your role does not allow this: {action}.")
