"""Spreadsheet cells never lose text silently: a cell longer than Excel holds (32,767
characters) ends at a whole item and says how many more there are and where to read them."""

import csv
import io

import pytest
from openpyxl import load_workbook

from partnerships.models import Role
from reporting.cells import CELL_LIMIT, Lines, csv_file, csv_value, fitted, length, xlsx_file
from reporting.exports import MORE_ACTIONS, MORE_RATIONALES
from tests import team_builders as team
from tests.board_pack_data import pack_url
from tests.builders import complete, new_action, rate
from tests.factories import member
from tests.test_export_columns import download

pytestmark = pytest.mark.django_db

ACTIONS = "Improvement actions"
SAID = "What team members said"


def _fifty_actions() -> list:
    """The most a principle may have: 50 actions, each 1,000 characters with a 200-character
    owner, about 1,240 characters a line in the spreadsheet (61,000 in all)."""
    return [
        new_action(description=f"Action {n:02d} " + "word " * 197 + "end", owner="O" * 200)
        for n in range(1, 51)
    ]


@pytest.fixture
def fifty(draft, people):
    lead = people[Role.LEAD]
    complete(user=lead, assessment=draft, value=3)
    rate(user=lead, assessment=draft, code="NV-01", value=2, actions=_fifty_actions())
    return draft


def _csv_rows(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def _xlsx_rows(content: bytes) -> list[dict]:
    header, *rows = load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]


def _assert_whole_actions(cell: str) -> None:
    *kept, note = cell.split("\n")
    assert length(cell) <= CELL_LIMIT
    assert note == f"… and {50 - len(kept)} more actions: {MORE_ACTIONS}"
    assert [line.split(" ", 2)[1] for line in kept] == [f"{n:02d}" for n in range(1, len(kept) + 1)]
    assert all(
        line.endswith("end (owner: " + "O" * 200 + "; due 31 March 2027; Proposed)")
        for line in kept
    )
    assert 20 < len(kept) < 50


def test_the_assessment_spreadsheets_end_an_overlong_actions_cell_at_a_whole_action(
    client, people, fifty
):
    """50 long actions: CSV and Excel keep whole actions up to Excel's limit, then say how
    many more and name the download that lists them all, never cutting mid-word."""
    viewer = people[Role.VIEWER]
    csv_cell = _csv_rows(download(client, viewer, "assessments:export", fifty.pk, "csv").content)[0]
    xlsx_cell = _xlsx_rows(
        download(client, viewer, "assessments:export", fifty.pk, "xlsx").content
    )[0]
    _assert_whole_actions(csv_cell[ACTIONS])
    _assert_whole_actions(xlsx_cell[ACTIONS])
    assert csv_cell[ACTIONS] == xlsx_cell[ACTIONS]
    assert MORE_ACTIONS == "download all actions as a spreadsheet from the Improvement actions page"


def test_the_partnership_answers_spreadsheets_end_an_overlong_actions_cell_alike(
    client, people, partnership, fifty
):
    """The partnership-wide answers export uses the same rows: the same whole actions."""
    client.force_login(people[Role.VIEWER])
    for fmt, read in (("csv", _csv_rows), ("xlsx", _xlsx_rows)):
        response = client.get(pack_url(partnership, "partnership_export", fmt=fmt))
        assert response.status_code == 200
        (row,) = [r for r in read(response.content) if r["Principle code"] == "NV-01"]
        _assert_whole_actions(row[ACTIONS])


def test_actions_that_fit_are_all_written_as_before(client, people, draft):
    """Under the limit, every action is on a line of its own, with no note."""
    lead = people[Role.LEAD]
    actions = [new_action(description="Agree one plan"), new_action(description="=Audit")]
    rate(user=lead, assessment=draft, code="NV-01", value=2, actions=actions)
    rows = {
        r["Principle code"]: r
        for r in _csv_rows(download(client, lead, "assessments:export", draft.pk, "csv").content)
    }
    assert rows["NV-01"][ACTIONS] == (
        "Agree one plan (owner: Discharge team; due 31 March 2027; Proposed)\n"
        "=Audit (owner: Discharge team; due 31 March 2027; Proposed)"
    )
    assert rows["NV-02"][ACTIONS] == ""


def test_what_team_members_said_ends_at_a_whole_rationale(client, partnership, people, service):
    """Thirty-four raters' 1,000-character rationales on a split principle are more than a
    cell holds: the cell ends at a whole rationale and says where the rest are."""
    lead = people[Role.LEAD]
    raters = [member(partnership, Role.CONTRIBUTOR, first_name=f"Rater{n:02d}") for n in range(34)]
    draft = team.start_team(user=lead, service=service)
    team.add_raters(user=lead, assessment=draft, raters=raters)
    for n, rater in enumerate(raters):
        rationale = f"R{n:02d} " + "why " * 248 + "end"
        team.rate_individually(
            user=rater, assessment=draft, code="NV-02", value=1 if n % 2 else 5, rationale=rationale
        )
    team.open_agreement(user=lead, assessment=draft, although_unfinished=True)
    for fmt, read in (("csv", _csv_rows), ("xlsx", _xlsx_rows)):
        rows = read(download(client, lead, "assessments:export", draft.pk, fmt).content)
        said = next(r for r in rows if r["Principle code"] == "NV-02")[SAID]
        *kept, note = said.split("\n")
        assert length(said) <= CELL_LIMIT
        assert note == f"… and {34 - len(kept)} more rationales: {MORE_RATIONALES}"
        assert all(line.split(" (")[0].endswith("why end") for line in kept)
        assert 20 < len(kept) < 34


# The rule itself, for any cell -----------------------------------------------------------


def test_lines_keep_every_item_up_to_the_limit_exactly():
    """Items that just fit are all kept; with a character less, the last goes, counted."""
    lines = Lines(("a" * 100, "b" * 100), one="action", many="actions", where="see the report")
    assert lines.fitted(201) == "a" * 100 + "\n" + "b" * 100
    one_more = "a" * 100 + "\n… and 1 more action: see the report"
    assert lines.fitted(200) == one_more
    assert lines.fitted(len(one_more)) == one_more
    assert lines.fitted(len(one_more) - 1) == "… and 2 more actions: see the report"


def test_text_too_long_for_a_cell_ends_at_a_whole_word_saying_how_much_more():
    """Any other text (a statement an admin pasted, say) ends at a whole word, then says how
    many characters are left out; Excel counts an emoji as two."""
    text = "word " * 10_000
    cell = fitted(text)
    kept, note = cell.split("\n")
    assert length(cell) <= CELL_LIMIT
    assert kept.endswith("word")
    assert note == (
        f"… and {len(text) - len(kept):,} more characters, too many for one spreadsheet cell: "
        "see the report"
    )
    emoji = fitted("😀 " * 12_000)
    assert length(emoji) <= CELL_LIMIT < len(emoji.encode("utf-16-le"))
    assert fitted("short") == "short"


def test_the_csv_apostrophe_before_a_formula_counts_towards_the_limit():
    """A cell starting "=" is quoted with an apostrophe, and still fits."""
    value = csv_value("=" + "a " * 20_000)
    assert value.startswith("'=") and length(value) <= CELL_LIMIT
    long_lines = Lines(("-x" * 400,) * 100, one="line", many="lines", where="see the report")
    value = csv_value(long_lines)
    assert value.startswith("'-x") and length(value) <= CELL_LIMIT
    assert value.endswith("more lines: see the report")


def test_an_excel_file_holds_the_cell_as_fitted():
    """What openpyxl writes is the fitted text itself: nothing cut after it."""
    lines = Lines(("x" * 1000,) * 40, one="action", many="actions", where="see the report")
    content = xlsx_file(["A"], [[lines]], title="Answers", wide=set())
    cell = load_workbook(io.BytesIO(content)).active["A2"].value
    assert cell == lines.fitted() and cell.endswith("… and 8 more actions: see the report")
    assert csv_file(["A"], [[lines]]).decode("utf-8-sig").count("x" * 1000) == 32
