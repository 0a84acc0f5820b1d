"""What every spreadsheet download writes into a cell: text people typed is text, never a
formula, and never a character Excel files cannot hold. Shared by the assessment,
partnership and actions exports, so one rule covers them all."""

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# A CSV cell starting with one of these is read by spreadsheet programs as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Excel files cannot hold most control characters (openpyxl refuses the whole file). Text
# pasted from Word carries its line breaks as vertical tabs and page breaks as form feeds:
# those become line breaks; the rest, invisible anyway, are dropped. Forms accept them, as
# pages, PDFs and CSV files show them harmlessly.
_LINE_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})


def csv_value(value):
    """A value for a CSV cell: "" for None, and text that would start a formula quoted."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def xlsx_value(sheet, value):
    """A value for a write-only sheet's cell: None (no cell) for "", text with characters
    Excel refuses made safe, and text starting "=" stored as text, not a formula."""
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
