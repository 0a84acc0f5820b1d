"""Team scoring in the reports: each principle's agreed rating beside the team's spread.

The report page and PDF, the spreadsheets and the board pack read it here. Names are
left out unless a lead chose to show them (``Assessment.report_rater_names``, fixed at
sign-off): by default rationales are shown as the team's, not a person's. An assessment
rated by one shared form, or whose individual ratings are still private, has no team
report, so nothing is said about agreement for it.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.text import get_text_list

from assessments.answers import answer_text
from assessments.models import Assessment, Rating

from .models import Rater
from .rules import needs_divergence_note
from .spread import Spread, level_cell, spread, spreads_for

# As ``assessments.answers`` words a carried-forward answer: nobody in the team has
# recorded anything for it this year, so it is not the team's agreed rating.
CARRIED_FORWARD = "Not agreed yet: carried forward and not confirmed"


def agreed_text(rating: Rating) -> str:
    """The team's agreed rating as shown, "Not agreed yet" until the team records one; a
    level or "Not applicable" as every report words an answer (``answer_text``)."""
    if rating.carried_forward:
        return CARRIED_FORWARD
    if rating.level_value is None and not rating.not_applicable:
        return "Not agreed yet"
    return answer_text(rating)


@dataclass(frozen=True)
class TeamRow:
    """One principle: the team's agreed rating and how its individual ratings spread."""

    rating: Rating
    spread: Spread
    names: bool = False  # the assessment's report_rater_names

    @property
    def agreed(self) -> str:
        return agreed_text(self.rating)

    @property
    def agreed_cell(self) -> str:
        """``agreed`` for a table cell: a level never breaks a line inside its words."""
        rating = self.rating
        if rating.carried_forward or rating.level_value is None or not rating.level_label:
            return self.agreed
        return level_cell(rating.level_value, rating.level_label)

    @property
    def far_from_median(self) -> bool:
        """Whether the agreed level is more than one level from the team's median (``rules``):
        only then is a note required, and do reports say the rating is that far away."""
        return needs_divergence_note(
            self.rating.level_value, self.spread.agreement.median, scale=self.spread.scale
        )

    @property
    def rationales(self) -> list[tuple[str, str, str]]:
        """(answer, rationale, name) of each individual rating, lowest level first; the name
        is empty unless the assessment's reports show raters' names, and is the name frozen
        at submission, never an email address (``TeamRating.report_name``)."""
        return [
            (r.answer, r.rationale, r.report_name if self.names else "")
            for r in self.spread.ratings
            if r.rationale
        ]


@dataclass(frozen=True)
class TeamReport:
    assessment: Assessment
    raters: int
    rows: list[TeamRow]
    finished: int = 0  # raters who had marked every rating as finished
    by_principle: dict[int, Spread] = field(default_factory=dict)

    @property
    def split(self) -> list[TeamRow]:
        return [row for row in self.rows if row.spread.agreement.split]

    @property
    def diverged(self) -> list[TeamRow]:
        """Agreed ratings more than one level from the team's median, with the note on why.

        A note kept for a rating within one level is shown with its principle, not here,
        where each sentence says the rating is more than one level from the median.
        """
        return [row for row in self.rows if row.rating.divergence_note and row.far_from_median]

    def spread_for(self, principle_id: int) -> Spread | None:
        return self.by_principle.get(principle_id)

    @property
    def added_after_agreement(self) -> list[str]:
        """The codes of principles added to the set after agreement opened, which nobody
        could rate privately (``set_growth``), in report order.

        Read from the spreads already loaded: a rater who finished had rated every principle
        there was, and a principle added before agreement undid "finished" until it was
        rated too, so once anyone finished, a principle nobody rated came later. With nobody
        finished there is no telling, and the report says some have fewer ratings.
        """
        if not self.finished:
            return []
        return [
            row.rating.code
            for row in self.rows
            if not row.spread.agreement.count and not row.spread.not_applicable
        ]

    @property
    def raters_text(self) -> str:
        """Who rated privately, true of every principle in the table."""
        late = self.added_after_agreement
        it = "it was" if len(late) == 1 else "they were"
        why = f"added to the set after agreement opened, so {it} not rated privately"
        if self.finished == self.raters:
            people = "1 person" if self.raters == 1 else f"{self.raters} people"
            said = f"{people} rated every principle privately before the team agreed each rating"
            if late:
                return f"{said} together, except {get_text_list(late, 'and')}: {it} {why}."
            return f"{said} together."
        if self.raters == 1:
            said = (
                "1 person was asked to rate every principle privately, and had not finished "
                "when agreement opened, so some principles may have no individual rating."
            )
        else:
            finished = "none" if self.finished == 0 else str(self.finished)
            said = (
                f"{self.raters} people were asked to rate every principle privately, and "
                f"{finished} of them had finished when agreement opened, so some principles "
                "have fewer individual ratings than others."
            )
        if late:
            was = "was" if len(late) == 1 else "were"
            return f"{said} {get_text_list(late, 'and')} {was} {why}."
        return said


def team_reports(items: Sequence[tuple[Assessment, Sequence[Rating]]]) -> dict[int, TeamReport]:
    """The team report of each assessment that has one, by assessment id.

    ``items`` are (assessment, its ratings in report order). Three queries however many
    assessments, raters and principles; none when no assessment has spreads to show.
    """
    spreads = spreads_for(assessment for assessment, _ in items)
    if not spreads:
        return {}
    raters = {
        assessment_id: (count, finished)
        for assessment_id, count, finished in Rater.objects.filter(assessment_id__in=spreads)
        .values_list("assessment_id")
        .annotate(count=Count("pk"), finished=Count("pk", filter=Q(finished_at__isnull=False)))
        .values_list("assessment_id", "count", "finished")
    }
    empty = spread(0, [], [])
    reports = {}
    for assessment, ratings in items:
        by_principle = spreads.get(assessment.pk)
        if by_principle is None:
            continue
        reports[assessment.pk] = TeamReport(
            assessment=assessment,
            raters=raters.get(assessment.pk, (0, 0))[0],
            finished=raters.get(assessment.pk, (0, 0))[1],
            rows=[
                TeamRow(r, by_principle.get(r.principle_id, empty), assessment.report_rater_names)
                for r in ratings
            ],
            by_principle=by_principle,
        )
    return reports


def team_report(assessment: Assessment, ratings: Iterable[Rating]) -> TeamReport | None:
    return team_reports([(assessment, list(ratings))]).get(assessment.pk)


# Spreadsheet columns (reporting.exports), after every other column.
EXPORT_COLUMNS = [
    "Rated by",
    "Individual ratings",
    "Individual ratings not applicable",
    "Median of individual ratings",
    "Lowest individual rating",
    "Highest individual rating",
    # Headed and worded as the report's team table (consensus/_team_table.html).
    "Spread",
    "Why the agreed rating differs from the team's ratings",
    # As the report's "Where the team disagreed" quotes them: for split principles only,
    # with names only where the lead chose to show them.
    "What team members said",
]


def export_cells(assessment: Assessment, team: TeamReport | None, rating: Rating) -> list:
    """The team scoring columns of one rating's row; blank where there is nothing to say."""
    if not assessment.is_team_scored:
        return ["One shared rating", *[""] * (len(EXPORT_COLUMNS) - 1)]
    method = "Individual ratings, then agreement"
    found = team.spread_for(rating.principle_id) if team else None
    if found is None:
        # Nobody rated it individually: the report's table says "No ratings" there too.
        said = "No ratings" if team else "Private until agreement opens"
        return [method, "", "", "", "", "", said, "", ""]
    a = found.agreement
    return [
        method,
        a.count,
        found.not_applicable,
        # 3, or 2.5 between two levels: a whole median is written as the page writes it.
        int(a.median) if a.median is not None and a.median == int(a.median) else a.median,
        a.lowest,
        a.highest,
        found.spread_word,
        rating.divergence_note,
        _said(TeamRow(rating, found, assessment.report_rater_names)) if a.split else "",
    ]


def _said(row: TeamRow) -> str:
    """Each rationale on a line of its own (``said_lines``)."""
    return "\n".join(said_lines(row))


def said_lines(row: TeamRow) -> tuple[str, ...]:
    """Each rationale as the report lists them: "Name: why (level)"."""
    return tuple(
        f"{name}: {rationale} ({answer})" if name else f"{rationale} ({answer})"
        for answer, rationale, name in row.rationales
    )
