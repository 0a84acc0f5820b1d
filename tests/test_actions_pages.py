"""The partnership's Actions page, its spreadsheets, and each action's page and update form."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from actions.models import ActionUpdate
from actions.services import UpdateInput, action_update_record
from assessments.models import ActionStatus, ImprovementAction
from partnerships.models import Role
from principles.models import PrincipleSet
from tests.builders import complete, new_action, rate, sign_off, start, submit
from tests.factories import PartnershipFactory, ServiceFactory, member
from tests.test_query_counts import assert_constant, count_get

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
LONG_AGO, SOON, LATER = (
    datetime.date(2021, 1, 31),
    TODAY + datetime.timedelta(days=10),
    TODAY + datetime.timedelta(days=200),
)


def signed_with_actions(service, people, period, actions):
    lead = people[Role.LEAD]
    assessment = start(user=lead, service=service, period=period)
    complete(user=lead, assessment=assessment)
    rate(user=lead, assessment=assessment, code="NV-01", actions=actions)
    submit(user=lead, assessment=assessment)
    return sign_off(user=people[Role.APPROVER], assessment=assessment)


@pytest.fixture
def board(partnership, people, service):
    """Two services: one overdue action (Team A), one due soon (Team B), one later
    (Team A), one completed since sign-off, and a draft's action on the second service."""
    signed = signed_with_actions(
        service,
        people,
        "2025/26",
        [
            new_action(description="Overdue one", owner="Team A", due_date=LONG_AGO),
            new_action(description="Soon one", owner="Team B", due_date=SOON),
            new_action(description="Later one", owner="Team A", due_date=LATER),
            new_action(description="Done one", owner="Team C", due_date=LONG_AGO),
        ],
    )
    done = ImprovementAction.objects.get(description="Done one")
    action_update_record(
        user=people[Role.LEAD],
        action_id=done.pk,
        expected_version=0,
        update=UpdateInput(status=ActionStatus.COMPLETED, due_date=done.due_date, noted_on=TODAY),
    )
    other = ServiceFactory(partnership=partnership, name="Reablement")
    draft = start(user=people[Role.LEAD], service=other)
    rate(
        user=people[Role.LEAD],
        assessment=draft,
        code="NV-02",
        actions=[new_action(description="Draft one", owner="Team B", due_date=LATER)],
    )
    return {"signed": signed, "draft": draft, "other": other}


def shown(client, partnership, **query) -> list[str]:
    response = client.get(reverse("actions:list", args=[partnership.slug]), query)
    assert response.status_code == 200
    return [a.description for a in response.context["actions"]]


def test_every_action_of_every_service_is_listed_soonest_first(client, people, partnership, board):
    """Actions across services and states, by their current due date."""
    client.force_login(people[Role.VIEWER])
    assert shown(client, partnership) == [
        "Overdue one",
        "Done one",
        "Soon one",
        "Later one",
        "Draft one",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"due": "overdue"}, ["Overdue one"]),
        ({"due": "soon"}, ["Soon one"]),
        ({"owner": "Team A"}, ["Overdue one", "Later one"]),
        ({"status": "completed"}, ["Done one"]),
        ({"due": "overdue", "owner": "Team B"}, []),
    ],
)
def test_filters(client, people, partnership, board, query, expected):
    """Overdue, due in the next 30 days, owner and status (as it stands now) filter the list."""
    client.force_login(people[Role.VIEWER])
    assert shown(client, partnership, **query) == expected


def test_service_filter_and_unknown_values_are_ignored(client, people, partnership, board):
    """The service filter keeps that service's actions; values not offered are ignored."""
    client.force_login(people[Role.VIEWER])
    assert shown(client, partnership, service=board["other"].pk) == ["Draft one"]
    assert len(shown(client, partnership, service="9999", status="nonsense")) == 5


def test_a_carried_forward_action_is_listed_once_as_its_copy(client, people, partnership, board):
    """After carrying forward, the open originals are replaced by their copies."""
    start(
        user=people[Role.LEAD],
        service=board["signed"].service,
        period="2026/27",
        carry_forward=True,
    )
    client.force_login(people[Role.VIEWER])
    response = client.get(reverse("actions:list", args=[partnership.slug]))
    by_description = {a.description: a for a in response.context["actions"]}
    assert len(response.context["actions"]) == 5
    assert by_description["Later one"].rating.assessment.period == "2026/27"
    assert by_description["Done one"].rating.assessment.period == "2025/26"
    assert "Carried forward from 2025/26" in response.content.decode()


def test_another_partnerships_actions_are_not_found(client, partnership, board):
    """Someone from another partnership gets 404 for the page, export and each action."""
    client.force_login(member(PartnershipFactory(), Role.LEAD))
    action = ImprovementAction.objects.first()
    for url in (
        reverse("actions:list", args=[partnership.slug]),
        reverse("actions:export", args=[partnership.slug, "csv"]),
        reverse("actions:detail", args=[action.pk]),
        reverse("actions:update", args=[action.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_csv_export_follows_the_filters_and_keeps_text_as_text(client, people, partnership, board):
    """The CSV has the filtered actions with their current status; formulas are defused."""
    rate(
        user=people[Role.LEAD],
        assessment=board["draft"],
        code="NV-03",
        actions=[new_action(description="=HYPERLINK(1)", owner="Team B", due_date=LATER)],
    )
    client.force_login(people[Role.VIEWER])
    url = reverse("actions:export", args=[partnership.slug, "csv"])
    response = client.get(url, {"owner": "Team B"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Service", "Assessment", "Year"]
    assert sorted(row[7] for row in rows[1:]) == ["'=HYPERLINK(1)", "Draft one", "Soon one"]
    done = client.get(url, {"status": "completed"}).content.decode("utf-8-sig").splitlines()
    assert "Completed" in done[1] and "Proposed" in done[1]  # now, and as signed off


def test_xlsx_export_has_one_row_per_action(client, people, partnership, board):
    """The Excel file has a header and a row for every listed action."""
    client.force_login(people[Role.VIEWER])
    response = client.get(reverse("actions:export", args=[partnership.slug, "xlsx"]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "Service" and len(rows) == 6
    assert client.get(reverse("actions:export", args=[partnership.slug, "pdf"])).status_code == 404


def test_xlsx_export_writes_text_pasted_from_word(client, people, partnership, board):
    """A vertical tab (Word's line break) is a line break in the Excel file, not a 500."""
    rate(
        user=people[Role.LEAD],
        assessment=board["draft"],
        code="NV-03",
        actions=[new_action(description="First line\x0bsecond", owner="Team B", due_date=LATER)],
    )
    client.force_login(people[Role.VIEWER])
    response = client.get(reverse("actions:export", args=[partnership.slug, "xlsx"]))
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert "First line\nsecond" in [row[7] for row in rows]


def test_exports_name_the_set_as_it_was_submitted(client, people, partnership, board):
    """An admin renaming the set later does not change a signed-off assessment's rows."""
    PrincipleSet.objects.filter(slug="national-voices").update(short_name="Renamed set")
    client.force_login(people[Role.VIEWER])
    url = reverse("actions:export", args=[partnership.slug, "csv"])
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
    by_year = {row[2]: row[4] for row in rows[1:]}
    assert by_year["2025/26"] == "National Voices"  # signed off: as submitted
    assert "Renamed set" in by_year.values()  # the draft: the set as it is now


# An action's page and its update form -----------------------------------------------------


def test_action_page_shows_as_signed_off_now_and_every_update(client, people, board):
    """The page says how it was signed off, how it stands now, and each update in words."""
    action = ImprovementAction.objects.get(description="Done one")
    client.force_login(people[Role.VIEWER])
    content = client.get(reverse("actions:detail", args=[action.pk])).content.decode()
    assert "Proposed, due 31 January 2021" in content
    assert "Status changed from proposed to completed" in content
    assert "Update progress" not in content  # viewers cannot update


def test_contributor_records_an_update_through_the_form(client, people, board):
    """A valid update is saved and the action's page says so."""
    action = ImprovementAction.objects.get(description="Soon one")
    client.force_login(people[Role.CONTRIBUTOR])
    url = reverse("actions:update", args=[action.pk])
    assert client.get(url).status_code == 200
    new_due = SOON + datetime.timedelta(days=60)
    response = client.post(
        url,
        {
            "status": "in_progress",
            "note": "Started on two wards.",
            "noted_on_0": TODAY.day,
            "noted_on_1": TODAY.month,
            "noted_on_2": TODAY.year,
            "due_date_0": new_due.day,
            "due_date_1": new_due.month,
            "due_date_2": new_due.year,
            "due_date_reason": "Waiting for training",
            "version": 0,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("actions:detail", args=[action.pk])
    update = ActionUpdate.objects.get(action=action)
    assert (update.status, update.due_date, update.due_date_reason) == (
        "in_progress",
        new_due,
        "Waiting for training",
    )


def _post(action, **fields):
    data = {
        "status": action.status,
        "note": "",
        "noted_on_0": TODAY.day,
        "noted_on_1": TODAY.month,
        "noted_on_2": TODAY.year,
        "due_date_0": action.due_date.day,
        "due_date_1": action.due_date.month,
        "due_date_2": action.due_date.year,
        "version": 0,
    }
    return data | fields


def test_a_conflicting_update_shows_the_other_one_and_keeps_what_was_typed(client, people, board):
    """If someone updated the action first, the page shows their update (409) and the
    typed note, and saving again adds it after theirs."""
    action = ImprovementAction.objects.get(description="Soon one")
    action_update_record(
        user=people[Role.LEAD],
        action_id=action.pk,
        expected_version=0,
        update=UpdateInput(
            status="agreed", due_date=action.due_date, noted_on=TODAY, note="Lead's note"
        ),
    )
    client.force_login(people[Role.CONTRIBUTOR])
    url = reverse("actions:update", args=[action.pk])
    response = client.post(url, _post(action, status="in_progress", note="My note"))
    assert response.status_code == 409
    content = response.content.decode()
    assert "Lead&#x27;s note" in content and "My note" in content
    again = response.context["form"].data.copy()
    assert client.post(url, again).status_code == 302
    assert list(ActionUpdate.objects.filter(action=action).values_list("note", flat=True)) == [
        "Lead's note",
        "My note",
    ]


def test_draft_actions_and_other_roles_are_sent_away_from_the_form(client, people, board):
    """A draft's action goes to its page with a message; an approver is refused (403)."""
    draft_action = ImprovementAction.objects.get(description="Draft one")
    client.force_login(people[Role.LEAD])
    response = client.get(reverse("actions:update", args=[draft_action.pk]))
    assert response["Location"] == reverse("actions:detail", args=[draft_action.pk])
    client.force_login(people[Role.APPROVER])
    signed_action = ImprovementAction.objects.get(description="Soon one")
    assert client.post(reverse("actions:update", args=[signed_action.pk]), {}).status_code == 403


def test_history_page_lists_updates_since_sign_off(client, people, board):
    """The assessment's history includes each update, in plain words."""
    client.force_login(people[Role.VIEWER])
    content = client.get(reverse("assessments:history", args=[board["signed"].pk])).content
    assert "Updated an action on NV-01 Person-centred" in content.decode()
    assert "status completed (was proposed)" in content.decode()


# Queries ---------------------------------------------------------------------------------


def test_pages_make_a_constant_number_of_queries(client, principle_sets):
    """The Actions page, its export and an action's pages read the same number of times
    for 1 action as for 30 across services, with updates and carried-forward copies."""
    counts: dict[str, dict[str, int]] = {}
    for size, services, per in (("one", 1, 1), ("many", 3, 10)):
        partnership = PartnershipFactory()
        people = {role: member(partnership, role) for role in Role.values}
        for n in range(services):
            service = ServiceFactory(partnership=partnership)
            signed_with_actions(
                service,
                people,
                "2025/26",
                [new_action(description=f"A{n}-{i}", due_date=LONG_AGO) for i in range(per)],
            )
            for action in ImprovementAction.objects.filter(rating__assessment__service=service):
                action_update_record(
                    user=people[Role.LEAD],
                    action_id=action.pk,
                    expected_version=0,
                    update=UpdateInput(
                        status="in_progress", due_date=action.due_date, noted_on=TODAY
                    ),
                )
            start(user=people[Role.LEAD], service=service, period="2026/27", carry_forward=True)
        action = ImprovementAction.objects.filter(
            rating__assessment__service__partnership=partnership, carried_from__isnull=False
        ).first()
        signed = action.carried_from
        client.force_login(people[Role.LEAD])
        for page, url in (
            ("actions", reverse("actions:list", args=[partnership.slug])),
            ("actions_export", reverse("actions:export", args=[partnership.slug, "csv"])),
            ("action_detail", reverse("actions:detail", args=[signed.pk])),
        ):
            counts.setdefault(page, {})[size] = len(count_get(client, url)[1])
        # Every original was carried forward, so each page follows actions into copies.
        assert not ImprovementAction.objects.filter(
            rating__assessment__service__partnership=partnership,
            carried_from__isnull=True,
            carried_to__isnull=True,
        ).exists()
    for page, by_size in counts.items():
        assert_constant(page, by_size)


def test_update_form_queries_are_constant(client, people, board):
    """The update form reads the same whether the action has no update or several."""
    fresh = ImprovementAction.objects.get(description="Soon one")
    busy = ImprovementAction.objects.get(description="Later one")
    version = 0
    for n in range(5):
        version = action_update_record(
            user=people[Role.LEAD],
            action_id=busy.pk,
            expected_version=version,
            update=UpdateInput(
                status="in_progress", due_date=busy.due_date, noted_on=TODAY, note=f"Note {n}"
            ),
        ).pk
    client.force_login(people[Role.LEAD])
    counts = {}
    for name, action in (("fresh", fresh), ("busy", busy)):
        counts[name] = len(count_get(client, reverse("actions:update", args=[action.pk]))[1])
    assert_constant("action_update", counts)
