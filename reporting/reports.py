"""Report data for one assessment: the read model's scores in, rows and SVG charts out.

The same report feeds the HTML page and the PDF, and it scores exactly as the board
pack and the exports do (``assessments.read_model``), so they always agree.
Submitted and signed-off assessments report the text, level labels, default weights and
words (bands) frozen at submission; drafts report the current text. Every assessment is
scored on the scale frozen when it started. Answers carried forward and not yet
confirmed are reported as not rated.
"""

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.utils import dateformat, timezone

from assessments import scoring
from assessments.answers import answer_text
from assessments.bands import Bands, band_for
from assessments.models import (
    CLOSED_STATUSES,
    Assessment,
    AssessmentState,
    ImprovementAction,
    Rating,
)
from assessments.read_model import score_assessments
from assessments.scoring import normalise
from consensus.report import TeamReport, team_report
from consensus.spread import Spread
from voice.we_say import VoiceReport, voice_report

from . import charts
from .legend import LegendBand, legend
from .page_one import PageOne

# Done with: never overdue. "Dropped" is recorded only after sign-off (the actions app).
DONE_STATUSES = CLOSED_STATUSES


@dataclass(frozen=True)
class ReportRow:
    rating: Rating
    score: scoring.PrincipleScore
    previous_answer: str  # what the previous signed-off assessment said, or ""
    team: Spread | None = None  # team scoring: how the individual ratings spread

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
    lowest_scoring: list[ReportRow]
    actions: list[tuple[ReportRow, ImprovementAction]]
    overdue: list[tuple[ReportRow, ImprovementAction]]
    radar: str  # with its own note on principles not scored, for the PDF's short caption
    radar_alt: str
    radar_on_screen: str  # without that note: the page's caption says how to read the chart
    radar_not_scored: bool  # a line of the radar has a principle not scored
    bands: Bands
    # The previous signed-off assessment when it was on another scale, so not compared.
    not_compared: Assessment | None = None
    today: date = field(default_factory=timezone.localdate)
    overdue_on: date = field(default_factory=timezone.localdate)  # see ``overdue_date``
    team: TeamReport | None = None  # team scoring, once agreement has opened
    voice: VoiceReport | None = None  # we say / people say, if feedback was collected

    @property
    def is_final(self) -> bool:
        return self.assessment.state == AssessmentState.SIGNED_OFF

    @property
    def overdue_caption(self) -> str:
        if self.is_final:
            signed_off_on = dateformat.format(self.overdue_on, "j F Y")
            return f"Overdue actions when sign-off was recorded, on {signed_off_on}"
        return "Overdue actions"

    @cached_property
    def overdue_ids(self) -> frozenset[int]:
        """The actions marked overdue beside their due date, the same ones as listed."""
        return frozenset(action.pk for _, action in self.overdue)

    @property
    def legend(self) -> list[LegendBand]:
        return legend(self.bands)

    @property
    def levels(self) -> list[tuple[str, int]]:
        """How many principles are at each level, in the scale's own words (the words the
        scores are read in, frozen at submission), then those not rated and not applicable,
        so the counts add up to every principle."""
        score = self.score
        rows = [
            (f"{value} – {band_for(normalise(value, self.scale), self.bands)}", count)
            for value, count in score.distribution
        ]
        if score.carried_forward_count:
            rows.append(("Not rated, or carried forward and not confirmed", score.unrated_count))
        else:
            rows.append(("Not rated", score.unrated_count))
        rows.append(("Not applicable", score.not_applicable_count))
        return rows

    @cached_property
    def page_one(self) -> PageOne:
        """What the board reads first (``page_one``): built from this report, no queries."""
        return PageOne(self)


def overdue_date(assessment: Assessment, today: date) -> date:
    """The day whether an action is overdue is judged on: today, until sign-off; then the
    day it was signed off, with the actions as they were signed off. Judged against today,
    a signed-off report's list would grow by itself as due dates passed, naming actions
    since completed or moved (their progress is on the Actions page and in the board pack).
    """
    if assessment.state == AssessmentState.SIGNED_OFF and assessment.signed_off_at:
        return timezone.localdate(assessment.signed_off_at)
    return today


def build_report(assessment: Assessment) -> Report:
    """Everything the report shows, in a fixed number of queries however many principles."""
    scored = score_assessments([assessment], with_actions=True)[assessment.pk]
    result, previous = scored.score, scored.previous
    earlier = {r.code: answer_text(r) for r in scored.previous_ratings}
    team = team_report(assessment, scored.ratings)
    rows = [
        ReportRow(
            rating=r,
            score=s,
            previous_answer=earlier.get(r.code, ""),
            team=team.spread_for(r.principle_id) if team else None,
        )
        for r, s in zip(scored.ratings, result.principles, strict=True)
    ]
    by_code = {row.rating.code: row for row in rows}
    previous_scores = scored.previous_normalised()

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
    overdue_on = overdue_date(assessment, today)
    actions = [(row, action) for row in rows for action in row.rating.actions.all()]
    overdue = [
        (row, action)
        for row, action in actions
        if action.due_date < overdue_on and action.status not in DONE_STATUSES
    ]
    radar = _radar(assessment, rows, previous, previous_scores)
    return Report(
        assessment=assessment,
        previous=previous,
        not_compared=scored.not_compared,
        score=result,
        scale=scored.scale,
        groups=groups,
        rows=rows,
        lowest_scoring=[by_code[p.code] for p in result.lowest_scoring],
        actions=actions,
        overdue=overdue,
        radar=radar.chart(note=True),
        radar_alt=radar.alt,
        radar_on_screen=radar.chart(note=False),
        radar_not_scored=bool(radar.not_scored),
        bands=scored.bands,
        today=today,
        overdue_on=overdue_on,
        team=team,
        voice=voice_report(assessment, scored.ratings, scale_values=scored.scale.values),
    )


@dataclass(frozen=True)
class _Radar:
    title: str
    description: str
    axes: list[str]
    series: list[charts.Series]

    @property
    def not_scored(self) -> str:
        return charts.describe_not_scored(self.axes, self.series)

    @property
    def alt(self) -> str:
        return " ".join(filter(None, [self.description, self.not_scored]))

    def chart(self, *, note: bool) -> str:
        return charts.radar_chart(
            title=self.title,
            description=self.description,
            axes=self.axes,
            series=self.series,
            note=note,
        )


def _radar(assessment, rows, previous, previous_scores) -> _Radar:
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
    return _Radar(f"Scores by principle, {assessment.title}", description, axes, series)
