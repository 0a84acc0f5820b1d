"""A draft's history reads the words submissions froze before a first-ever rename
(``audit_as_was.gaps_fill``) one rating for each renamed principle or level, however many
partnerships have submitted assessments of the shared set."""

import pytest
from django.db import connection

from assessments.audit import audit_entries
from partnerships.models import Role
from principles.models import Principle, RatingLevel
from tests import builders
from tests.factories import ServiceFactory, member

pytestmark = pytest.mark.django_db

THEN = "Rated NV-03 Outcomes people report as 3 – Growing"


def others_submit(count: int) -> None:
    """``count`` other partnerships each submit an assessment of National Voices, all at 3."""
    for _ in range(count):
        service = ServiceFactory()
        lead = member(service.partnership, Role.LEAD)
        draft = builders.start(user=lead, service=service)
        builders.complete(user=lead, assessment=draft)
        builders.submit(user=lead, assessment=draft)


def renamed_draft(service, lead):
    """A draft rating NV-03 at 3, then NV-03's code and level 3's label renamed for the
    first time since loading: the history needs what submissions froze before then."""
    draft = builders.start(user=lead, service=service, period="2027/28")
    builders.rate(user=lead, assessment=draft, code="NV-03", value=3, evidence="")
    principle = Principle.objects.get(principle_set=draft.principle_set, code="NV-03")
    principle.code = "NV-3X"
    principle.save()
    level = RatingLevel.objects.get(scale=draft.rating_scale, value=3)
    level.label = "L3 EDITED"
    level.save()
    return draft


def gaps_rows(draft) -> tuple[list[str], int]:
    """The history's summaries, and how many rows the query of frozen words returns, found
    by running it again with its parameters."""
    seen = []

    def record(execute, sql, params, many, context):
        if "frozen_level_label" in sql and "submitted_at" in sql:
            seen.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        said = [entry.summary for entry in audit_entries(draft)]
    assert len(seen) == 1, seen
    with connection.cursor() as cursor:
        cursor.execute(*seen[0])
        return said, len(cursor.fetchall())


def test_the_frozen_words_read_do_not_grow_with_other_partnerships_submissions(
    submitted, service, people
):
    """With 4 submissions of the set before the rename and 3 after, the history reads one
    rating for NV-03 and at most one more for level 3, and names them as they were."""
    others_submit(3)
    draft = renamed_draft(service, people[Role.LEAD])
    others_submit(3)  # freezing NV-3X and "L3 EDITED", which never name the draft's entry
    said, rows = gaps_rows(draft)
    assert any(s.startswith(THEN) for s in said)
    assert not any("NV-3X" in s or "L3 EDITED" in s for s in said)
    assert 1 <= rows <= 2
