"""Every spreadsheet download, written one way: text people typed is text, never a formula,
never a character Excel files cannot hold, and never longer than a cell holds without
saying what was left out. Shared by the assessment, partnership and actions exports, which
give their own columns and rows."""

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

# Excel holds at most 32,767 characters in a cell. openpyxl cuts longer text there without
# a word, mid-word, and Excel does the same opening a CSV file. Excel counts a character
# beyond U+FFFF (an emoji) as two, so lengths here do too.
CELL_LIMIT = 32_767
# Text no longer than this fits whatever it holds, with a CSV file's leading apostrophe.
_ALWAYS_FITS = (CELL_LIMIT - 1) // 2


@dataclass(frozen=True, slots=True)
class Lines:
    """Items on lines of their own in one cell, such as a principle's improvement actions.

    Too long for a cell, the text ends at a whole item and says how many more there are
    and where to read them: "… and 24 more actions: download all actions as…".
    """

    items: tuple[str, ...]
    one: str  # what an item is: "action"
    many: str  # and more than one: "actions"
    where: str  # where to read the rest: "see the report"

    def more(self, count: int) -> str:
        return f"… and {count:,} more {self.one if count == 1 else self.many}: {self.where}"

    def fitted(self, limit: int = CELL_LIMIT) -> str:
        whole = "\n".join(self.items)
        if length(whole) <= limit:
            return whole
        kept, used = [], 0
        for index, item in enumerate(self.items):
            size = length(item) + 1  # with the line break after it
            # Room for this item and for the note about the items after it.
            if used + size + length(self.more(len(self.items) - index - 1)) > limit:
                break
            kept.append(item)
            used += size
        return "\n".join([*kept, self.more(len(self.items) - len(kept))])


def length(text: str) -> int:
    """Characters as Excel counts them: UTF-16 code units."""
    if len(text) <= _ALWAYS_FITS:
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def fitted(value, limit: int = CELL_LIMIT):
    """``value`` as a cell holds it: ``Lines`` joined (``Lines.fitted``), and text too long
    ending at a whole word, saying how much more there is and where (the rows are an
    assessment's, whose report has all of it). Anything else as it is."""
    if isinstance(value, Lines):
        return value.fitted(limit)
    if not isinstance(value, str) or length(value) <= limit:
        return value
    room = limit - length(_more_characters(len(value)))  # the count only gets smaller
    kept = value.encode("utf-16-le")[: room * 2].decode("utf-16-le", errors="ignore")
    space = max(kept.rfind(" "), kept.rfind("\n"))
    if space > len(kept) - 1000:  # a whole word, unless the text has no space near the end
        kept = kept[:space]
    kept = kept.rstrip()
    return kept + _more_characters(len(value) - len(kept))


def _more_characters(count: int) -> str:
    return f"\n… and {count:,} more characters, too many for one spreadsheet cell: see the report"


def _csv_text(value: str | Lines) -> str:
    first = value.items[0] if isinstance(value, Lines) and value.items else value
    if isinstance(first, str) and first.startswith(FORMULA_STARTS):
        return "'" + fitted(value, CELL_LIMIT - 1)  # the apostrophe is in the cell too
    return fitted(value)


def csv_value(value):
    """A value for a CSV cell: "" for None, a whole number without ".0" (the csv module
    writes 50.0 as "50.0", where the report shows 50), text that would start a formula
    quoted, and text as a cell holds it (``fitted``)."""
    if value is None:
        return ""
    if isinstance(value, Percent):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    # Most cells are short text, which fits as it is: read without a call, as exports have
    # a million cells and more.
    if isinstance(value, str) and len(value) <= _ALWAYS_FITS:
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if isinstance(value, str | Lines):
        return _csv_text(value)
    return value


def xlsx_value(sheet, value):
    """A value for a write-only sheet's cell: None (no cell) for "", text with characters
    Excel refuses made safe, text starting "=" stored as text, not a formula, a percentage
    as a number formatted as one, and text as a cell holds it (``fitted``)."""
    if isinstance(value, Percent):
        cell = WriteOnlyCell(sheet, value=value.whole / 100)
        cell.number_format = PERCENT_FORMAT
        return cell
    if isinstance(value, Lines) or (isinstance(value, str) and len(value) > _ALWAYS_FITS):
        value = fitted(value)  # before the characters below go: they only make it shorter
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
