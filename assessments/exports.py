"""Spreadsheet exports: one row per rating, everything a board paper would need.

Text people typed is always written as text, never as a formula: in CSV a cell
that starts with =, +, - or @ gets a leading apostrophe (spreadsheet programs
would otherwise run it); in Excel files such cells are stored as text cells.
"""

import csv
import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .models import Assessment
from .reports import ReportRow, build_report, score_bands

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
    "Score (%)",
    "Evidence",
    "Improvement actions",
    "Submitted",
    "Signed off by",
    "Decision",
    "Decision date",
    "Minute reference",
]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _actions(row: ReportRow) -> str:
    return "\n".join(
        f"{a.description} (owner: {a.owner}; due {a.due_date:%d/%m/%Y}; {a.get_status_display()})"
        for a in row.rating.actions.all()
    )


def assessment_rows(assessment: Assessment, *, bands=None) -> Iterable[list]:
    report = build_report(assessment, bands=bands)
    for row in report.rows:
        rating = row.rating
        score = row.score.normalised
        yield list(
            (
                assessment.service.partnership.name,
                assessment.service.name,
                assessment.title,
                assessment.period,
                assessment.get_state_display(),
                assessment.principle_set.title,
                rating.group_title,
                rating.code,
                rating.short_title,
                rating.statement,
                rating.level_value,
                rating.level_label,
                "Yes" if rating.not_applicable else "No",
                rating.not_applicable_reason,
                rating.weight,
                rating.weight_reason,
                None if score is None else round(score, 1),
                rating.evidence,
                _actions(row),
                assessment.submitted_at.date() if assessment.submitted_at else None,
                assessment.signoff_body,
                assessment.get_signoff_decision_display(),
                assessment.signoff_date,
                assessment.signoff_minute_reference,
            )
        )


def rows_for(assessments: Iterable[Assessment]) -> Iterable[list]:
    bands = score_bands()  # read once for every assessment
    for assessment in assessments:
        yield from assessment_rows(assessment, bands=bands)


def to_csv(rows: Iterable[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(["" if value is None else _safe(value) for value in row])
    # A byte order mark lets Excel open UTF-8 text correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(rows: Iterable[list], *, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # openpyxl would otherwise store a formula
    sheet.freeze_panes = "A2"
    for index, name in enumerate(COLUMNS, start=1):
        wide = name in {"Statement", "Evidence", "Improvement actions", "Reason for weight"}
        sheet.column_dimensions[get_column_letter(index)].width = 60 if wide else 18
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
