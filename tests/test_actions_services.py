"""Updating an action after sign-off: a new record each time, the signed-off action never
changes, and every rule is enforced for every caller."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from actions.models import ActionUpdate
from actions.selectors import with_current
from actions.services import UpdateInput, action_update_record
from assessments.errors import ConflictError, RefusedError
from assessments.models import ActionStatus, ImprovementAction
from partnerships.models import Role
from tests.builders import complete, new_action, rate, sign_off, start, submit

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 5, 1)
# The date the updates record: a day that has passed, since an update cannot be dated later
# than the day it is recorded on (tests/test_action_update_dates.py).
NOTED = datetime.date(2026, 6, 1)


@pytest.fixture
def action(signed_off, people):
    """The signed-off assessment's one action, due 31 March 2027 (it was added before
    submission)."""
    return ImprovementAction.objects.get(rating__assessment=signed_off)


@pytest.fixture
def signed_off(draft, people):
    """A signed-off assessment with one proposed action on NV-01."""
    lead = people[Role.LEAD]
    complete(user=lead, assessment=draft)
    rate(user=lead, assessment=draft, code="NV-01", actions=[new_action()])
    submit(user=lead, assessment=draft)
    return sign_off(user=people[Role.APPROVER], assessment=draft)


def update(user, action, version=0, **fields):
    values = {"status": action.status, "due_date": action.due_date, "noted_on": NOTED}
    return action_update_record(
        user=user,
        action_id=action.pk,
        expected_version=version,
        update=UpdateInput(**(values | fields)),
    )


def current(action):
    return with_current(ImprovementAction.objects.filter(pk=action.pk), today=TODAY).get()


def test_an_update_is_recorded_beside_the_unchanged_action(action, people):
    """The update holds the status and due date before and after; the action row and its
    history stay as signed off."""
    history = action.history.count()
    saved = update(
        people[Role.CONTRIBUTOR],
        action,
        status=ActionStatus.IN_PROGRESS,
        note="  Pilot started.  ",
    )
    assert (saved.previous_status, saved.status) == (ActionStatus.PROPOSED, "in_progress")
    assert saved.note == "Pilot started."
    assert saved.created_by == people[Role.CONTRIBUTOR]
    action.refresh_from_db()
    assert action.status == ActionStatus.PROPOSED and action.history.count() == history
    assert current(action).current_status == ActionStatus.IN_PROGRESS


def test_updates_build_on_each_other(action, people):
    """The second update starts from the first: the current state is the latest update's."""
    lead = people[Role.LEAD]
    first = update(lead, action, status=ActionStatus.AGREED)
    second = update(
        lead,
        action,
        version=first.pk,
        due_date=datetime.date(2027, 9, 30),
        due_date_reason="Waiting for the new system",
        status=ActionStatus.AGREED,
    )
    assert second.previous_status == ActionStatus.AGREED
    assert second.previous_due_date == datetime.date(2027, 3, 31)
    now = current(action)
    assert (now.current_due_date, now.version, now.overdue) == (
        datetime.date(2027, 9, 30),
        second.pk,
        False,
    )


def test_a_stale_update_is_refused_as_a_conflict(action, people):
    """Someone who opened the page before another update cannot overwrite it unknowingly."""
    first = update(people[Role.LEAD], action, note="Mine first")
    with pytest.raises(ConflictError) as error:
        update(people[Role.CONTRIBUTOR], action, version=0, note="Stale")
    assert error.value.current == first
    assert ActionUpdate.objects.count() == 1


@pytest.mark.parametrize("role", [Role.APPROVER, Role.VIEWER])
def test_approvers_and_viewers_cannot_update(action, people, role):
    """Only leads and contributors record progress."""
    with pytest.raises(PermissionDenied):
        update(people[role], action, note="No")


def test_actions_of_a_draft_are_changed_in_the_assessment(draft, people):
    """A draft's action is refused: it is changed on its principle's page."""
    rate(user=people[Role.LEAD], assessment=draft, code="NV-01", actions=[new_action()])
    with pytest.raises(RefusedError) as error:
        update(people[Role.LEAD], ImprovementAction.objects.get(), note="Too early")
    assert error.value.code == "not_signed_off"


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({}, "nothing_changed"),
        ({"status": ActionStatus.DROPPED}, "dropped_reason_required"),
        ({"due_date": datetime.date(2027, 6, 1)}, "due_date_reason_required"),
        ({"status": ActionStatus.DEFERRED}, "action_status_invalid"),
        ({"status": "finished"}, "action_status_invalid"),
        ({"due_date": None}, "due_date_required"),
        ({"noted_on": None}, "noted_on_required"),
        ({"note": "x" * 2001}, "note_too_long"),
        ({"due_date": datetime.date(2101, 1, 1), "due_date_reason": "x"}, "due_date_out_of_range"),
    ],
)
def test_invalid_updates_are_refused_with_a_code(action, people, fields, code):
    """Each rule the form shows is enforced by the service too; nothing is saved."""
    with pytest.raises(RefusedError) as error:
        update(people[Role.LEAD], action, **fields)
    assert error.value.code == code
    assert not ActionUpdate.objects.exists()


def test_dropping_needs_its_reason_only_once(action, people):
    """A dropped action keeps its reason; a later note needs none."""
    lead = people[Role.LEAD]
    dropped = update(lead, action, status=ActionStatus.DROPPED, dropped_reason="Merged into X")
    assert dropped.dropped_reason == "Merged into X"
    note = update(
        lead, action, version=dropped.pk, status=ActionStatus.DROPPED, note="Still merged"
    )
    assert note.dropped_reason == ""


def test_a_carried_forward_action_is_updated_in_the_next_assessment(action, people, service):
    """Once copied into the next assessment, the original cannot be updated."""
    start(user=people[Role.LEAD], service=service, period="2027/28", carry_forward=True)
    with pytest.raises(RefusedError) as error:
        update(people[Role.LEAD], action, note="Old copy")
    assert error.value.code == "carried_forward"
    assert "2027/28" in error.value.message


def test_the_weekly_digest_reminds_of_actions_as_they_stand_now(action, people):
    """An overdue action completed since sign-off is no longer in the digest; a new due
    date is what the digest counts."""
    from notifications.selectors import action_digests

    def listed(today):
        return [a for d in action_digests(today=today) for a in d.own + d.unmatched]

    assert len(listed(TODAY)) == 1  # due 31 March 2027, so overdue on 1 May 2027
    moved = update(
        people[Role.LEAD],
        action,
        due_date=datetime.date(2027, 12, 31),
        due_date_reason="Waiting for funding",
    )
    assert listed(TODAY) == []
    update(
        people[Role.LEAD],
        action,
        version=moved.pk,
        status=ActionStatus.COMPLETED,
        due_date=datetime.date(2027, 12, 31),
    )
    assert listed(datetime.date(2028, 1, 5)) == []
