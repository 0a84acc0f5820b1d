"""An update to an action while next year's assessment is started from it: the update is
never stranded on an original that can no longer be updated while its copy stays open.

The start is held after it has read the open actions, before it copies them, while the
update is made on its own connection (``tests.held_locks``). PostgreSQL only.
"""

import datetime

import pytest

from actions.models import ActionUpdate
from actions.services import UpdateInput, action_update_record
from assessments.errors import RefusedError
from assessments.models import ActionStatus, ImprovementAction
from tests import builders
from tests.held_locks import InThread, Pause, succeeded, waits_on_a_lock

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def action(draft, people):
    """The one action, agreed on NV-01, of a signed-off assessment."""
    lead = people["lead"]
    builders.complete(user=lead, assessment=draft)
    builders.rate(
        user=lead,
        assessment=draft,
        code="NV-01",
        actions=[builders.new_action(status=ActionStatus.AGREED)],
    )
    builders.submit(user=lead, assessment=draft)
    builders.sign_off(user=people["approver"], assessment=draft)
    return ImprovementAction.objects.get(rating__assessment=draft)


def test_a_completion_recorded_while_the_next_start_copies_the_action_is_refused(
    postgres, monkeypatch, action, service, people
):
    """The update waits for the start, then is refused as carried forward: the copy is the
    action from now on, and nothing is recorded on the original."""
    held = Pause(monkeypatch, "assessments.follow_up.bulk_create_with_history", before=True)
    starting = InThread(
        lambda: builders.start(
            user=people["lead"], service=service, period="2027/28", carry_forward=True
        )
    )
    try:
        assert held.reached.wait(timeout=30)
        updating = InThread(
            lambda: action_update_record(
                user=people["contributor"],
                action_id=action.pk,
                expected_version=0,
                update=UpdateInput(
                    status=ActionStatus.COMPLETED,
                    due_date=action.due_date,
                    noted_on=datetime.date(2026, 6, 1),
                    note="Four new members recruited",
                ),
            )
        )
        waits_on_a_lock(updating)
    finally:
        held.go.set()
    started = succeeded(starting.outcome())
    refused = updating.outcome()
    assert isinstance(refused, RefusedError) and refused.code == "carried_forward", refused
    assert not ActionUpdate.objects.filter(action=action).exists()
    copy = ImprovementAction.objects.get(rating__assessment=started)
    assert (copy.carried_from_id, copy.status) == (action.pk, ActionStatus.AGREED)
