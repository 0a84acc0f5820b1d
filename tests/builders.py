"""Moving assessments through the workflow in tests, one step per function.

Every function takes keyword arguments only and does exactly one thing, through the real
services in ``assessments.services``, so roles and states are checked as in the app. Each
step passes the current version (it reloads first), so a test never has to.

    draft = start(user=lead, service=service)
    complete(user=lead, assessment=draft)
    submit(user=lead, assessment=draft)
    sign_off(user=approver, assessment=draft)
"""

import datetime

from assessments.board_services import (
    assessment_board_summary_update,
    assessment_targets_update,
)
from assessments.follow_up import weak_without_action
from assessments.models import ActionStatus, Assessment, Rating
from assessments.read_model import display_ratings, scales_for
from assessments.services import (
    ActionInput,
    RatingInput,
    assessment_return,
    assessment_sign_off,
    assessment_start,
    assessment_submit,
    assessment_weights_update,
    rating_update,
)
from principles.models import RatingLevel

# The due date of a new action unless a test gives one.
DUE = datetime.date(2027, 3, 31)


# Looking things up -------------------------------------------------------------------------


def reload(*, assessment) -> Assessment:
    """The assessment as saved now."""
    return Assessment.objects.get(pk=assessment.pk)


def level(*, assessment, value) -> RatingLevel:
    """The level with ``value`` on the assessment's scale."""
    return assessment.rating_scale.levels.get(value=value)


def rating_for(*, assessment, code) -> Rating:
    """The assessment's rating of the principle ``code``, as saved now."""
    return Rating.objects.select_related("principle__group", "level").get(
        assessment=assessment, principle__code=code
    )


# What a save sends -------------------------------------------------------------------------


def answer(*, level_id=None, evidence, na=False, reason="", divergence_note="") -> RatingInput:
    """One principle's answer, as ``rating_update`` takes it."""
    return RatingInput(
        level_id=level_id,
        not_applicable=na,
        not_applicable_reason=reason,
        evidence=evidence,
        divergence_note=divergence_note,
    )


def new_action(
    *,
    description="Agree one plan",
    status=ActionStatus.PROPOSED,
    owner="Discharge team",
    due_date=DUE,
    id=None,
    delete=False,
) -> ActionInput:
    """An improvement action to send with a rating (with ``id``, a change to a saved one)."""
    return ActionInput(
        id=id, description=description, owner=owner, due_date=due_date, status=status, delete=delete
    )


# Steps -------------------------------------------------------------------------------------


def start(
    *, user, service, period="2026/27", principle_set=None, title=None, carry_forward=False
) -> Assessment:
    """Start a draft of ``service`` (against its partnership's default set unless given)."""
    return assessment_start(
        user=user,
        service=service,
        principle_set=principle_set or service.partnership.default_principle_set,
        period=period,
        title=title if title is not None else f"{service.name} {period}",
        carry_forward=carry_forward,
    )


def rate(
    *,
    user,
    assessment,
    code,
    value=3,
    evidence=None,
    na=False,
    reason="",
    actions=(),
    divergence_note="",
) -> Rating:
    """Save one principle's level (None: none), evidence ("Evidence for <code>.") and actions;
    in team scoring's agreement phase, with the agreed rating's ``divergence_note``."""
    rating = rating_for(assessment=assessment, code=code)
    level_id = None if value is None else level(assessment=assessment, value=value).pk
    return rating_update(
        user=user,
        rating_id=rating.pk,
        expected_version=rating.version,
        answer=answer(
            level_id=level_id,
            evidence=f"Evidence for {code}." if evidence is None else evidence,
            na=na,
            reason=reason,
            divergence_note=divergence_note,
        ),
        actions=list(actions),
    )


def complete(*, user, assessment, value=3, evidence=None) -> None:
    """Rate every principle at ``value``, with ``evidence`` as ``rate`` gives it."""
    for rating in assessment.ratings.select_related("principle"):
        rate(
            user=user,
            assessment=assessment,
            code=rating.principle.code,
            value=value,
            evidence=evidence,
        )


def set_weights(*, user, assessment, weights) -> Assessment:
    """Save weights, as ``{rating id: (weight, reason)}``."""
    return assessment_weights_update(
        user=user,
        assessment_id=assessment.pk,
        expected_version=reload(assessment=assessment).version,
        weights=weights,
    )


# Given at submission for a principle rated in the lowest two levels with no open action,
# unless a test gives its own (``no_action_reasons``): tests of other things need not care.
NO_ACTION_REASON = "Covered by the partnership's wider plan."


def submit(*, user, assessment, no_action_reasons=None) -> Assessment:
    """Submit the draft for sign-off (it must already be complete). ``no_action_reasons``
    maps codes to reasons; None gives every weak principle without an action a reason."""
    assessment = reload(assessment=assessment)
    ratings = list(display_ratings(assessment.ratings.all(), with_actions=True))
    if no_action_reasons is None:
        weak = weak_without_action(ratings, scales_for([assessment])[assessment.pk].values)
        no_action_reasons = {r.principle.code: NO_ACTION_REASON for r in weak}
    by_code = {r.principle.code: r.pk for r in ratings}
    return assessment_submit(
        user=user,
        assessment_id=assessment.pk,
        expected_version=assessment.version,
        no_action_reasons={by_code[code]: text for code, text in no_action_reasons.items()},
    )


def return_(*, user, assessment, comment="Add evidence from carers.", codes=()) -> Assessment:
    """Return the submitted assessment to draft with ``comment``, naming the principles
    ``codes``."""
    return assessment_return(
        user=user,
        assessment_id=assessment.pk,
        expected_version=reload(assessment=assessment).version,
        comment=comment,
        codes=list(codes),
    )


def sign_off(
    *,
    user,
    assessment,
    body="Riverside Health and Wellbeing Board",
    decision="approved",
    decision_date=datetime.date(2027, 3, 4),
    minute_reference="HWB 2027/14",
) -> Assessment:
    """Record the board's decision on the submitted assessment."""
    return assessment_sign_off(
        user=user,
        assessment_id=assessment.pk,
        expected_version=reload(assessment=assessment).version,
        body=body,
        decision=decision,
        decision_date=decision_date,
        minute_reference=minute_reference,
    )


def prepare_for_board(*, user, assessment, summary="", board_ask="") -> Assessment:
    """Save the lead's summary and the board's ask."""
    return assessment_board_summary_update(
        user=user,
        assessment_id=assessment.pk,
        expected_version=reload(assessment=assessment).version,
        summary=summary,
        board_ask=board_ask,
    )


def set_targets(*, user, assessment, targets) -> Assessment:
    """Set target levels, as ``{code: level value or None}``."""
    assessment = reload(assessment=assessment)
    return assessment_targets_update(
        user=user,
        assessment_id=assessment.pk,
        expected_version=assessment.version,
        targets={
            rating_for(assessment=assessment, code=code).pk: (
                None if value is None else level(assessment=assessment, value=value).pk
            )
            for code, value in targets.items()
        },
    )
