"""Assessments the journeys start from, built with tests/builders.py (the real services)."""

import datetime

from assessments.models import ActionStatus, Assessment
from tests.builders import new_action, rate, rating_for, set_weights, sign_off, start, submit

# A varied assessment: a level for each principle in order, None meaning not applicable.
LEVELS = (4, 3, 2, 5, 3, 1, 4, 3, None, 2, 3, 4)
MINUTE = "HWB 2026/31"


def rated(service, lead, *, period: str) -> Assessment:
    """A complete draft with varied levels, one not applicable, one action, a changed weight."""
    assessment = start(user=lead, service=service, period=period)
    ratings = assessment.ratings.select_related("principle").order_by("principle__order")
    for rating, value in zip(ratings, LEVELS, strict=True):
        code = rating.principle.code
        actions = []
        if code in ("NV-03", "NV-10"):  # rated 2: weak, so each has an action
            actions = [
                new_action(
                    description=f"Gather this year's evidence for {code}.",
                    owner="Service manager",
                    due_date=datetime.date(2027, 6, 30),
                    status=ActionStatus.AGREED,
                )
            ]
        if code == "NV-06":
            actions = [
                new_action(
                    description="Co-design the discharge leaflet with the carers' forum.",
                    owner="Discharge team manager",
                    due_date=datetime.date(2027, 3, 31),
                    status=ActionStatus.IN_PROGRESS,
                )
            ]
        rate(
            user=lead,
            assessment=assessment,
            code=code,
            value=value,
            evidence="" if value is None else f"Audit and feedback for {code}.",
            na=value is None,
            reason="Commissioning is outside this service." if value is None else "",
            actions=actions,
        )
    reweighted = rating_for(assessment=assessment, code="NV-03")
    return set_weights(
        user=lead,
        assessment=assessment,
        weights={reweighted.pk: (3, "Outcomes matter most to the board this year.")},
    )


def submitted(service, lead, *, period: str) -> Assessment:
    """``rated``, then submitted by the lead."""
    return submit(user=lead, assessment=rated(service, lead, period=period))


def signed_off(service, lead, approver, *, period: str) -> Assessment:
    """``submitted``, then signed off by the approver at the March 2026 meeting."""
    return sign_off(
        user=approver,
        assessment=submitted(service, lead, period=period),
        decision_date=datetime.date(2026, 3, 4),
        minute_reference=MINUTE,
    )
