"""Each service's latest signed-off headline, for the dashboard: what a board member reads
first, with direct links to the report and its PDF.

Scored exactly as the report is (``read_model.headlines_for`` gives the overall score of
``read_model.score_assessments``), in a fixed number of queries however many partnerships,
services or assessments there are, and only for the services the page shows.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from assessments.models import Assessment, AssessmentState
from assessments.read_model import headlines_for


@dataclass(frozen=True)
class Headline:
    assessment: Assessment
    weighted_score: float | None
    band: str | None

    @property
    def words(self) -> str:
        """The overall score in the scale's own words."""
        return self.band or "Not scored"


def latest_signed_off(service_ids: Iterable[int]) -> dict[int, list[Headline]]:
    """For each partnership, the latest signed-off assessment of each of these services
    against each principle set, by service name then set."""
    signed = Assessment.objects.filter(
        service_id__in=list(service_ids), state=AssessmentState.SIGNED_OFF
    ).select_related("service", "principle_set", "rating_scale")
    latest: dict[tuple[int, int], Assessment] = {}
    for assessment in signed:
        key = (assessment.service_id, assessment.principle_set_id)
        if key not in latest or assessment.period > latest[key].period:
            latest[key] = assessment
    scores = headlines_for(latest.values())
    found: dict[int, list[Headline]] = {}
    for assessment in sorted(
        latest.values(), key=lambda a: (a.service.name, a.principle_set.short_name)
    ):
        weighted_score, band = scores[assessment.pk]
        found.setdefault(assessment.service.partnership_id, []).append(
            Headline(assessment=assessment, weighted_score=weighted_score, band=band)
        )
    return found
