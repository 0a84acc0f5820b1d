"""Row locks take only the rows they are for, never rows their ordering or joins reach.

PostgreSQL only (the ``postgres`` fixture): SQLite locks the whole database on every write.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts import services as accounts_services
from partnerships.models import Role
from tests import builders
from tests.held_locks import InThread, Pause, locks_taken, succeeded, waits_on_a_lock

pytestmark = pytest.mark.django_db(transaction=True)


def test_starting_an_assessment_locks_its_service_row_and_no_other(postgres, service, lead):
    """The start locks the service (not the partnership its ordering joins) and the set's
    principles (not the set)."""
    with CaptureQueriesContext(connection) as queries:
        builders.start(user=lead, service=service)
    assert locks_taken(queries) == ['"partnerships_service"', '"principles_principle"']


def test_a_start_under_way_does_not_hold_up_an_invitation_to_its_partnership(
    postgres, monkeypatch, service, partnership, lead
):
    """While a start of one service is held in its transaction, a lead's invitation to the
    same partnership (which locks the partnership) is made without waiting for it."""
    held = Pause(monkeypatch, "assessments.services.rating_scale_for_set")
    starting = InThread(lambda: builders.start(user=lead, service=service))
    try:
        assert held.reached.wait(timeout=30)
        inviting = InThread(
            lambda: accounts_services.invitation_create(
                sender=lead, partnership=partnership, email="nia@example.org", role=Role.VIEWER
            )
        )
        waited = waits_on_a_lock(inviting)
    finally:
        held.go.set()
    succeeded(inviting.outcome())
    succeeded(starting.outcome())
    assert not waited, "the invitation waited for the start"
