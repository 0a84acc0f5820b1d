"""Each service's latest signed-off headline, for the dashboard: what a board member reads
first, with direct links to the report and its PDF.

Scored exactly as the report is (``read_model.score_assessments``), in a fixed number of
queries however many partnerships, services or assessments there are.
"""

from dataclasses import dataclass

from assessments import scoring
from assessments.models import Assessment, AssessmentState
from assessments.read_model import score_assessments


@dataclass(frozen=True)
class Headline:
    assessment: Assessment
    score: scoring.AssessmentScore

    @property
    def words(self) -> str:
        """The overall score in the scale's own words."""
        return self.score.band or "Not scored"


def latest_signed_off(partnership_ids) -> dict[int, list[Headline]]:
    """For each partnership, the latest signed-off assessment of each service against each
    principle set, by service name then set."""
    signed = list(
        Assessment.objects.filter(
            service__partnership_id__in=list(partnership_ids), state=AssessmentState.SIGNED_OFF
        ).select_related("service", "principle_set", "rating_scale")
    )
    latest: dict[tuple[int, int], Assessment] = {}
    for assessment in signed:
        key = (assessment.service_id, assessment.principle_set_id)
        if key not in latest or assessment.period > latest[key].period:
            latest[key] = assessment
    # Every earlier signed-off assessment is among those read, so none is read again.
    scored = score_assessments(latest.values(), among=signed)
    found: dict[int, list[Headline]] = {}
    for assessment in sorted(
        latest.values(), key=lambda a: (a.service.name, a.principle_set.short_name)
    ):
        found.setdefault(assessment.service.partnership_id, []).append(
            Headline(assessment=assessment, score=scored[assessment.pk].score)
        )
    return found
