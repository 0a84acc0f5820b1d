"""A principle added to a set costs the same queries however many drafts the set has."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.set_growth import draft_ratings_add, draft_ratings_remove
from principles.models import Principle
from tests import builders
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def _drafts(partnership, lead, count: int) -> list:
    return [
        builders.start(user=lead, service=ServiceFactory(partnership=partnership))
        for _ in range(count)
    ]


def _added(admin) -> int:
    nv12 = Principle.objects.get(code="NV-12")
    nv13 = Principle.objects.create(
        principle_set=nv12.principle_set,
        group=nv12.group,
        order=nv12.order + 1,
        code="NV-13",
        short_title="Carers",
        statement="Support the people who care.",
    )
    with CaptureQueriesContext(connection) as adding:
        draft_ratings_add(user=admin, principle_id=nv13.pk)
    # Removed again (each rating deleted with its own history row, a rare undo), so the
    # next count starts from the same set.
    draft_ratings_remove(user=admin, principle_id=nv13.pk)
    nv13.delete()
    return len(adding)


def test_adding_reads_and_writes_the_drafts_in_fixed_queries(partnership, lead, admin_user):
    """One draft or six: the ratings are made, and the versions move on, in one update and
    one history insert each, not a save per draft."""
    _drafts(partnership, lead, 1)
    one = _added(admin_user)
    drafts = _drafts(partnership, lead, 5)
    assert _added(admin_user) == one
    assert all(builders.reload(assessment=d).version == d.version + 2 for d in drafts)
