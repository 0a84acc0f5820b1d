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

from assessments.models import ActionStatus, Assessment, Rating
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


def submit(*, user, assessment) -> Assessment:
    """Submit the draft for sign-off (it must already be complete)."""
    return assessment_submit(
        user=user,
        assessment_id=assessment.pk,
        expected_version=reload(assessment=assessment).version,
    )


def return_(*, user, assessment, comment="Add evidence from carers.") -> Assessment:
    """Return the submitted assessment to draft with ``comment``."""
    return assessment_return(
        user=user,
        assessment_id=assessment.pk,
        expected_version=reload(assessment=assessment).version,
        comment=comment,
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
