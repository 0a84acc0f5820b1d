"""The date of an update to an action: it records something that has happened, so it is
today or earlier, no earlier than the action's last update, and not before the year the
board could first have signed off the assessment. The service refuses the same dates as the
form, for every caller, and the page shows why beside the date."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.forms import ActionUpdateForm
from actions.models import ActionUpdate
from actions.services import UpdateInput, action_update_record
from assessments.errors import RefusedError
from assessments.models import ActionStatus, ImprovementAction
from partnerships.models import Role
from tests import builders
from tests.formtools import codes

pytestmark = pytest.mark.django_db

MEETING = datetime.date(2026, 6, 18)
FUTURE = "Date of the update must be today or in the past"
BEFORE_PERIOD = (
    "Date of the update must be in 2025 or later, for an action from the 2026/27 assessment"
)


@pytest.fixture
def action(draft, people):
    """The 2026/27 assessment's one action, signed off at a meeting on 18 June 2026."""
    lead = people[Role.LEAD]
    builders.complete(user=lead, assessment=draft)
    builders.rate(user=lead, assessment=draft, code="NV-01", actions=[builders.new_action()])
    builders.submit(user=lead, assessment=draft)
    builders.sign_off(user=people[Role.APPROVER], assessment=draft, decision_date=MEETING)
    return ImprovementAction.objects.get(rating__assessment=draft)


def record(people, action, noted_on, *, version=0, note="Started on two wards"):
    return action_update_record(
        user=people[Role.CONTRIBUTOR],
        action_id=action.pk,
        expected_version=version,
        update=UpdateInput(
            status=ActionStatus.IN_PROGRESS, due_date=action.due_date, noted_on=noted_on, note=note
        ),
    )


def refused(people, action, noted_on, **kwargs) -> RefusedError:
    with pytest.raises(RefusedError) as error:
        record(people, action, noted_on, **kwargs)
    return error.value


# The service, for every caller -----------------------------------------------------------------


def test_an_update_dated_after_today_is_refused(action, people):
    """Tomorrow has not happened yet: nothing is recorded."""
    error = refused(people, action, timezone.localdate() + datetime.timedelta(days=1))
    assert (error.code, error.message) == ("noted_on_in_future", FUTURE)
    assert not ActionUpdate.objects.exists()


def test_an_update_dated_today_is_recorded(action, people):
    """Today is the latest date an update can have."""
    assert record(people, action, timezone.localdate()).noted_on == timezone.localdate()


def test_an_update_cannot_be_dated_before_the_last_one(action, people):
    """Each update follows the one before; the same day is allowed."""
    first = record(people, action, datetime.date(2026, 9, 1))
    error = refused(people, action, datetime.date(2026, 8, 31), version=first.pk)
    assert error.code == "noted_on_before_last_update"
    assert error.message == (
        "Date of the update must be the same as or after 1 September 2026, "
        "the date of the last update"
    )
    second = record(people, action, datetime.date(2026, 9, 1), version=first.pk, note="More")
    assert second.previous_status == ActionStatus.IN_PROGRESS


def test_an_update_before_the_year_the_board_could_sign_off_is_refused(action, people):
    """A 2026/27 assessment can be signed off from 1 January 2025: earlier is a typing slip."""
    error = refused(people, action, datetime.date(2024, 12, 31))
    assert (error.code, error.message) == ("noted_on_before_period", BEFORE_PERIOD)
    assert record(people, action, datetime.date(2025, 1, 1)).noted_on.year == 2025


def test_work_before_the_meeting_and_before_the_action_was_typed_in_can_be_recorded(action, people):
    """Work often starts before the board meets, and an assessment entered afterwards has
    actions typed in after the work they record."""
    noted = datetime.date(2026, 5, 1)
    assert noted < MEETING and noted < action.created_at.date()
    assert record(people, action, noted).noted_on == noted


# The form ---------------------------------------------------------------------------------------


def form(noted_on, *, last_noted_on=None, status=ActionStatus.IN_PROGRESS) -> ActionUpdateForm:
    """The form sent with the date ``noted_on``, or its (day, month, year) as typed, and
    ``status`` (the action is proposed, due 31 March 2027)."""
    if isinstance(noted_on, datetime.date):
        noted_on = (noted_on.day, noted_on.month, noted_on.year)
    return ActionUpdateForm(
        {
            "status": status,
            **{f"noted_on_{n}": str(part) for n, part in enumerate(noted_on)},
            "due_date_0": "31",
            "due_date_1": "3",
            "due_date_2": "2027",
            "version": "0",
        },
        current_status=ActionStatus.PROPOSED,
        current_due_date=datetime.date(2027, 3, 31),
        period="2026/27",
        last_noted_on=last_noted_on,
    )


def test_the_form_refuses_the_dates_the_service_refuses_with_their_codes():
    """The same rules and words as the service's, on the date."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert codes(form(tomorrow), "noted_on") == ["noted_on_in_future"]
    assert form(tomorrow).errors["noted_on"] == [FUTURE]
    earlier = form(datetime.date(2026, 8, 31), last_noted_on=datetime.date(2026, 9, 1))
    assert codes(earlier, "noted_on") == ["noted_on_before_last_update"]
    assert codes(form(datetime.date(2024, 12, 31)), "noted_on") == ["noted_on_before_period"]
    assert form(datetime.date(2024, 12, 31)).errors["noted_on"] == [BEFORE_PERIOD]


def test_the_form_accepts_today_and_the_day_of_the_last_update():
    """Today, the last update's day and the first day of the earliest year are all allowed."""
    today = timezone.localdate()
    assert form(today).is_valid()
    assert form(today, last_noted_on=today).is_valid()
    assert form(datetime.date(2025, 1, 1)).is_valid()


def test_the_form_refuses_an_impossible_date():
    """31 February is not a real date."""
    impossible = form((31, 2, 2026))
    assert codes(impossible, "noted_on") == ["invalid"]
    assert impossible.errors["noted_on"] == ["Date of the update must be a real date"]


# The page ---------------------------------------------------------------------------------------


def post(client, action, noted_on, *, version=0):
    return client.post(
        reverse("actions:update", args=[action.pk]),
        {
            "status": ActionStatus.IN_PROGRESS,
            "note": "Started on two wards",
            "noted_on_0": noted_on.day,
            "noted_on_1": noted_on.month,
            "noted_on_2": noted_on.year,
            "due_date_0": action.due_date.day,
            "due_date_1": action.due_date.month,
            "due_date_2": action.due_date.year,
            "version": version,
        },
    )


def test_the_page_says_why_a_future_date_is_refused_and_keeps_the_note(client, people, action):
    """The error summary links to the date's day box; nothing is recorded."""
    client.force_login(people[Role.CONTRIBUTOR])
    response = post(client, action, timezone.localdate() + datetime.timedelta(days=1))
    assert codes(response.context["form"], "noted_on") == ["noted_on_in_future"]
    page = html.unescape(response.content.decode())
    assert f'<a href="#id_noted_on_0">{FUTURE}</a>' in page
    assert "Started on two wards" in page
    assert not ActionUpdate.objects.exists()


def test_the_page_knows_the_date_of_the_last_update(client, people, action):
    """An update dated before the last one is refused on the page, before the service."""
    first = record(people, action, datetime.date(2026, 9, 1))
    client.force_login(people[Role.CONTRIBUTOR])
    response = post(client, action, datetime.date(2026, 8, 1), version=first.pk)
    assert codes(response.context["form"], "noted_on") == ["noted_on_before_last_update"]
    assert ActionUpdate.objects.count() == 1


def test_an_update_that_changes_nothing_is_an_error_at_the_note():
    """Nothing changed and no note: the error is on the note box, where the summary links."""
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    unchanged = form(yesterday, status=ActionStatus.PROPOSED)
    assert not unchanged.is_valid()
    assert [e.code for e in unchanged.errors.as_data()["note"]] == ["nothing_changed"]
    assert not unchanged.non_field_errors()
