"""Improvement actions as the board pack counts them, one rule for every count it shows.

Each action is counted as it stands now, after any update since sign-off (``actions``), and
an action carried forward into a later assessment as its newest copy stands: the original
can no longer be updated once carried forward, so the board sees what happened to it, not
what was planned. The service summaries' open actions and the follow-through table both
count this way, from the same read: one query however many services, assessments or
actions there are.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from actions.selectors import with_current
from assessments.models import ActionStatus, ImprovementAction
from principles.models import PrincipleSet

IN_PROGRESS, OVERDUE = "in_progress", "overdue"


class PackAction(NamedTuple):
    """One improvement action as it stands now, with the assessment it belongs to (a named
    tuple: quick to make from each row read)."""

    pk: int
    carried_from_id: int | None
    current_status: str
    current_due_date: date
    assessment_id: int
    service_id: int
    state: str
    period: str


def pack_actions(
    service_ids: Iterable[int], principle_set: PrincipleSet, today: date
) -> list[PackAction]:
    """Every action of these services' assessments against the set, as it stands now, oldest
    first: only the values counted, not a model instance per action. One query."""
    return [
        PackAction._make(row)
        for row in with_current(
            ImprovementAction.objects.filter(
                rating__assessment__service_id__in=list(service_ids),
                rating__assessment__principle_set=principle_set,
            ),
            today=today,
        )
        .order_by("pk")
        .values_list(
            "pk",
            "carried_from_id",
            "current_status",
            "current_due_date",
            "rating__assessment_id",
            "rating__assessment__service_id",
            "rating__assessment__state",
            "rating__assessment__period",
        )
    ]


def copies_of(actions: Iterable[PackAction]) -> dict[int, list[PackAction]]:
    """The copies of each action carried forward, by the id of the action they copy."""
    copies = defaultdict(list)
    for action in actions:
        if action.carried_from_id:
            copies[action.carried_from_id].append(action)
    return copies


def newest(action: PackAction, copies: dict[int, list[PackAction]]) -> PackAction:
    """The action's newest copy (itself when never carried forward), followed from
    assessment to assessment; a loop in bad data stops, not hangs."""
    seen = set()
    while copies.get(action.pk) and action.pk not in seen:
        seen.add(action.pk)
        action = copies[action.pk][-1]
    return action


def outcome_of(status: str, due: date, today: date) -> str:
    """An action's outcome now: its status, with open actions split by their due date."""
    if status in (ActionStatus.COMPLETED, ActionStatus.DROPPED):
        return status
    return OVERDUE if due < today else IN_PROGRESS


def outcome_now(action: PackAction, copies: dict[int, list[PackAction]], today: date) -> str:
    """The action's outcome now, as its newest copy stands."""
    action = newest(action, copies)
    return outcome_of(action.current_status, action.current_due_date, today)


def open_counts(actions: list[PackAction], today: date) -> dict[int, tuple[int, int]]:
    """Open and overdue actions of each assessment among ``actions`` (every action of its
    service against the set, so that copies are found), as each one's newest copy stands."""
    copies = copies_of(actions)
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for action in actions:
        outcome = outcome_now(action, copies, today)
        if outcome in (IN_PROGRESS, OVERDUE):
            counts[action.assessment_id][0] += 1
            counts[action.assessment_id][1] += outcome == OVERDUE
    return {pk: (open_, overdue) for pk, (open_, overdue) in counts.items()}
