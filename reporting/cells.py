"""Every spreadsheet download, written one way: text people typed is text, never a formula,
and never a character Excel files cannot hold. Shared by the assessment, partnership and
actions exports, which give their own columns and rows."""

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

# A CSV cell starting with one of these is read by spreadsheet programs as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Excel files cannot hold most control characters (openpyxl refuses the whole file). Text
# pasted from Word carries its line breaks as vertical tabs and page breaks as form feeds:
# those become line breaks; the rest, invisible anyway, are dropped. Forms accept them, as
# pages, PDFs and CSV files show them harmlessly.
_LINE_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})


@dataclass(frozen=True, slots=True)
class Percent:
    """A whole percentage as a figure: "67%" in a CSV file; in an Excel file the number 0.67
    shown as 67%, so it sorts and sums as a number and reads as the report does."""

    whole: int

    def __str__(self) -> str:
        return f"{self.whole}%"


PERCENT_FORMAT = "0%"


def csv_value(value):
    """A value for a CSV cell: "" for None, a whole number without ".0" (the csv module
    writes 50.0 as "50.0", where the report shows 50), and text that would start a formula
    quoted."""
    if value is None:
        return ""
    if isinstance(value, Percent):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def xlsx_value(sheet, value):
    """A value for a write-only sheet's cell: None (no cell) for "", text with characters
    Excel refuses made safe, text starting "=" stored as text, not a formula, and a
    percentage as a number formatted as one."""
    if isinstance(value, Percent):
        cell = WriteOnlyCell(sheet, value=value.whole / 100)
        cell.number_format = PERCENT_FORMAT
        return cell
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value.translate(_LINE_BREAKS))
    if value == "":
        return None  # an empty string would still be written as a cell
    if value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # openpyxl would otherwise store it as a formula
        return cell
    return value


def csv_file(columns: list[str], rows: Iterable[list]) -> bytes:
    """A CSV file of ``columns`` and then the rows, UTF-8 with a byte order mark."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_value(value) for value in row])
    # A byte order mark lets Excel open UTF-8 text correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# Excel's rules for a sheet's name: at most 31 characters, none of these.
SHEET_TITLE_LIMIT = 31
_NOT_IN_SHEET_TITLES = re.compile(r"[\\*?:/\[\]]")


def sheet_title(title: str) -> str:
    """``title`` as Excel allows a sheet's name: a character it refuses becomes a hyphen,
    and a name too long to keep whole is its last word alone ("Answers"), since a name cut
    part-way through a word reads as a mistake."""
    title = " ".join(_NOT_IN_SHEET_TITLES.sub("-", title).split()).strip("'")
    if len(title) <= SHEET_TITLE_LIMIT:
        return title or "Sheet1"
    return title.rsplit(" ", 1)[-1][:SHEET_TITLE_LIMIT].capitalize()


def xlsx_file(columns: list[str], rows: Iterable[list], *, title: str, wide: set[str]) -> bytes:
    """An Excel file of the rows under a bold header, the ``wide`` columns wider, written in
    one pass.

    openpyxl's write-only mode streams each row out as it is appended, so time and
    memory grow with the number of rows, not with its square (a normal worksheet
    recounts its rows to find the last one). Widths and frozen panes must be set
    before the first row in this mode.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title(title))
    sheet.freeze_panes = "A2"
    for index, name in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = 60 if name in wide else 18
    bold = Font(bold=True)
    sheet.append([_header_cell(sheet, name, bold) for name in columns])
    for row in rows:
        sheet.append([xlsx_value(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _header_cell(sheet, name: str, font: Font) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=name)
    cell.font = font
    return cell
