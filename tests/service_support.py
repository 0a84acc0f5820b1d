"""Helpers shared by the assessment service tests."""

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
from partnerships.models import Role
from principles.models import RatingLevel

DUE = datetime.date(2027, 3, 31)

NOT_ALLOWED_TO_EDIT = [Role.APPROVER, Role.VIEWER]

NOT_LEADS = [Role.CONTRIBUTOR, Role.APPROVER, Role.VIEWER]


def level(assessment, value) -> RatingLevel:
    return assessment.rating_scale.levels.get(value=value)


def rating_for(assessment, code) -> Rating:
    return Rating.objects.select_related("principle__group", "level").get(
        assessment=assessment, principle__code=code
    )


def answer(level_id=None, evidence="What people told us.", *, na=False, reason=""):
    return RatingInput(
        level_id=level_id, not_applicable=na, not_applicable_reason=reason, evidence=evidence
    )


def new_action(description="Agree one plan", status=ActionStatus.PROPOSED, **fields):
    return ActionInput(
        id=fields.pop("id", None),
        description=description,
        owner=fields.pop("owner", "Discharge team"),
        due_date=fields.pop("due_date", DUE),
        status=status,
        **fields,
    )


def rate(user, assessment, code, value=3, evidence="What people told us.", actions=()):
    rating = rating_for(assessment, code)
    return rating_update(
        user=user,
        rating_id=rating.pk,
        expected_version=rating.version,
        answer=answer(level(assessment, value).pk, evidence),
        actions=list(actions),
    )


def complete_all(assessment, user, value=3) -> None:
    for rating in assessment.ratings.select_related("principle"):
        rate(user, assessment, rating.principle.code, value)


def reload(assessment) -> Assessment:
    return Assessment.objects.get(pk=assessment.pk)


def submit(assessment, user) -> Assessment:
    return assessment_submit(
        user=user, assessment_id=assessment.pk, expected_version=reload(assessment).version
    )


def return_(assessment, user, comment="Add evidence from carers.") -> Assessment:
    return assessment_return(
        user=user,
        assessment_id=assessment.pk,
        expected_version=reload(assessment).version,
        comment=comment,
    )


def sign_off(assessment, user) -> Assessment:
    return assessment_sign_off(
        user=user,
        assessment_id=assessment.pk,
        expected_version=reload(assessment).version,
        body="Riverside Health and Wellbeing Board",
        decision="approved",
        decision_date=datetime.date(2027, 3, 3),
        minute_reference="12/27",
    )


def set_weights(assessment, user, weights) -> Assessment:
    return assessment_weights_update(
        user=user,
        assessment_id=assessment.pk,
        expected_version=reload(assessment).version,
        weights=weights,
    )


def start(user, service, period="2026/27", principle_set=None, **kwargs) -> Assessment:
    return assessment_start(
        user=user,
        service=service,
        principle_set=principle_set or service.partnership.default_principle_set,
        period=period,
        title=f"Assessment {period}",
        **kwargs,
    )
