"""Improvement actions as the board pack counts them, one rule for every count it shows.

Each action is counted as it stands now, after any update since sign-off (``actions``), and
an action carried forward into a later assessment as its newest copy stands: the original
can no longer be updated once carried forward, so the board sees what happened to it, not
what was planned. A service's open actions are every one the board still follows from the
assessment shown for it: that assessment's, and any of an earlier signed-off one that was
never carried forward (``pack_followed``), as the Actions page follows them; the
follow-through table counts the same way. All from the same read: one query however many
services, assessments or actions there are.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any, NamedTuple

from django.utils.text import get_text_list

from actions.selectors import with_current
from assessments.models import ActionStatus, AssessmentState, ImprovementAction
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


def in_view(action: PackAction, shown) -> bool:
    """Whether the board sees ``action`` from the assessment ``shown`` for its service: it is
    that assessment's, or a signed-off earlier one's. A draft's action, or a later year's,
    is not yet the board's."""
    return action.assessment_id == shown.pk or (
        action.state == AssessmentState.SIGNED_OFF and action.period < shown.period
    )


def _carried_into_view(action: PackAction, copies: dict, shown) -> bool:
    """Whether a copy of ``action``, or a copy of a copy, is one the board sees from
    ``shown``: then that copy stands for it. A loop in bad data stops, not hangs."""
    seen, waiting = set(), list(copies.get(action.pk, ()))
    while waiting:
        copy = waiting.pop()
        if copy.pk in seen:
            continue
        if in_view(copy, shown):
            return True
        seen.add(copy.pk)
        waiting.extend(copies.get(copy.pk, ()))
    return False


Followed = list[tuple[PackAction, str]]


def pack_followed(
    *, actions: list[PackAction], shown: dict[int, Any], today: date
) -> dict[int, Followed]:
    """By service, each action the board sees from the assessment ``shown`` for it (by
    service id) that was not carried forward into another it sees, with its outcome now as
    its newest copy stands: the actions of that assessment and those still followed from
    earlier signed-off ones. These are what the Actions page follows (an action carried
    into a later draft only, as that copy), so one never carried forward stays counted
    until it is closed, however many years are signed off after it."""
    copies = copies_of(actions)
    # Whether the board sees an action from ``shown`` rests on its assessment alone, so it
    # is worked out once an assessment, not once an action: a pack holds tens of thousands.
    seen: dict[int, bool] = {}
    followed: dict[int, Followed] = defaultdict(list)
    for action in actions:
        sees = seen.get(action.assessment_id)
        if sees is None:
            assessment = shown.get(action.service_id)
            sees = seen[action.assessment_id] = assessment is not None and in_view(
                action, assessment
            )
        if not sees:
            continue
        # Most actions were never carried forward: nothing stands for them, and they stand
        # as they are now.
        if action.pk not in copies:
            outcome = outcome_of(action.current_status, action.current_due_date, today)
        elif _carried_into_view(action, copies, shown[action.service_id]):
            continue
        else:
            outcome = outcome_now(action, copies, today)
        followed[action.service_id].append((action, outcome))
    return followed


class OpenActions(NamedTuple):
    """A service's open actions now, how many of them are overdue, and how many of them were
    agreed in signed-off cycles before the one shown: (period, how many), oldest first."""

    open: int = 0
    overdue: int = 0
    earlier: tuple[tuple[str, int], ...] = ()

    @property
    def earlier_words(self) -> str:
        """Where the open ones not agreed in the assessment shown come from, for "3 open
        (including 1 from 2025/26)", or "1 open (from 2025/26)" when that is every one;
        "" when every one was agreed in the assessment shown."""
        if not self.earlier:
            return ""
        parts = [f"{count} from {period}" for period, count in self.earlier]
        words = get_text_list(parts, "and")
        if sum(count for _, count in self.earlier) < self.open:
            return f"including {words}"
        return f"from {self.earlier[0][0]}" if len(parts) == 1 else words


def open_actions(followed: Followed, shown) -> OpenActions:
    """The open and overdue ones among a service's ``followed`` actions (``pack_followed``),
    and how many of them are from cycles before ``shown``."""
    still_open = [action for action, outcome in followed if outcome in (IN_PROGRESS, OVERDUE)]
    earlier = Counter(a.period for a in still_open if a.assessment_id != shown.pk)
    return OpenActions(
        open=len(still_open),
        overdue=sum(outcome == OVERDUE for _, outcome in followed),
        earlier=tuple(sorted(earlier.items())),
    )
