"""Assessments as a page listing a hundred services reads them: a few plain values each.

The board pack page lists every service's assessments (to choose one) and compares each
with its previous signed-off one, but shows in full only a page of them: a model instance
with every field for each was a tenth of the page. ``AssessmentRow`` has the values and
properties the scores (``read_model``), the state tag and the page read, under the same
names as ``Assessment``'s.
"""

from dataclasses import dataclass
from datetime import datetime

from . import workflow
from .models import Assessment, AssessmentState


@dataclass(frozen=True, slots=True)
class AssessmentRow(workflow.StateProperties):
    pk: int
    service_id: int
    principle_set_id: int
    rating_scale_id: int
    period: str
    state: str
    returned_at: datetime | None
    rating_phase: str
    frozen_scale_values: list | None
    frozen_bands: list | None
    feedback_round_id: int | None  # people's voice, when the assessment asked people

    def get_state_display(self) -> str:
        return str(AssessmentState(self.state).label)


_FIELDS = (
    "pk",
    "service_id",
    "principle_set_id",
    "rating_scale_id",
    "period",
    "state",
    "returned_at",
    "rating_phase",
    "frozen_scale_values",
    "frozen_bands",
    "feedback_round__id",
)


def assessment_rows(**filters) -> list[AssessmentRow]:
    """The assessments matching ``filters``, by service then period, in one query."""
    return [
        AssessmentRow(*values)
        for values in Assessment.objects.filter(**filters)
        .order_by("service_id", "period")
        .values_list(*_FIELDS)
    ]


def row_of(assessment: Assessment) -> AssessmentRow:
    """The values of an assessment already read as a model (with its feedback round)."""
    feedback_round = getattr(assessment, "feedback_round", None)
    return AssessmentRow(
        *(getattr(assessment, name) for name in _FIELDS[:-1]),
        feedback_round.pk if feedback_round is not None else None,
    )
