"""Moving assessments through the workflow with the real services, for view tests."""

import datetime

from assessments.models import Assessment
from assessments.services import (
    RatingInput,
    assessment_sign_off,
    assessment_start,
    assessment_submit,
    rating_update,
)


def complete_all(assessment: Assessment, user, value: int = 3) -> None:
    """Rate every principle at ``value`` with evidence."""
    level = assessment.rating_scale.levels.get(value=value)
    for rating in assessment.ratings.all():
        rating_update(
            user=user,
            rating_id=rating.pk,
            expected_version=rating.version,
            answer=RatingInput(
                level_id=level.pk,
                not_applicable=False,
                not_applicable_reason="",
                evidence=f"Evidence for {rating.principle.code}.",
            ),
            actions=[],
        )


def submit(assessment: Assessment, lead) -> Assessment:
    complete_all(assessment, lead)
    assessment.refresh_from_db()
    return assessment_submit(
        user=lead, assessment_id=assessment.pk, expected_version=assessment.version
    )


def sign_off(assessment: Assessment, lead, approver) -> Assessment:
    assessment = submit(assessment, lead)
    return assessment_sign_off(
        user=approver,
        assessment_id=assessment.pk,
        expected_version=assessment.version,
        body="Riverside Health and Wellbeing Board",
        decision="approved",
        decision_date=datetime.date(2027, 3, 4),
        minute_reference="HWB 2027/14",
    )


def start(service, lead, period="2026/27", principle_set=None) -> Assessment:
    return assessment_start(
        user=lead,
        service=service,
        principle_set=principle_set or service.partnership.default_principle_set,
        period=period,
        title=f"{service.name} {period}",
    )
