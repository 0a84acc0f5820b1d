"""The board pack's follow-through: for each service, what happened to the actions agreed at
its last two sign-offs, any still open from sign-offs before those, targets it is below, and
whether the assessment shown for it is older than the newest signed-off one in the pack.

Actions are counted as they stand now, an action carried forward as its newest copy stands
(``pack_actions``, the rule the services' open actions are counted by too). Last cycle is the
service's signed-off assessment before the one shown, by period, against the same set, found
among the assessments the pack has read (with actions or none). No query of its own for the
actions: the pack passes the actions it read. One query when no service listed is below a
target, to say whether any set one.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.utils.text import get_text_list

from assessments.assessment_rows import AssessmentRow
from assessments.models import ActionStatus, Assessment
from assessments.score_figures import BelowTargetRow

from .pack_actions import (
    IN_PROGRESS,
    OVERDUE,
    Followed,
    PackAction,
    copies_of,
    outcome_now,
)
from .selectors import any_target_set


@dataclass(frozen=True)
class Outcome:
    """How many of one cycle's actions are completed, in progress, overdue or dropped now."""

    period: str
    completed: int = 0
    in_progress: int = 0  # proposed, agreed or in progress, and not past its due date
    overdue: int = 0  # not completed or dropped, and past its due date
    dropped: int = 0
    carried_forward: int = 0  # of these, copies of the cycle before's actions (also counted there)
    carried_from: str = ""  # the period those copies were agreed in, when they share one

    @property
    def total(self) -> int:
        return self.completed + self.in_progress + self.overdue + self.dropped


@dataclass(frozen=True)
class ServiceFollowThrough:
    service_name: str
    assessment: Assessment
    this_cycle: Outcome | None  # the actions of the assessment shown
    # The actions of its signed-off assessment before that (total 0: it agreed none); None
    # when it has no earlier signed-off assessment.
    last_cycle: Outcome | None
    below_target: tuple[BelowTargetRow, ...] = ()
    # The actions still open from signed-off cycles before last cycle, never carried forward
    # (only open ones: those closed long ago are history); None when there are none.
    earlier: Outcome | None = None


@dataclass(frozen=True)
class FollowThrough:
    newest_period: str | None
    services: list[ServiceFollowThrough] = field(default_factory=list)
    # The board pack's summaries of every service whose signed-off assessment shown is older
    # than the newest signed-off one in the pack (``newest_period``), even those whose
    # actions are not listed (on another page): the warning names them all.
    stale: list = field(default_factory=list)
    # Whether any service listed set a target: "No service has set targets" is not "No
    # service is rated below a target it set".
    targets_set: bool = False

    @property
    def any_earlier(self) -> bool:
        """Whether any service listed has actions still open from before its last cycle."""
        return any(s.earlier for s in self.services)

    @property
    def below_target(self) -> list[ServiceFollowThrough]:
        return [s for s in self.services if s.below_target]


def previous_cycle(
    shown: Assessment | AssessmentRow, choices: Iterable[AssessmentRow]
) -> AssessmentRow | None:
    """The service's signed-off assessment before ``shown``, by period, among ``choices``
    (its assessments against the set), whether or not it agreed any actions."""
    earlier = [a for a in choices if a.is_signed_off and a.period < shown.period]
    return max(earlier, key=lambda a: a.period, default=None)


def _count(
    period: str, actions: list[PackAction], copies: dict, by_pk: dict, today: date
) -> Outcome:
    counts = dict.fromkeys((ActionStatus.COMPLETED, IN_PROGRESS, OVERDUE, ActionStatus.DROPPED), 0)
    for action in actions:
        counts[outcome_now(action, copies, today)] += 1
    # The cycle the copies were carried from, when one (read from the originals, so true
    # even when a cycle was signed off after the next one started).
    originals = {by_pk[a.carried_from_id].period for a in actions if a.carried_from_id in by_pk}
    return Outcome(
        period=period,
        completed=counts[ActionStatus.COMPLETED],
        in_progress=counts[IN_PROGRESS],
        overdue=counts[OVERDUE],
        dropped=counts[ActionStatus.DROPPED],
        carried_forward=sum(1 for action in actions if action.carried_from_id),
        carried_from=originals.pop() if len(originals) == 1 else "",
    )


def _still_open(last: AssessmentRow | None, followed: Followed) -> Outcome | None:
    """The actions of ``followed`` (``pack_followed``) agreed before ``last`` and open now,
    with the cycles they were agreed in ("2022/23 and 2023/24")."""
    if last is None:
        return None
    still_open = [
        (a, outcome)
        for a, outcome in followed
        if a.period < last.period and outcome in (IN_PROGRESS, OVERDUE)
    ]
    if not still_open:
        return None
    periods = sorted({a.period for a, _ in still_open})
    return Outcome(
        period=get_text_list(periods, "and"),
        in_progress=sum(outcome == IN_PROGRESS for _, outcome in still_open),
        overdue=sum(outcome == OVERDUE for _, outcome in still_open),
    )


def follow_through(
    pack, shown: list, actions: list[PackAction], *, followed: dict[int, Followed]
) -> FollowThrough:
    """``pack`` is a ``board_pack.BoardPack``; ``shown`` the summaries of the services whose
    actions and targets are listed (a page of them on the web page, every one in the PDF);
    ``actions`` every action of those services against the set (``pack_actions``), and
    ``followed`` those the board still follows, by service (``pack_followed``). Which
    services are out of date is worked out across every service."""
    today = pack.today
    included = pack.included
    signed_periods = [s.assessment.period for s in included if s.assessment.is_signed_off]
    newest = max(signed_periods) if signed_periods else None
    stale = [
        s
        for s in included
        if newest and s.assessment.is_signed_off and s.assessment.period < newest
    ]
    by_assessment = defaultdict(list)
    for action in actions:
        by_assessment[action.assessment_id].append(action)
    copies = copies_of(actions)
    by_pk = {action.pk: action for action in actions}

    services = []
    for summary in shown:
        assessment = summary.assessment
        last = previous_cycle(assessment, summary.choices)
        mine = by_assessment.get(assessment.pk, [])
        services.append(
            ServiceFollowThrough(
                service_name=summary.service.name,
                assessment=assessment,
                this_cycle=_count(assessment.period, mine, copies, by_pk, today) if mine else None,
                # A last cycle that agreed no actions is an outcome of none, said so.
                last_cycle=(
                    _count(last.period, by_assessment.get(last.pk, []), copies, by_pk, today)
                    if last is not None
                    else None
                ),
                below_target=summary.below_target,
                earlier=_still_open(last, followed.get(summary.service.pk, [])),
            )
        )
    below = any(s.below_target for s in services)
    return FollowThrough(
        newest_period=newest,
        services=services,
        stale=stale,
        targets_set=below or any_target_set(s.assessment.pk for s in services),
    )
