"""The Actions page as a spreadsheet: one row per action, with its current state.

Text people typed is written as text, never as a formula, as in the assessment exports.
"""

from collections.abc import Iterable

from assessments.models import ActionStatus, ImprovementAction
from reporting.cells import csv_file, xlsx_file

COLUMNS = [
    "Service",
    "Assessment",
    "Year",
    "Assessment status",
    "Principle set",
    "Principle code",
    "Principle",
    "Action",
    "Owner",
    "Status",
    "Due date",
    "Overdue",
    "Due date when agreed",
    "Status when agreed",
    "Carried forward from",
]
WIDE = {"Action", "Principle"}
STATUS_LABELS = dict(ActionStatus.choices)


def rows(actions: Iterable[ImprovementAction]) -> Iterable[list]:
    """Each action (annotated by ``selectors.with_current``) as a spreadsheet row."""
    for action in actions:
        rating, assessment = action.rating, action.rating.assessment
        carried = action.carried_from
        yield [
            assessment.service.name,
            assessment.title,
            assessment.period,
            assessment.get_state_display(),
            # As the assessment was submitted: an admin's later edit is not its record.
            assessment.set_text.short_name,
            rating.code,
            rating.short_title,
            action.description,
            action.owner,
            STATUS_LABELS.get(action.current_status, action.current_status),
            action.current_due_date,
            "Yes" if action.overdue else "No",
            action.due_date,
            action.get_status_display(),
            carried.rating.assessment.period if carried else "",
        ]


def to_csv(data: Iterable[list]) -> bytes:
    return csv_file(COLUMNS, data)


def to_xlsx(data: Iterable[list], *, title: str) -> bytes:
    return xlsx_file(COLUMNS, data, title=title, wide=WIDE)
