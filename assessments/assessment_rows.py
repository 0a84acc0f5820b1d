"""Assessments as a page listing a hundred services reads them: a few plain values each.

The board pack page lists every service's assessments (to choose one) and compares each
with its previous signed-off one, but shows in full only a page of them: a model instance
with every field for each was a tenth of the page. ``AssessmentRow`` has the values and
properties the scores (``read_model``), the state tag and the page read, under the same
names as ``Assessment``'s.
"""

import json
from dataclasses import dataclass
from datetime import datetime

from django.db.models import TextField
from django.db.models.functions import Cast

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
    signed_off_at: datetime | None  # which earlier one was signed off by then (read_model)
    rating_phase: str
    frozen_service_name: str  # blank in a draft
    feedback_round_id: int | None  # people's voice, when the assessment asked people
    frozen_scale_values: list | None
    frozen_bands: list | None

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
    "signed_off_at",
    "rating_phase",
    "frozen_service_name",
    "feedback_round__id",
)
# Last, in this order, in the query and in ``AssessmentRow``.
_FROZEN = ("frozen_scale_values", "frozen_bands")


def assessment_rows(**filters) -> list[AssessmentRow]:
    """The assessments matching ``filters``, by service then period, in one query."""
    # The frozen scale and words are read as text and each different one parsed once: they
    # are the same for nearly every assessment, and parsing each row's was a third of this.
    parsed: dict[str | None, list | None] = {None: None}
    rows = []
    for *values, scale_text, bands_text in (
        Assessment.objects.filter(**filters)
        .order_by("service_id", "period")
        .values_list(*_FIELDS, *(Cast(name, TextField()) for name in _FROZEN))
    ):
        for text in (scale_text, bands_text):
            if text not in parsed:
                parsed[text] = json.loads(text)
        rows.append(AssessmentRow(*values, parsed[scale_text], parsed[bands_text]))
    return rows


def row_of(assessment: Assessment) -> AssessmentRow:
    """The values of an assessment already read as a model (with its feedback round)."""
    feedback_round = getattr(assessment, "feedback_round", None)
    return AssessmentRow(
        *(getattr(assessment, name) for name in _FIELDS[:-1]),
        feedback_round.pk if feedback_round is not None else None,
        *(getattr(assessment, name) for name in _FROZEN),
    )
