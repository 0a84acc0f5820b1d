"""An Excel sheet is named as Excel allows, whatever the principle set is called: never cut
part-way through a word, and never a character that would stop the file being made."""

import io

import pytest
from openpyxl import load_workbook

from reporting.cells import sheet_title, xlsx_file


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("National Voices answers", "National Voices answers"),
        ("Scotland's principles of integration answers", "Answers"),
        ("Care/support: [pilot] answers", "Care-support- -pilot- answers"),
        ("'Quoted' answers", "Quoted' answers"),
        ("   ", "Sheet1"),
    ],
)
def test_a_sheet_title_is_one_excel_allows(title, shown):
    """Whole when it fits in 31 characters, else its last word; refused characters as hyphens."""
    assert sheet_title(title) == shown
    assert len(shown) <= 31


def test_a_set_name_with_a_slash_still_makes_a_workbook():
    """openpyxl refuses "/" in a sheet's name: the file is made with a hyphen instead."""
    content = xlsx_file(["A"], [["1"]], title="Care/support answers", wide=set())
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["Care-support answers"]
    assert workbook.active["A2"].value == "1"
