"""What the spreadsheets add to each row: targets and the gap to them, "No action" and its
reason, what team members said where they split, progress on actions since sign-off, and
scores written as the report shows them."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from actions.services import UpdateInput, action_update_record
from assessments.models import ActionStatus, ImprovementAction
from consensus.services import report_rater_names_set
from partnerships.models import Role
from principles.models import RatingLevel
from reporting.cells import csv_file
from tests import test_query_counts
from tests.builders import complete, new_action, rate, set_targets, sign_off, start, submit
from tests.factories import PrincipleSetFactory, RatingScaleFactory
from tests.team_data import agreed_and_submitted, agreement_phase, three_raters
from tests.test_query_counts import assert_constant, counts_for

pytestmark = pytest.mark.django_db

# The 12- and 120-principle drafts of ``tests/test_query_counts.py``.
sized = test_query_counts.sized

TARGET = ("Target level", "Target level label", "Gap to target")
NO_ACTION = ("No action", "Reason for no action")
SAID = "What team members said"


def download(client, user, name, *args):
    client.force_login(user)
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response


def csv_by_code(client, user, assessment) -> dict[str, dict]:
    content = download(client, user, "assessments:export", assessment.pk, "csv").content
    rows = csv.DictReader(io.StringIO(content.decode("utf-8-sig")))
    return {row["Principle code"]: row for row in rows}


def xlsx_by_code(client, user, assessment) -> dict[str, dict]:
    content = download(client, user, "assessments:export", assessment.pk, "xlsx").content
    header, *rows = load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)
    return {
        row[header.index("Principle code")]: dict(zip(header, row, strict=True)) for row in rows
    }


def cells(row: dict, columns) -> tuple:
    return tuple(row[column] for column in columns)


# Targets and "No action" ------------------------------------------------------------------


@pytest.fixture
def signed_with_targets(draft, people):
    """Signed off with NV-01 at 1 (no action, with a reason) aiming for 4, NV-02 at 2 with an
    open action aiming for 3, NV-03 at 3 aiming for 3; the rest at 3 with no target. Then an
    admin renamed level 4."""
    lead = people[Role.LEAD]
    complete(user=lead, assessment=draft, value=3)
    rate(user=lead, assessment=draft, code="NV-01", value=1)
    rate(user=lead, assessment=draft, code="NV-02", value=2, actions=[new_action()])
    set_targets(user=lead, assessment=draft, targets={"NV-01": 4, "NV-02": 3, "NV-03": 3})
    submit(user=lead, assessment=draft, no_action_reasons={"NV-01": "Funded from April."})
    signed = sign_off(user=people[Role.APPROVER], assessment=draft)
    RatingLevel.objects.filter(scale=signed.rating_scale, value=4).update(label="Renamed")
    return signed


def test_signed_off_rows_give_each_target_and_gap_in_the_words_frozen_at_submission(
    client, people, signed_with_targets
):
    """The target's level, its label as submitted (not an admin's later rename) and the gap
    as the report words it; blank for a principle with no target."""
    rows = csv_by_code(client, people[Role.VIEWER], signed_with_targets)
    assert cells(rows["NV-01"], TARGET) == ("4", "Strengthening", "3 levels below")
    assert cells(rows["NV-02"], TARGET) == ("3", "Growing", "1 level below")
    assert cells(rows["NV-03"], TARGET) == ("3", "Growing", "Target met")
    assert cells(rows["NV-04"], TARGET) == ("", "", "")
    report = download(client, people[Role.VIEWER], "assessments:report", signed_with_targets.pk)
    assert "4 – Strengthening: 3 levels below" in report.content.decode()
    xlsx = xlsx_by_code(client, people[Role.VIEWER], signed_with_targets)
    assert cells(xlsx["NV-01"], TARGET) == (4, "Strengthening", "3 levels below")
    assert cells(xlsx["NV-04"], TARGET) == (None, None, None)


def test_signed_off_rows_mark_no_action_with_the_reason_given_at_submission(
    client, people, signed_with_targets
):
    """A weak principle with no open action says "Yes" and the lead's reason; one with an
    open action, or not weak, says "No"."""
    rows = csv_by_code(client, people[Role.VIEWER], signed_with_targets)
    assert cells(rows["NV-01"], NO_ACTION) == ("Yes", "Funded from April.")
    assert cells(rows["NV-02"], NO_ACTION) == ("No", "")
    assert cells(rows["NV-04"], NO_ACTION) == ("No", "")


def test_a_draft_says_not_rated_for_a_target_it_has_not_rated_yet(client, draft, people):
    """A target on an unrated principle has the gap "Not rated"; a weak principle without an
    action is marked "No action" before any reason is given, as its report marks it."""
    lead = people[Role.LEAD]
    rate(user=lead, assessment=draft, code="NV-01", value=2)
    rate(user=lead, assessment=draft, code="NV-02", value=None, na=True, reason="Not offered")
    set_targets(user=lead, assessment=draft, targets={"NV-01": 2, "NV-05": 4})
    rows = csv_by_code(client, people[Role.VIEWER], draft)
    assert cells(rows["NV-05"], TARGET) == ("4", "Strengthening", "Not rated")
    assert cells(rows["NV-01"], TARGET) == ("2", "Limited", "Target met")
    assert cells(rows["NV-02"], TARGET) == ("", "", "")
    assert cells(rows["NV-01"], NO_ACTION) == ("Yes", "")
    assert cells(rows["NV-02"], NO_ACTION) == ("No", "")


# Team scoring ------------------------------------------------------------------------------


def test_split_principles_give_what_team_members_said_without_names(
    client, partnership, people, service
):
    """As the report's "Where the team disagreed": each rationale and its level for a split
    principle, no names; nothing for a principle the team agreed on."""
    submitted = agreed_and_submitted(service, people, three_raters(partnership, people))
    rows = csv_by_code(client, people[Role.VIEWER], submitted)
    said = rows["NV-02"][SAID].splitlines()
    assert len(said) == 3
    assert "Priya on NV-02 (5 – Embedded)" in said
    assert "Priya Shah" not in rows["NV-02"][SAID]
    assert rows["NV-01"][SAID] == ""


def test_what_team_members_said_names_them_when_the_lead_chose_to(
    client, partnership, people, service
):
    """With raters' names shown in reports, each line starts with the rater's name."""
    draft = agreement_phase(service, people, three_raters(partnership, people))
    report_rater_names_set(user=people[Role.LEAD], assessment_id=draft.pk, show=True)
    said = csv_by_code(client, people[Role.VIEWER], draft)["NV-02"][SAID].splitlines()
    assert "Priya Shah: Priya on NV-02 (5 – Embedded)" in said


# Numbers -----------------------------------------------------------------------------------


def test_scores_are_written_as_the_report_shows_them(client, partnership, people, service):
    """A whole score has no ".0" and a score between whole numbers is rounded half up, as the
    report prints it (62.5% is 63), and stays a number in Excel."""
    scale = RatingScaleFactory(levels=range(1, 10))  # 9 levels: 6 scores 62.5%, 5 scores 50%
    draft = start(
        user=people[Role.LEAD],
        service=service,
        principle_set=PrincipleSetFactory(principles=2, rating_scale=scale),
    )
    first, second = draft.ratings.select_related("principle").order_by("principle__order")
    rate(user=people[Role.LEAD], assessment=draft, code=first.principle.code, value=6)
    rate(user=people[Role.LEAD], assessment=draft, code=second.principle.code, value=5)
    scores = {
        code: row["Score (%)"]
        for code, row in csv_by_code(client, people[Role.VIEWER], draft).items()
    }
    assert scores == {first.principle.code: "63", second.principle.code: "50"}
    report = download(client, people[Role.VIEWER], "assessments:report", draft.pk).content.decode()
    assert "(score 63%)" in report and "(score 50%)" in report
    xlsx = xlsx_by_code(client, people[Role.VIEWER], draft)
    assert [xlsx[code]["Score (%)"] for code in scores] == [63, 50]
    assert all(type(xlsx[code]["Score (%)"]) is int for code in scores)


def test_a_whole_number_in_a_csv_file_has_no_decimal_point():
    """50.0 is written 50; a genuine decimal (a median of 2.5) stays as it is."""
    content = csv_file(["Figure"], [[50.0], [2.5], [7]]).decode("utf-8-sig")
    assert content.splitlines() == ["Figure", "50", "2.5", "7"]


# Actions -----------------------------------------------------------------------------------

# Updates record what has happened, so they are dated in the past.
YESTERDAY = datetime.date.today() - datetime.timedelta(days=1)
TWO_DAYS_AGO = YESTERDAY - datetime.timedelta(days=1)
PROGRESS = (
    "Latest progress note",
    "Progress noted on",
    "Reason for new due date",
    "Reason dropped",
)


def test_actions_rows_give_progress_since_sign_off(client, draft, people, partnership):
    """The latest progress note and its date, why the due date moved and why an action was
    dropped, as the action's page shows them; blank for an action with no update."""
    lead = people[Role.LEAD]
    complete(user=lead, assessment=draft)
    rate(
        user=lead,
        assessment=draft,
        code="NV-01",
        actions=[
            new_action(description="Moved", due_date=datetime.date(2027, 3, 31)),
            new_action(description="Dropped", due_date=datetime.date(2027, 3, 31)),
            new_action(description="Untouched", due_date=datetime.date(2027, 3, 31)),
        ],
    )
    submit(user=lead, assessment=draft)
    sign_off(user=people[Role.APPROVER], assessment=draft)
    moved = ImprovementAction.objects.get(description="Moved")
    begun = action_update_record(
        user=lead,
        action_id=moved.pk,
        expected_version=0,
        update=UpdateInput(
            status=ActionStatus.IN_PROGRESS,
            due_date=moved.due_date,
            noted_on=TWO_DAYS_AGO,
            note="Begun",
        ),
    )
    action_update_record(
        user=lead,
        action_id=moved.pk,
        expected_version=begun.pk,
        update=UpdateInput(
            status=ActionStatus.IN_PROGRESS,
            due_date=datetime.date(2027, 9, 30),
            noted_on=YESTERDAY,
            due_date_reason="Waiting for the new contract",
        ),
    )
    dropped = ImprovementAction.objects.get(description="Dropped")
    action_update_record(
        user=lead,
        action_id=dropped.pk,
        expected_version=0,
        update=UpdateInput(
            status=ActionStatus.DROPPED,
            due_date=dropped.due_date,
            noted_on=YESTERDAY,
            dropped_reason="Another team does this now",
        ),
    )
    content = download(client, people[Role.VIEWER], "actions:export", partnership.slug, "csv")
    rows = {
        row["Action"]: row
        for row in csv.DictReader(io.StringIO(content.content.decode("utf-8-sig")))
    }
    assert cells(rows["Moved"], PROGRESS) == (
        "Begun",
        f"{TWO_DAYS_AGO:%Y-%m-%d}",
        "Waiting for the new contract",
        "",
    )
    assert cells(rows["Dropped"], PROGRESS) == ("", "", "", "Another team does this now")
    assert cells(rows["Untouched"], PROGRESS) == ("", "", "", "")


# Queries -----------------------------------------------------------------------------------


def test_assessment_export_queries_do_not_grow_with_principles(client, people, sized):
    """The assessment's CSV and Excel files, targets and "No action" included, read the
    database the same number of times for 12 and 120 principles."""
    for assessment in sized.values():
        first = assessment.ratings.order_by("principle__order").first().principle.code
        set_targets(user=people[Role.LEAD], assessment=assessment, targets={first: 5})
    client.force_login(people[Role.VIEWER])
    for fmt in ("csv", "xlsx"):
        urls = {size: reverse("assessments:export", args=[a.pk, fmt]) for size, a in sized.items()}
        assert_constant("export", counts_for(client, urls))
