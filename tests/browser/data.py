"""Assessments the journeys start from, built with the real services (as tests/workflow.py)."""

import datetime

from assessments.models import ActionStatus, Assessment
from assessments.services import (
    ActionInput,
    RatingInput,
    assessment_sign_off,
    assessment_submit,
    assessment_weights_update,
    rating_update,
)
from tests import workflow

# A varied assessment: a level for each principle in order, None meaning not applicable.
LEVELS = (4, 3, 2, 5, 3, 1, 4, 3, None, 2, 3, 4)
MINUTE = "HWB 2026/31"


def rated(service, lead, *, period: str) -> Assessment:
    """A complete draft with varied levels, one not applicable, one action, a changed weight."""
    assessment = workflow.start(service, lead, period=period)
    levels = {level.value: level.pk for level in assessment.rating_scale.levels.all()}
    ratings = assessment.ratings.select_related("principle").order_by("principle__order")
    for rating, value in zip(ratings, LEVELS, strict=True):
        code = rating.principle.code
        actions = []
        if code == "NV-06":
            actions = [
                ActionInput(
                    id=None,
                    description="Co-design the discharge leaflet with the carers' forum.",
                    owner="Discharge team manager",
                    due_date=datetime.date(2027, 3, 31),
                    status=ActionStatus.IN_PROGRESS,
                )
            ]
        rating_update(
            user=lead,
            rating_id=rating.pk,
            expected_version=rating.version,
            answer=RatingInput(
                level_id=levels.get(value),
                not_applicable=value is None,
                not_applicable_reason="Commissioning is outside this service."
                if value is None
                else "",
                evidence="" if value is None else f"Audit and feedback for {code}.",
            ),
            actions=actions,
        )
    assessment.refresh_from_db()
    reweighted = assessment.ratings.get(principle__code="NV-03")
    return assessment_weights_update(
        user=lead,
        assessment_id=assessment.pk,
        expected_version=assessment.version,
        weights={reweighted.pk: (3, "Outcomes matter most to the board this year.")},
    )


def submitted(service, lead, *, period: str) -> Assessment:
    assessment = rated(service, lead, period=period)
    assessment.refresh_from_db()
    return assessment_submit(
        user=lead, assessment_id=assessment.pk, expected_version=assessment.version
    )


def signed_off(service, lead, approver, *, period: str) -> Assessment:
    assessment = submitted(service, lead, period=period)
    return assessment_sign_off(
        user=approver,
        assessment_id=assessment.pk,
        expected_version=assessment.version,
        body="Riverside Health and Wellbeing Board",
        decision="approved",
        decision_date=datetime.date(2026, 3, 4),
        minute_reference=MINUTE,
    )
