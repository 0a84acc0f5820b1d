"""The board pack's follow-through: for each service, what happened to the actions agreed at
its last two sign-offs, targets it is below, and whether its latest signed-off assessment is
older than the others'.

Actions are counted as they stand now, after any update since sign-off (``actions``), and an
action carried forward into a later assessment is counted as its newest copy stands: the
board sees what happened to it, not what was planned. Two queries however many services,
assessments or actions there are.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from django.utils import timezone

from actions.selectors import with_current
from assessments.models import ActionStatus, Assessment, AssessmentState, ImprovementAction
from assessments.score_figures import BelowTargetRow

IN_PROGRESS, OVERDUE = "in_progress", "overdue"


@dataclass(frozen=True)
class Outcome:
    """How many of one cycle's actions are completed, in progress, overdue or dropped now."""

    period: str
    completed: int = 0
    in_progress: int = 0  # proposed, agreed or in progress, and not past its due date
    overdue: int = 0  # not completed or dropped, and past its due date
    dropped: int = 0
    carried_forward: int = 0  # of these, copies of the cycle before's actions (also counted there)

    @property
    def total(self) -> int:
        return self.completed + self.in_progress + self.overdue + self.dropped


@dataclass(frozen=True)
class ServiceFollowThrough:
    service_name: str
    assessment: Assessment
    this_cycle: Outcome | None  # the actions of the assessment shown
    last_cycle: Outcome | None  # the actions of its signed-off assessment before that
    below_target: tuple[BelowTargetRow, ...] = ()


@dataclass(frozen=True)
class FollowThrough:
    newest_period: str | None
    services: list[ServiceFollowThrough] = field(default_factory=list)
    # The board pack's summaries of every service whose latest signed-off assessment is
    # older than another service's, even those whose actions are not listed (on another
    # page): the warning names them all.
    stale: list = field(default_factory=list)

    @property
    def below_target(self) -> list[ServiceFollowThrough]:
        return [s for s in self.services if s.below_target]


class _Action(NamedTuple):
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


def outcome_of(status: str, due: date, today: date) -> str:
    """An action's outcome now: its status, with open actions split by their due date."""
    if status in (ActionStatus.COMPLETED, ActionStatus.DROPPED):
        return status
    return OVERDUE if due < today else IN_PROGRESS


def _newest(action, copies: dict[int, list]) -> object:
    """The action's newest copy, following it from assessment to assessment."""
    seen = set()
    while copies.get(action.pk) and action.pk not in seen:
        seen.add(action.pk)
        action = copies[action.pk][-1]
    return action


def _count(period: str, actions: list, copies: dict[int, list], today: date) -> Outcome:
    counts = dict.fromkeys((ActionStatus.COMPLETED, IN_PROGRESS, OVERDUE, ActionStatus.DROPPED), 0)
    for action in actions:
        if action.pk in copies:  # carried forward: counted as its newest copy stands
            action = _newest(action, copies)
        counts[outcome_of(action.current_status, action.current_due_date, today)] += 1
    return Outcome(
        period=period,
        completed=counts[ActionStatus.COMPLETED],
        in_progress=counts[IN_PROGRESS],
        overdue=counts[OVERDUE],
        dropped=counts[ActionStatus.DROPPED],
        carried_forward=sum(1 for action in actions if action.carried_from_id),
    )


def follow_through(pack, shown: list) -> FollowThrough:
    """``pack`` is a ``board_pack.BoardPack``; ``shown`` the summaries of the services whose
    actions and targets are listed (a page of them on the web page, every one in the PDF).
    Which services are out of date is worked out across every service."""
    today = timezone.localdate()
    included = pack.included
    signed_periods = [s.assessment.period for s in included if s.assessment.is_signed_off]
    newest = max(signed_periods) if signed_periods else None
    stale = [
        s
        for s in included
        if newest and s.assessment.is_signed_off and s.assessment.period < newest
    ]
    service_ids = [s.service.pk for s in shown]
    # Every action of these services' assessments against the set, as it stands now: only
    # the values counted here, not a model instance per action, rating and assessment.
    actions = [
        _Action._make(row)
        for row in with_current(
            ImprovementAction.objects.filter(
                rating__assessment__service_id__in=service_ids,
                rating__assessment__principle_set=pack.principle_set,
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
    by_assessment = defaultdict(list)
    copies = defaultdict(list)
    for action in actions:
        by_assessment[action.assessment_id].append(action)
        if action.carried_from_id:
            copies[action.carried_from_id].append(action)
    # The signed-off assessment before the one shown, per service, among those with actions
    # read above or none: last cycle's actions are those it agreed.
    assessments = {s.service.pk: s.assessment for s in shown}
    earlier: dict[int, _Action] = {}
    for action in actions:
        if (
            action.state == AssessmentState.SIGNED_OFF
            and action.period < assessments[action.service_id].period
        ):
            best = earlier.get(action.service_id)
            if best is None or action.period > best.period:
                earlier[action.service_id] = action

    services = []
    for summary in shown:
        assessment = summary.assessment
        last = earlier.get(summary.service.pk)
        mine = by_assessment.get(assessment.pk, [])
        services.append(
            ServiceFollowThrough(
                service_name=summary.service.name,
                assessment=assessment,
                this_cycle=_count(assessment.period, mine, copies, today) if mine else None,
                last_cycle=(
                    _count(last.period, by_assessment[last.assessment_id], copies, today)
                    if last
                    else None
                ),
                below_target=summary.below_target,
            )
        )
    return FollowThrough(
        newest_period=newest,
        services=services,
        stale=stale,
    )
