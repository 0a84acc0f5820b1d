"""Spreadsheet exports: one row per rating, everything a board paper would need.

Text people typed is always written as text, never as a formula: in CSV a cell
that starts with =, +, - or @ gets a leading apostrophe (spreadsheet programs
would otherwise run it); in Excel files such cells are stored as text cells.
"""

from collections.abc import Iterable

from django.utils import dateformat, timezone

from assessments import scoring
from assessments.follow_up import weak_without_action
from assessments.models import Assessment, Rating
from assessments.read_model import counts_as_rated, ratings_for, scales_for
from consensus.report import (
    EXPORT_COLUMNS,
    TeamReport,
    TeamRow,
    export_cells,
    said_lines,
    team_reports,
)
from voice.summary import Comparison
from voice.we_say import voice_reports

from .cells import CELL_LIMIT, Lines, Percent, csv_file, length, xlsx_file
from .number_format import whole
from .page_one import gap_text, levels_below

COLUMNS = [
    "Partnership",
    "Service",
    "Assessment",
    "Year",
    "Status",
    "Principle set",
    "Section",
    "Principle code",
    "Principle",
    "Statement",
    "Level",
    "Level label",
    "Not applicable",
    "Reason not applicable",
    "Weight",
    "Reason for weight",
    # As the report shows it: the figure a reader sees, a whole percentage rounded half up.
    "Score (%)",
    # The lead's target (frozen at submission, like the level) and the report's gap to it.
    "Target level",
    "Target level label",
    "Gap to target",
    "Evidence",
    "Improvement actions",
    # A principle rated at a weak level (follow_up.weak_values) with no open action: the
    # report marks it "No action", with the reason the lead gave at submission.
    "No action",
    "Reason for no action",
    "Submitted",
    "Signed off by",
    "Decision",
    "Decision date",
    "Minute reference",
    # Copied from the last signed-off assessment and not yet confirmed: counted as not rated,
    # so its level, label and score are left blank.
    "Carried forward, not yet confirmed",
    # People's voice (voice.summary): blank when no feedback was collected.
    "Statement for people",
    "People who agree",
    "People who answered",
    "Fewer than half agree",
    # Team scoring (consensus.report): the spread of individual ratings, once agreed.
    *EXPORT_COLUMNS,
]


# Fifty actions of a thousand characters are more than a cell holds (``cells.CELL_LIMIT``):
# the cell then ends at a whole action and names the download that lists every one (the
# Improvement actions page's link).
MORE_ACTIONS = "download all actions as a spreadsheet from the Improvement actions page"
MORE_RATIONALES = 'see "Where the team disagreed" in the report'


def _actions(rating: Rating) -> Lines:
    return Lines(
        tuple(
            f"{a.description} (owner: {a.owner}; due {dateformat.format(a.due_date, 'j F Y')}; "
            f"{a.get_status_display()})"
            for a in rating.actions.all()
        ),
        one="action",
        many="actions",
        where=MORE_ACTIONS,
    )


def rows_for(assessments: Iterable[Assessment]) -> Iterable[list]:
    """One row per rating of each assessment, in a fixed number of queries however many."""
    assessments = list(assessments)
    scales = scales_for(assessments)
    by_assessment = ratings_for(assessments, with_actions=True)
    voice = voice_reports(
        [(a, by_assessment[a.pk], scales[a.pk].values) for a in assessments if by_assessment[a.pk]]
    )
    team = team_reports([(a, by_assessment[a.pk]) for a in assessments])
    for assessment in assessments:
        people = {}
        if assessment.pk in voice:
            people = {row.team.principle_id: row for row in voice[assessment.pk].rows}
        for rating in by_assessment[assessment.pk]:
            yield [
                *_row(assessment, rating, scales[assessment.pk]),
                *_people(people.get(rating.principle_id)),
                *_team_cells(assessment, team.get(assessment.pk), rating),
            ]


def assessment_rows(assessment: Assessment) -> Iterable[list]:
    return rows_for([assessment])


def _row(assessment: Assessment, rating: Rating, scale: scoring.ScaleInput) -> list:
    rated = counts_as_rated(rating)
    score = scoring.normalise(rating.level_value, scale) if rated else None
    carried = rating.carried_forward
    return [
        assessment.names.partnership,  # as frozen at submission once submitted
        assessment.names.service,
        assessment.title,
        assessment.period,
        assessment.get_state_display(),
        assessment.set_text.title,  # as frozen at submission once submitted
        rating.group_title,
        rating.code,
        rating.short_title,
        rating.statement,
        None if carried else rating.level_value,
        "" if carried else rating.level_label,
        "Yes" if rating.not_applicable and not carried else "No",
        rating.not_applicable_reason,
        rating.weight,
        rating.weight_reason,
        None if score is None else whole(score),
        *_target(rating, scale, rated=rated),
        rating.evidence,
        _actions(rating),
        *_no_action(rating, scale),
        # The UK date, as pages write it: 23:30 UTC on 20 October is 21 October in summer.
        timezone.localdate(assessment.submitted_at) if assessment.submitted_at else None,
        assessment.signoff_body,
        assessment.get_signoff_decision_display(),
        assessment.signoff_date,
        assessment.signoff_minute_reference,
        "Yes" if carried else "No",
    ]


def _target(rating: Rating, scale: scoring.ScaleInput, *, rated: bool) -> list:
    """Target level, its label and the gap in the report's words; blank without a target
    (a principle not applicable has none)."""
    target = rating.target_value
    if target is None or rating.not_applicable:
        return [None, "", ""]
    gap = levels_below(rating.level_value, target, scale.values) if rated else None
    return [target, rating.target_label, gap_text(gap)]


def _no_action(rating: Rating, scale: scoring.ScaleInput) -> list:
    """Whether the report marks the principle "No action", and the lead's reason. Needs the
    rating's actions loaded; they are the actions as signed off once signed off."""
    if not weak_without_action([rating], scale.values):
        return ["No", ""]
    return ["Yes", rating.no_action_reason]


def _team_cells(assessment: Assessment, team: TeamReport | None, rating: Rating) -> list:
    """Team scoring's columns (``consensus.report.export_cells``). What team members said is a
    line for each: too long for a cell, it ends at a whole person's rationale, as actions end
    at a whole action, rather than wherever the cell is full."""
    cells = export_cells(assessment, team, rating)
    said = cells[-1]
    if isinstance(said, str) and length(said) > CELL_LIMIT:
        row = TeamRow(rating, team.spread_for(rating.principle_id), assessment.report_rater_names)
        cells[-1] = Lines(
            said_lines(row),
            one="rationale",
            many="rationales",
            where=MORE_RATIONALES,
        )
    return cells


def _people(row: Comparison | None) -> list:
    """We say / people say columns; small numbers say "fewer than 5 answers", as everywhere."""
    if row is None or row.people is None:
        return ["", "", "", ""]
    said = row.people
    return [
        row.statement,
        said.share_text if said.suppressed else Percent(said.percent),
        said.answered_text if said.suppressed else said.answered,
        "Yes" if row.flagged else "No",
    ]


def to_csv(rows: Iterable[list]) -> bytes:
    return csv_file(COLUMNS, rows)


def to_xlsx(rows: Iterable[list], *, title: str) -> bytes:
    return xlsx_file(COLUMNS, rows, title=title, wide=WIDE_COLUMNS)


WIDE_COLUMNS = {
    "Statement",
    "Evidence",
    "Improvement actions",
    "Reason for weight",
    "Reason for no action",
    "What team members said",
}
