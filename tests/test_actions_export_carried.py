"""The actions spreadsheets' progress columns for an action carried forward: its copy's row
reads the progress recorded on the actions it carries (however many assessments back), its
own first, and says where a due date moved only when the row would otherwise not show it."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from actions.services import UpdateInput, action_update_record
from assessments.models import ActionStatus, ImprovementAction
from partnerships.models import Role
from tests.builders import complete, new_action, rate, sign_off, start, submit
from tests.factories import PartnershipFactory, ServiceFactory, member
from tests.test_query_counts import assert_constant, count_get

pytestmark = pytest.mark.django_db

AGREED, MOVED_TO = datetime.date(2026, 3, 31), datetime.date(2026, 9, 30)
PROGRESS = ("Latest progress note", "Progress noted on", "Reason for new due date")
EARLIER = "Moved from 31 March 2026 in the 2025/26 assessment, because: Waiting for the contract"


def signed_off_with(people, service, period, actions=(), *, carry_forward=False):
    """``service``'s ``period`` assessment signed off, with ``actions`` on NV-01."""
    assessment = start(
        user=people[Role.LEAD], service=service, period=period, carry_forward=carry_forward
    )
    complete(user=people[Role.LEAD], assessment=assessment)
    if actions:
        rate(user=people[Role.LEAD], assessment=assessment, code="NV-01", actions=actions)
    submit(user=people[Role.LEAD], assessment=assessment)
    return sign_off(user=people[Role.APPROVER], assessment=assessment)


def record(people, action, *, noted_on, note="", status=ActionStatus.IN_PROGRESS, moved_to=None):
    """An update to ``action`` (a move of its due date, with a reason, if ``moved_to``)."""
    latest = action.updates.order_by("-pk").first()
    current_due = latest.due_date if latest else action.due_date
    return action_update_record(
        user=people[Role.LEAD],
        action_id=action.pk,
        expected_version=latest.pk if latest else 0,
        update=UpdateInput(
            status=status,
            due_date=moved_to or current_due,
            noted_on=noted_on,
            note=note,
            due_date_reason="Waiting for the contract" if moved_to else "",
        ),
    )


def action(description, period) -> ImprovementAction:
    return ImprovementAction.objects.get(description=description, rating__assessment__period=period)


def csv_rows(client, user, partnership) -> dict[str, dict]:
    client.force_login(user)
    response = client.get(reverse("actions:export", args=[partnership.slug, "csv"]))
    assert response.status_code == 200
    rows = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    return {row["Action"]: row for row in rows}


def cells(row: dict, columns=PROGRESS) -> tuple:
    return tuple(row[column] for column in columns)


@pytest.fixture
def carried(people, service):
    """2025/26 signed off with "Moved" (due 31 March 2026, moved to 30 September 2026, with
    a note) and "Noted" (a note only), then carried forward into a 2026/27 draft."""
    signed_off_with(
        people,
        service,
        "2025/26",
        [
            new_action(description="Moved", due_date=AGREED),
            new_action(description="Noted", due_date=AGREED),
        ],
    )
    moved = action("Moved", "2025/26")
    record(people, moved, noted_on=datetime.date(2026, 5, 1), note="Begun on two wards")
    record(people, moved, noted_on=datetime.date(2026, 5, 2), moved_to=MOVED_TO)
    record(people, action("Noted", "2025/26"), noted_on=datetime.date(2026, 6, 1), note="On track")
    return start(user=people[Role.LEAD], service=service, period="2026/27", carry_forward=True)


def test_a_copy_in_a_draft_shows_the_progress_recorded_on_the_original(
    client, people, partnership, carried
):
    """The note and its date as recorded; the earlier move, which is already the copy's
    agreed date, with when and from what date."""
    rows = csv_rows(client, people[Role.VIEWER], partnership)
    assert set(rows) == {"Moved", "Noted"}  # the copies stand for the originals
    moved = rows["Moved"]
    assert cells(moved) == ("Begun on two wards", "2026-05-01", EARLIER)
    assert cells(moved, ("Year", "Due date", "Due date when agreed", "Carried forward from")) == (
        "2026/27",
        "2026-09-30",
        "2026-09-30",
        "2025/26",
    )
    assert cells(rows["Noted"]) == ("On track", "2026-06-01", "")


def test_the_excel_file_gives_a_copy_the_same_progress(client, people, partnership, carried):
    """The Excel file's cells match the CSV file's, the date as a date."""
    client.force_login(people[Role.VIEWER])
    response = client.get(reverse("actions:export", args=[partnership.slug, "xlsx"]))
    header, *rows = load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    by_action = {row[header.index("Action")]: dict(zip(header, row, strict=True)) for row in rows}
    assert cells(by_action["Moved"]) == (
        "Begun on two wards",
        datetime.datetime(2026, 5, 1),
        EARLIER,
    )


def test_a_due_date_changed_in_the_draft_leaves_the_earlier_reason_out(
    client, people, partnership, carried
):
    """The earlier reason does not explain a date the draft agreed since; the note stays."""
    copy = action("Moved", "2026/27")
    rate(
        user=people[Role.LEAD],
        assessment=carried,
        code="NV-01",
        actions=[
            new_action(
                id=copy.pk,
                description=copy.description,
                owner=copy.owner,
                due_date=datetime.date(2027, 3, 31),
                status=copy.status,
            )
        ],
    )
    rows = csv_rows(client, people[Role.VIEWER], partnership)
    assert cells(rows["Moved"]) == ("Begun on two wards", "2026-05-01", "")


def test_a_copy_signed_off_shows_its_own_progress_first(client, people, partnership, service):
    """Its own note and its own move (which its row shows, so without where); an update
    with no note leaves the earlier note as the latest."""
    signed_off_with(
        people,
        service,
        "2025/26",
        [
            new_action(description="Own", due_date=AGREED),
            new_action(description="Status only", due_date=AGREED),
        ],
    )
    for description in ("Own", "Status only"):
        record(
            people,
            action(description, "2025/26"),
            noted_on=datetime.date(2026, 5, 1),
            note="Year one note",
            moved_to=MOVED_TO,
        )
    signed_off_with(people, service, "2026/27", carry_forward=True)
    own = action("Own", "2026/27")
    record(people, own, noted_on=datetime.date(2026, 10, 1), note="Year two note")
    record(people, own, noted_on=datetime.date(2026, 10, 2), moved_to=datetime.date(2026, 12, 31))
    record(
        people,
        action("Status only", "2026/27"),
        noted_on=datetime.date(2026, 10, 1),
        status=ActionStatus.AGREED,
    )
    rows = csv_rows(client, people[Role.VIEWER], partnership)
    assert cells(rows["Own"]) == ("Year two note", "2026-10-01", "Waiting for the contract")
    assert cells(rows["Status only"]) == (
        "Year one note",
        "2026-05-01",
        EARLIER,
    )


def test_a_longer_chain_shows_the_nearest_progress(client, people, partnership, service):
    """Carried twice: the copy's row reads the latest progress along the chain, through an
    assessment that recorded none."""
    signed_off_with(
        people,
        service,
        "2024/25",
        [new_action(description="Quiet", due_date=AGREED), new_action(description="Busy")],
    )
    for description in ("Quiet", "Busy"):
        record(
            people,
            action(description, "2024/25"),
            noted_on=datetime.date(2025, 2, 1),
            note="First year",
        )
    signed_off_with(people, service, "2025/26", carry_forward=True)
    record(people, action("Busy", "2025/26"), noted_on=datetime.date(2026, 2, 1), note="Second")
    record(
        people,
        action("Quiet", "2025/26"),
        noted_on=datetime.date(2026, 2, 2),
        moved_to=MOVED_TO,
    )
    start(user=people[Role.LEAD], service=service, period="2026/27", carry_forward=True)
    rows = csv_rows(client, people[Role.VIEWER], partnership)
    assert cells(rows["Quiet"]) == ("First year", "2025-02-01", EARLIER)
    assert cells(rows["Busy"]) == ("Second", "2026-02-01", "")
    assert rows["Busy"]["Year"] == "2026/27"


def test_a_copys_page_points_to_the_progress_before_it_was_carried(
    client, people, partnership, carried
):
    """As the spreadsheet reads it, the page says where the progress so far is."""
    copy = action("Moved", "2026/27")
    client.force_login(people[Role.VIEWER])
    content = client.get(reverse("actions:detail", args=[copy.pk])).content.decode()
    href = reverse("actions:detail", args=[copy.carried_from_id])
    assert (
        "For progress before it was carried forward, see "
        f'<a class="govuk-link" href="{href}">the 2025/26 assessment\'s action</a>.' in content
    )


def test_export_queries_do_not_grow_with_longer_chains(client, principle_sets):
    """The export reads as often for one action carried once as for 12 carried three times
    across services, with progress on every link."""
    counts = {}
    for size, services, per, years in (("one", 1, 1, 1), ("many", 3, 4, 4)):
        partnership = PartnershipFactory()
        people = {role: member(partnership, role) for role in Role.values}
        for n in range(services):
            service = ServiceFactory(partnership=partnership)
            actions = [new_action(description=f"A{n}-{i}") for i in range(per)]
            for year in range(years):
                period = f"{2023 + year}/{24 + year}"
                signed_off_with(people, service, period, actions, carry_forward=year > 0)
                actions = ()
                for each in ImprovementAction.objects.filter(
                    rating__assessment__service=service, rating__assessment__period=period
                ):
                    record(people, each, noted_on=datetime.date(2023 + year, 6, 1), note=period)
            start(user=people[Role.LEAD], service=service, period="2027/28", carry_forward=True)
        client.force_login(people[Role.VIEWER])
        url = reverse("actions:export", args=[partnership.slug, "csv"])
        response, queries = count_get(client, url)
        counts[size] = len(queries)
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert len(rows) == services * per
        assert {row["Latest progress note"] for row in rows} == {f"{2022 + years}/{23 + years}"}
    assert_constant("actions_export", counts)
