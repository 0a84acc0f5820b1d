"""The release step records a first version of every shipped row it loads, and once of each
loaded before with no history, so an admin's first rename is a change from a known wording:
a draft's history then names principles and levels as they read when each entry was made."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.audit import audit_entries
from partnerships.models import Role
from principles.models import Principle, RatingLevel
from principles.services import (
    HISTORY_BEGAN_REASON,
    LOADED_REASON,
    SHIPPED_MODELS,
    principle_fixtures_load_missing,
)
from tests import builders
from tests.factories import PartnershipFactory, ServiceFactory, member
from tests.test_audit_as_was_history import ACTION, THEN, rate_nv03, rename

pytestmark = pytest.mark.django_db


def versions() -> dict[str, list[tuple]]:
    """Every shipped row's history, as (row id, type, reason), by table."""
    return {
        model.__name__: sorted(
            model.history.values_list("id", "history_type", "history_change_reason")
        )
        for model in SHIPPED_MODELS
    }


def one_first_version_each(reason: str) -> dict[str, list[tuple]]:
    return {
        model.__name__: sorted(
            (pk, "+", reason) for pk in model.objects.values_list("pk", flat=True)
        )
        for model in SHIPPED_MODELS
    }


def test_loading_records_a_first_version_of_every_row_and_a_second_run_nothing():
    """Into an empty database: one "+" for each scale, level, set, section, principle and
    level description; run again, it loads and records nothing, in a few queries."""
    assert principle_fixtures_load_missing()
    assert versions() == one_first_version_each(LOADED_REASON)
    assert Principle.history.count() == 24 and RatingLevel.history.count() == 5
    with CaptureQueriesContext(connection) as queries:
        assert principle_fixtures_load_missing() == []
    assert versions() == one_first_version_each(LOADED_REASON)
    assert len(queries) <= 11  # a read for each fixture and each table, in a savepoint


def test_rows_loaded_without_history_gain_one_first_version_once(principle_sets):
    """Loaded before the release step recorded any: each row gains one "+" as it reads
    now; a row an admin has saved already keeps its history alone; a second run adds
    nothing."""
    edited = Principle.objects.get(code="NV-02")
    edited.short_title = "Edited"
    edited.save()
    assert principle_fixtures_load_missing() == []
    expected = one_first_version_each(HISTORY_BEGAN_REASON)
    expected["Principle"].remove((edited.pk, "+", HISTORY_BEGAN_REASON))
    expected["Principle"] = sorted([*expected["Principle"], (edited.pk, "~", None)])
    assert versions() == expected
    recorded = Principle.history.get(code="NV-01")
    assert (recorded.short_title, recorded.history_user) == ("Person-centred", None)
    principle_fixtures_load_missing()
    assert versions() == expected


@pytest.fixture
def loaded_draft():
    """A draft's lead and the draft, with the shipped rows loaded by the release step."""
    principle_fixtures_load_missing()
    partnership = PartnershipFactory()
    lead = member(partnership, Role.LEAD)
    draft = builders.start(user=lead, service=ServiceFactory(partnership=partnership))
    return lead, draft


def test_a_first_rename_after_loading_leaves_earlier_entries_as_they_read(loaded_draft):
    """No submission froze the old words, yet the rating and its action keep NV-03 and
    "Growing" after both are renamed."""
    lead, draft = loaded_draft
    rate_nv03(user=lead, assessment=draft)
    rename(draft)
    said = [entry.summary for entry in audit_entries(draft)]
    assert THEN in said and ACTION in said
    assert not any("NV-3X" in s or "L3 EDITED" in s for s in said)


def test_entries_from_before_the_first_version_was_recorded_read_as_it(draft, lead):
    """Rated before the release step recorded the rows' first versions (dated when it ran),
    then renamed: the entries read as the rows did when first recorded."""
    rate_nv03(user=lead, assessment=draft)
    principle_fixtures_load_missing()
    rename(draft)
    said = [entry.summary for entry in audit_entries(draft)]
    assert THEN in said and ACTION in said
    assert not any("NV-3X" in s or "L3 EDITED" in s for s in said)
