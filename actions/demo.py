"""Demo data for board-ready reports and actions through the year. Never used in production.

Called from ``assessments.demo`` while it builds each demo partnership, through the same
services people use, so it obeys the same rules:

- before last year's assessment is submitted, the lead writes a summary for the board and
  what the board is asked to do, and sets three targets;
- every demo submission says why each weak principle without an open action needs none
  ("No action" in the report, with the reason);
- after sign-off, one action is updated twice (a progress note, then a new due date with
  its reason) and another is completed, so the Actions page and the board pack show
  progress that the signed-off report does not.

Nothing is random: the same run writes the same text.
"""

import datetime
from collections.abc import Mapping
from contextlib import nullcontext
from types import MappingProxyType

from assessments.board_services import (
    assessment_board_summary_update,
    assessment_targets_update,
)
from assessments.demo_dates import DemoClock, on, working_day
from assessments.demo_text import NO_ACTION_REASONS, OTHER_NO_ACTION_REASON
from assessments.follow_up import weak_without_action
from assessments.models import CLOSED_STATUSES, ActionStatus, Assessment, ImprovementAction
from assessments.read_model import display_ratings, scales_for
from assessments.services import assessment_submit

from .models import ActionUpdate
from .services import UpdateInput, action_update_record

# When progress on last year's actions was noted: weeks after the board's meeting. The
# draft that carries them forward starts later (``assessments.demo_dates``).
PROGRESS_WEEKS = (6, 14, 18)

SUMMARY = (
    "{service} has improved where it matters most to the people who use it: more people "
    "now have one plan that every team works to, and the outcomes they report are "
    "collected routinely.\n\n"
    "It is weakest on the principles rated in the lowest two levels below. Each has an "
    "improvement action with an owner and a date, or a reason why an action of its own is "
    "not the right response this year.\n\n"
    "The ratings were agreed at a workshop of the service's managers and partners, and "
    "checked against last year's evidence, audits and feedback from people and carers."
)
BOARD_ASK = (
    "Approve the self-assessment and its improvement actions, note the principles with no "
    "action and the reasons given, and ask for a progress report on the actions in six "
    "months."
)
# (principle position, levels above its rating) for the three targets: proportionate, not
# "Embedded" everywhere.
TARGETS = ((0, 1), (2, 1), (4, 2))


def _ratings(assessment: Assessment) -> list:
    return list(display_ratings(assessment.ratings.all(), with_actions=True))


def board_summary_create(*, lead, assessment: Assessment) -> Assessment:
    """The lead's summary, the board's ask and three targets, before submission."""
    assessment = assessment_board_summary_update(
        user=lead,
        assessment_id=assessment.pk,
        expected_version=assessment.version,
        summary=SUMMARY.format(service=assessment.service.name),
        board_ask=BOARD_ASK,
    )
    ratings = _ratings(assessment)
    levels = {level.value: level.pk for level in assessment.rating_scale.levels.all()}
    top = max(levels)
    targets = {}
    for position, above in TARGETS:
        rating = ratings[position]
        if rating.level_value is not None and not rating.not_applicable:
            targets[rating.pk] = levels[min(rating.level_value + above, top)]
    return assessment_targets_update(
        user=lead,
        assessment_id=assessment.pk,
        expected_version=assessment.version,
        targets=targets,
    )


def demo_submit(
    *, lead, assessment: Assessment, reasons: Mapping[str, str] = MappingProxyType({})
) -> Assessment:
    """Submit, saying why each principle rated in the lowest two levels without an open
    action needs none: the service's own reason for it (``reasons``, by principle code), or
    the reason the demo gives for that principle in any service."""
    assessment = Assessment.objects.get(pk=assessment.pk)
    ratings = _ratings(assessment)
    weak = weak_without_action(ratings, scales_for([assessment])[assessment.pk].values)
    return assessment_submit(
        user=lead,
        assessment_id=assessment.pk,
        expected_version=assessment.version,
        no_action_reasons={rating.pk: no_action_reason(rating.code, reasons) for rating in weak},
    )


def no_action_reason(code: str, reasons: Mapping[str, str] = MappingProxyType({})) -> str:
    """Why the principle ``code`` needs no improvement action of its own this year."""
    return reasons.get(code) or NO_ACTION_REASONS.get(code, OTHER_NO_ACTION_REASON)


def follow_through_create(*, user, assessment: Assessment, clock: DemoClock | None = None) -> None:
    """Progress since sign-off: one action updated twice, another completed, over the
    summer and autumn after the board's meeting. With ``clock``, each update is recorded
    on the day it is about (``assessments.demo_dates``)."""
    actions = list(
        ImprovementAction.objects.filter(rating__assessment=assessment)
        .exclude(status__in=CLOSED_STATUSES)
        .order_by("rating__principle__order", "pk")
    )
    if not actions:
        return
    signed = assessment.signoff_date or datetime.date(2026, 6, 1)

    def record(action, expected_version: int, weeks: int, **update) -> ActionUpdate:
        noted_on = signed + datetime.timedelta(weeks=weeks)
        recorded = clock.at(on(working_day(noted_on), hour=16)) if clock else nullcontext()
        with recorded:
            return action_update_record(
                user=user,
                action_id=action.pk,
                expected_version=expected_version,
                update=UpdateInput(noted_on=noted_on, **update),
            )

    first, *rest = actions
    update = record(
        first,
        0,
        PROGRESS_WEEKS[0],
        status=ActionStatus.IN_PROGRESS,
        due_date=first.due_date,
        note="Started on two teams first; the template is agreed with the records team.",
    )
    if rest:
        record(
            rest[0],
            0,
            PROGRESS_WEEKS[1],
            status=ActionStatus.COMPLETED,
            due_date=rest[0].due_date,
            note="Done, and reported to the service's quarterly review.",
        )
    record(
        first,
        update.pk,
        PROGRESS_WEEKS[2],
        status=ActionStatus.IN_PROGRESS,
        due_date=first.due_date + datetime.timedelta(days=92),
        note="Half of the teams use it now. The rest follow after the system upgrade.",
        due_date_reason="The records system upgrade moved to January, and the rest of "
        "the roll-out depends on it.",
    )
