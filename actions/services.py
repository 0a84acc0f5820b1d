"""Writes to improvement actions after sign-off: each change is a new ``ActionUpdate``.

The signed-off action itself is never changed. Like every service, this one checks in
order that the action may be updated at all (its assessment is signed off and it was not
carried forward), that the user's role allows it (403 otherwise), that nobody updated it
since the user's page was opened, and that what would be stored meets ``rules``. Every
refusal is a ``RefusedError`` with a code; text is stored stripped.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from assessments.errors import RefusedError, check_saved_version
from assessments.models import ActionStatus, AssessmentState, ImprovementAction
from assessments.rules import DUE_DATE, clean_choice
from partnerships.permissions import Action, require

from . import rules
from .models import ActionUpdate


@dataclass(frozen=True)
class UpdateInput:
    status: str
    due_date: date | None
    noted_on: date | None
    note: str = ""
    due_date_reason: str = ""
    dropped_reason: str = ""


def action_not_signed_off_message(*, state: str) -> str:
    """Why an action cannot be updated before its assessment is signed off, in the words
    of the action's own page for that state: a draft's is changed on its principle's page,
    and one waiting for sign-off by nobody until it is returned or signed off."""
    if state == AssessmentState.SUBMITTED:
        return (
            "This action's assessment is waiting for sign-off, so nobody can change the action now."
        )
    return (
        "This action's assessment is not signed off yet, so change the action on its "
        "principle's page."
    )


@transaction.atomic
def action_update_record(
    *, user, action_id: int, expected_version: int, update: UpdateInput
) -> ActionUpdate:
    """Record progress on a signed-off assessment's action: status, note and due date.

    ``expected_version`` is the id of the latest update the user saw (0 for none).
    """
    # Lock the action row only, so two updates to it are made one after the other.
    action = (
        ImprovementAction.objects.select_for_update(of=("self",))
        .select_related("rating__assessment__service")
        .get(pk=action_id)
    )
    assessment = action.rating.assessment
    if assessment.state != AssessmentState.SIGNED_OFF:
        raise RefusedError(
            action_not_signed_off_message(state=assessment.state), code="not_signed_off"
        )
    require(user, Action.UPDATE_ACTIONS, assessment.service.partnership_id)
    copy = ImprovementAction.objects.filter(carried_from=action).select_related(
        "rating__assessment"
    )
    if copy:
        raise RefusedError(
            "This action was carried forward into the "
            f"{copy[0].rating.assessment.period} assessment, so update it there.",
            code="carried_forward",
        )
    latest = action.updates.order_by("-pk").first()
    # An action's version is its latest update's id (0 before any).
    check_saved_version(latest, saved=latest.pk if latest else 0, expected=expected_version)
    before_status = latest.status if latest else action.status
    before_due = latest.due_date if latest else action.due_date

    status = update.status
    if status != before_status:  # an old "deferred" may stay, but is never chosen anew
        status = clean_choice(
            status,
            [value for value, _ in ActionStatus.offered()],
            message="Select the status of the action",
            code="action_status_invalid",
        )
    due_date = DUE_DATE.clean(update.due_date)
    noted_on = rules.NOTED_ON.clean(update.noted_on)
    if refusal := rules.noted_on_refusal(
        noted_on,
        # Unlike a meeting's date (assessments.rules.DECISION_DATE), checked against the
        # clock for every caller: progress is recorded after it happens, demo data included.
        today=timezone.localdate(),
        period=assessment.period,
        last_noted_on=latest.noted_on if latest else None,
    ):
        raise RefusedError(refusal[0], code=refusal[1])
    note = rules.PROGRESS_NOTE.clean(update.note)
    due_date_reason = (
        rules.DUE_DATE_REASON.clean(update.due_date_reason) if due_date != before_due else ""
    )
    dropped = status == ActionStatus.DROPPED and before_status != ActionStatus.DROPPED
    dropped_reason = rules.DROPPED_REASON.clean(update.dropped_reason) if dropped else ""
    if status == before_status and due_date == before_due and not note:
        raise RefusedError(rules.NOTHING_CHANGED, code="nothing_changed")
    return ActionUpdate.objects.create(
        action=action,
        status=status,
        due_date=due_date,
        previous_status=before_status,
        previous_due_date=before_due,
        note=note,
        noted_on=noted_on,
        due_date_reason=due_date_reason,
        dropped_reason=dropped_reason,
        created_by=user,
    )
