"""The Actions page as a spreadsheet: one row per action, with its current state.

Text people typed is written as text, never as a formula, as in the assessment exports.
"""

import csv
import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from assessments.models import ActionStatus, ImprovementAction
from reporting.cells import csv_value, xlsx_value

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
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in data:
        writer.writerow([csv_value(value) for value in row])
    # A byte order mark lets Excel open UTF-8 text correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(data: Iterable[list], *, title: str) -> bytes:
    """Written in one pass (openpyxl's write-only mode), so large lists stay quick."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    for index, name in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = 60 if name in WIDE else 18
    bold = Font(bold=True)
    header = []
    for name in COLUMNS:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in data:
        sheet.append([xlsx_value(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
