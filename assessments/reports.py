"""Report data for one assessment: ORM reads in, pure scoring and SVG charts out.

The same report feeds the HTML page, the PDF and the exports, so they always agree.
Submitted and signed-off assessments report the text, level labels and scale frozen
at submission; drafts report the current text.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone

from principles.models import ScoreBand

from . import charts, scoring
from .models import Assessment, AssessmentState, ImprovementAction, Rating

DONE_STATUSES = {"completed"}


@dataclass(frozen=True)
class ReportRow:
    rating: Rating
    score: scoring.PrincipleScore
    previous_answer: str  # what the previous signed-off assessment said, or ""

    @property
    def answer(self) -> str:
        return answer_text(self.rating)


@dataclass(frozen=True)
class ReportGroup:
    title: str
    heading: str  # as shown: with "…" where the title is a sentence stem
    score: scoring.GroupScore
    rows: list[ReportRow]
    chart: str


@dataclass(frozen=True)
class Report:
    assessment: Assessment
    previous: Assessment | None
    score: scoring.AssessmentScore
    scale: scoring.ScaleInput
    groups: list[ReportGroup]
    rows: list[ReportRow]
    priorities: list[ReportRow]
    actions: list[tuple[ReportRow, ImprovementAction]]
    overdue: list[tuple[ReportRow, ImprovementAction]]
    radar: str
    radar_alt: str
    bands: list[ScoreBand]
    today: date = field(default_factory=timezone.localdate)

    @property
    def is_final(self) -> bool:
        return self.assessment.state == AssessmentState.SIGNED_OFF


def answer_text(rating: Rating) -> str:
    if rating.not_applicable:
        return "Not applicable"
    if rating.level_value is None:
        return "Not rated"
    return f"{rating.level_value} – {rating.level_label}"


def scale_input(assessment: Assessment) -> scoring.ScaleInput:
    """The frozen scale once submitted, otherwise the scale's current levels."""
    values = assessment.frozen_scale_values or list(
        assessment.rating_scale.levels.order_by("value").values_list("value", flat=True)
    )
    return scoring.ScaleInput(lowest=min(values), highest=max(values), values=tuple(values))


def principle_inputs(ratings: list[Rating]) -> list[scoring.PrincipleInput]:
    return [
        scoring.PrincipleInput(
            code=r.code,
            group=r.group_title,
            weight=r.weight,
            level=None if r.not_applicable else r.level_value,
            not_applicable=r.not_applicable,
        )
        for r in ratings
    ]


def report_ratings(assessment: Assessment) -> list[Rating]:
    """Every rating in set order with principle, group, level and actions: three queries."""
    return list(
        assessment.ratings.select_related("principle__group", "level")
        .prefetch_related(
            Prefetch("actions", queryset=ImprovementAction.objects.order_by("due_date", "pk"))
        )
        .order_by("principle__order")
    )


def previous_signed_off(assessment: Assessment) -> Assessment | None:
    """The latest earlier signed-off assessment of the same service against the same set."""
    return (
        Assessment.objects.filter(
            service_id=assessment.service_id,
            principle_set_id=assessment.principle_set_id,
            state=AssessmentState.SIGNED_OFF,
            period__lt=assessment.period,
        )
        .select_related("rating_scale")
        .order_by("-period")
        .first()
    )


def score_bands() -> list[ScoreBand]:
    return list(ScoreBand.objects.order_by("lower_bound"))


def band_tuples(bands: list[ScoreBand]) -> tuple[tuple[float, str], ...]:
    """Bands from the database, or the built-in default when none are loaded."""
    if bands and bands[0].lower_bound == 0:
        return tuple((b.lower_bound, b.label) for b in bands)
    return scoring.DEFAULT_BANDS


def build_report(assessment: Assessment, *, bands: list[ScoreBand] | None = None) -> Report:
    ratings = report_ratings(assessment)
    scale = scale_input(assessment)
    previous = previous_signed_off(assessment)
    previous_ratings: list[Rating] = []
    if previous is not None and scale_input(previous) == scale:
        previous_ratings = list(
            previous.ratings.select_related("principle__group", "level").order_by(
                "principle__order"
            )
        )
    else:
        previous = None
    bands = score_bands() if bands is None else bands
    result = scoring.score_assessment(
        principle_inputs(ratings),
        scale,
        previous=principle_inputs(previous_ratings) if previous else None,
        bands=band_tuples(bands),
    )
    earlier = {r.code: answer_text(r) for r in previous_ratings}
    rows = [
        ReportRow(rating=r, score=s, previous_answer=earlier.get(r.code, ""))
        for r, s in zip(ratings, result.principles, strict=True)
    ]
    by_code = {row.rating.code: row for row in rows}
    previous_scores = _normalised_by_code(previous_ratings, scale)

    groups = []
    for group_score in result.groups:
        group_rows = [row for row in rows if row.rating.group_title == group_score.group]
        groups.append(
            ReportGroup(
                title=group_score.group,
                heading=group_rows[0].rating.group_heading,
                score=group_score,
                rows=group_rows,
                chart=charts.bar_chart(
                    title=f"Scores for {group_score.group}",
                    description=(
                        "Each principle's score as a percentage of the top of the scale"
                        + (", with the previous signed-off assessment marked." if previous else ".")
                    ),
                    bars=[(r.rating.short_title, r.score.normalised) for r in group_rows],
                    comparison=(
                        [previous_scores.get(r.rating.code) for r in group_rows]
                        if previous
                        else None
                    ),
                ),
            )
        )

    today = timezone.localdate()
    actions = [(row, action) for row in rows for action in row.rating.actions.all()]
    overdue = [
        (row, action)
        for row, action in actions
        if action.due_date < today and action.status not in DONE_STATUSES
    ]
    radar, radar_alt = _radar(assessment, rows, previous, previous_scores)
    return Report(
        assessment=assessment,
        previous=previous,
        score=result,
        scale=scale,
        groups=groups,
        rows=rows,
        priorities=[by_code[p.code] for p in result.priorities],
        actions=actions,
        overdue=overdue,
        radar=radar,
        radar_alt=radar_alt,
        bands=bands,
        today=today,
    )


def _normalised_by_code(ratings: list[Rating], scale: scoring.ScaleInput) -> dict[str, float]:
    return {
        r.code: scoring.normalise(r.level_value, scale)
        for r in ratings
        if not r.not_applicable and r.level_value is not None
    }


def _radar(assessment, rows, previous, previous_scores) -> tuple[str, str]:
    axes = [row.rating.short_title for row in rows]
    series = [charts.Series(name=assessment.period, values=tuple(r.score.normalised for r in rows))]
    if previous is not None:
        series.append(
            charts.Series(
                name=f"{previous.period} (previous)",
                values=tuple(previous_scores.get(r.rating.code) for r in rows),
                dashed=True,
            )
        )
    description = (
        f"Score for each of the {len(rows)} principles, from 0% at the centre to 100% at the "
        "outer ring"
        + (f", compared with the signed-off assessment for {previous.period}." if previous else ".")
    )
    alt = " ".join(filter(None, [description, charts.describe_not_scored(axes, series)]))
    svg = charts.radar_chart(
        title=f"Scores by principle, {assessment.title}",
        description=description,
        axes=axes,
        series=series,
    )
    return svg, alt
