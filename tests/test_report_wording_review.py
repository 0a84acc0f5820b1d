"""Wording a board member found unclear in the reports, the board pack and the spreadsheets:
actions as at sign-off in the PDF, the unweighted average explained, open and overdue
counts, dates, the method's set sentence, titles, captions, the people's voice flag and
percentages in Excel files."""

import csv
import datetime
import io
import re
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from assessments.models import ActionStatus
from partnerships.models import Role
from principles.models import PrincipleSet
from reporting import board_pack
from reporting.documents import assessment_report_html, board_pack_html
from tests.board_pack_data import NV, hand_checked_services
from tests.builders import complete, new_action, rate, sign_off, start, submit
from tests.pdftext import pdf_text
from tests.voice_builders import open_round, respond

pytestmark = pytest.mark.django_db

DUE = datetime.date(2027, 3, 31)
AS_SIGNED_OFF = "Actions are shown as they were when sign-off was recorded"
PROGRESS = "Progress since then is recorded in the service's actions in the app"


def _text(html: str) -> str:
    return " ".join(html.split())


def _with_action(draft, lead, *, due=DUE, status=ActionStatus.AGREED):
    """Complete at 3, with NV-01 at 2 and one action on it."""
    complete(user=lead, assessment=draft)
    action = new_action(description="Agree one discharge plan", due_date=due, status=status)
    rate(user=lead, assessment=draft, code="NV-01", value=2, actions=[action])
    return draft


def _signed_off(draft, people):
    """The draft with its action, submitted and signed off."""
    submit(user=people[Role.LEAD], assessment=draft)
    return sign_off(user=people[Role.APPROVER], assessment=draft)


@pytest.fixture
def signed_with_action(draft, people):
    """Signed off, with NV-01's agreed action due 31 March 2027."""
    return _signed_off(_with_action(draft, people[Role.LEAD]), people)


# 1. Actions in a signed-off PDF are as at sign-off ------------------------------------------


def test_signed_off_pdf_says_its_actions_are_as_at_sign_off(viewer_client, draft, people):
    """Once signed off, the PDF says on page one and above its actions that actions are as
    they were when sign-off was recorded, on that day, and where progress since is recorded;
    a draft's report judges its actions today, so makes no such claim."""
    _with_action(draft, people[Role.LEAD])
    assert AS_SIGNED_OFF not in assessment_report_html(draft)
    signed = _signed_off(draft, people)
    response = viewer_client.get(reverse("assessments:report_pdf", args=[signed.pk]))
    text = pdf_text(response.content)
    signed_on = timezone.localdate(signed.signed_off_at).strftime("%-d %B %Y")
    assert text.count(f"{AS_SIGNED_OFF}, on {signed_on}, not as they are now.") == 2
    assert text.count(PROGRESS) == 2


# 2. The unweighted average is labelled and explained ---------------------------------------


def test_average_level_says_it_is_unweighted_and_the_method_explains_it(draft, people):
    """The summary labels the average as the levels given, not weighted, with the true
    figure (not applicable left out), and the method says what it counts and leaves out."""
    lead = people[Role.LEAD]
    complete(user=lead, assessment=draft)  # 3 throughout
    rate(user=lead, assessment=draft, code="NV-01", value=5)
    rate(user=lead, assessment=draft, code="NV-02", value=5)
    rate(user=lead, assessment=draft, code="NV-03", value=None, na=True, reason="No children.")
    html = _text(assessment_report_html(draft))
    # (9 x 3 + 2 x 5) / 11 rated = 3.4; counting the principle not applicable would be 3.1.
    assert (
        '<th scope="row">Average of the levels given (not weighted)</th>'
        "<td>3.4 on a scale of 1 to 5</td>"
    ) in html
    assert "Average level</th>" not in html
    assert (
        "The average of the levels given, in the summary of scores, is the plain average of "
        "the levels given to the rated principles, on the scale of 1 to 5. Each rated principle "
        "counts once, whatever its weight; principles not applicable or not rated are left out."
    ) in html
    assert "the weighted score is the one that counts each principle's weight" in html


# 3. Open actions, of which overdue ---------------------------------------------------------


@pytest.mark.parametrize(
    ("open_", "overdue", "text"),
    [(0, 0, "No open actions"), (1, 0, "1 open"), (3, 1, "3 open, of which 1 overdue")],
)
def test_open_actions_read_as_one_count_with_the_overdue_among_them(open_, overdue, text):
    """The overdue actions are counted among the open ones, never beside them."""
    summary = SimpleNamespace(open_actions=open_, overdue_actions=overdue)
    assert render_to_string("reports/_open_actions.html", {"summary": summary}) == text


def test_board_pack_pdf_counts_overdue_among_the_open_actions(partnership, people):
    """A service with two open actions, both overdue, reads "2 open, of which 2 overdue";
    one with none reads "No open actions"."""
    services = hand_checked_services(partnership, people)
    late = [
        new_action(description=f"Action {n}", due_date=datetime.date(2020, 1, 1)) for n in (1, 2)
    ]
    draft = services["alpha_draft"]
    rate(user=people[Role.LEAD], assessment=draft, code="NV-04", value=2, actions=late)
    pack = board_pack.build_board_pack(
        partnership, PrincipleSet.objects.get(slug=NV), chosen=[str(draft.pk)]
    )
    html = _text(board_pack_html(pack))
    assert '<strong class="term">Actions</strong> 2 open, of which 2 overdue</li>' in html
    assert '<strong class="term">Actions</strong> No open actions</li>' in html  # Beta
    assert "2 open, 2 overdue" not in html and "0 open" not in html


# 4. Dates in words -------------------------------------------------------------------------


def test_spreadsheet_actions_give_the_due_date_in_words(viewer_client, draft, people):
    """The CSV's actions say "due 31 March 2027", not "31/03/2027"."""
    _with_action(draft, people[Role.LEAD])
    content = viewer_client.get(reverse("assessments:export", args=[draft.pk, "csv"]))
    rows = {
        r["Principle code"]: r
        for r in csv.DictReader(io.StringIO(content.content.decode("utf-8-sig")))
    }
    actions = rows["NV-01"]["Improvement actions"]
    assert "due 31 March 2027;" in actions
    assert "31/03/2027" not in actions


def test_report_principle_lines_give_the_full_month(draft, people):
    """Outside tables, each principle's actions say "due 31 March 2027"; the actions table's
    narrow Due column keeps "31 Mar 2027"."""
    _with_action(draft, people[Role.LEAD])
    html = _text(assessment_report_html(draft))
    assert "(Discharge team; due 31 March 2027; agreed)" in html
    assert "Discharge team, due 31 March 2027" in html  # page one's weakest principles
    assert "due 31 Mar 2027" not in html
    assert "<td>31 Mar 2027</td>" in html


# 5a. The method names the set in plain words -----------------------------------------------


def test_method_says_scores_are_never_added_to_another_sets_in_plain_words(signed_off, partnership):
    """The report and the board pack say "Scores against <set> are never added to scores
    against another set of principles"."""
    sentence = (
        "Scores against National Voices are never added to scores against another set of "
        "principles: they are a different framework."
    )
    assert sentence in _text(assessment_report_html(signed_off))
    pack = board_pack.build_board_pack(partnership, PrincipleSet.objects.get(slug=NV))
    pack_html = _text(board_pack_html(pack))
    assert sentence in pack_html
    assert "set's:" not in pack_html


# 5b. The year once --------------------------------------------------------------------------


def test_board_pack_gives_the_year_in_brackets_only_when_the_title_lacks_it(
    partnership, people, service
):
    """ "Alpha reablement 2026/27" is not followed by "(2026/27)"; "Discharge review" is."""
    services = hand_checked_services(partnership, people)
    lead = people[Role.LEAD]
    untitled = start(user=lead, service=service, title="Discharge review")
    complete(user=lead, assessment=untitled)
    submit(user=lead, assessment=untitled)
    sign_off(user=people[Role.APPROVER], assessment=untitled)
    assert services["alpha"].title == "Alpha reablement 2026/27"
    pack = board_pack.build_board_pack(partnership, PrincipleSet.objects.get(slug=NV))
    html = _text(board_pack_html(pack))
    assert '<strong class="term">Assessment</strong> Alpha reablement 2026/27</li>' in html
    assert '<strong class="term">Assessment</strong> Discharge review (2026/27)</li>' in html
    assert "2026/27 (2026/27)" not in html


# 5c. The actions heading is not repeated as its table's caption ----------------------------


def test_actions_table_caption_does_not_repeat_its_heading(signed_with_action):
    """Under the "Improvement actions" heading, the table keeps a caption of its own."""
    html = _text(assessment_report_html(signed_with_action))
    section = html.split('<h2 id="actions">Improvement actions</h2>')[1]
    caption = re.search(r"<caption>(.*?)</caption>", section)[1]
    assert caption == (
        "Every improvement action, with its principle, owner, due date and status as signed off"
    )
    assert "<caption>Improvement actions</caption>" not in html


# 5d. The people's voice flag column says what it marks -------------------------------------


@pytest.fixture
def answered(draft, people):
    """Rated 4 throughout; five people answered, NV-06 mostly disagreeing, NV-08 only two."""
    lead = people[Role.LEAD]
    complete(user=lead, assessment=draft, value=4)
    feedback_round = open_round(user=lead, assessment=draft)
    for n in range(5):
        by_code = {"NV-06": "agree" if n < 2 else "disagree"}
        if n < 3:
            by_code["NV-08"] = "does-not-apply"
        respond(feedback_round=feedback_round, by_code=by_code)
    return draft


def test_people_say_flag_column_says_what_it_marks(answered):
    """The column is headed by what it marks, not "Check"."""
    html = assessment_report_html(answered)
    assert '<th scope="col">Team rates highly but fewer than half agree</th>' in html
    assert '<th scope="col">Check</th>' not in html


# 5e. Percentages are numbers in Excel files ------------------------------------------------


def test_excel_people_who_agree_is_a_percentage_number(viewer_client, answered):
    """A shown share is a number formatted as a percentage; a hidden one keeps its words;
    the CSV file still reads "40%"."""
    response = viewer_client.get(reverse("assessments:export", args=[answered.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    column = header.index("People who agree")
    cells = {
        row[header.index("Principle code")].value: row[column] for row in sheet.iter_rows(min_row=2)
    }
    assert cells["NV-06"].value == pytest.approx(0.4)
    assert cells["NV-06"].number_format == "0%"
    assert cells["NV-01"].value == 1
    assert cells["NV-08"].value == "fewer than 5 answers"
    content = viewer_client.get(reverse("assessments:export", args=[answered.pk, "csv"]))
    rows = {
        r["Principle code"]: r
        for r in csv.DictReader(io.StringIO(content.content.decode("utf-8-sig")))
    }
    assert rows["NV-06"]["People who agree"] == "40%"
