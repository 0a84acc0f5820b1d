"""A draft's history words each change as it read when it was made.

An admin renaming a principle's code or a level's label later never rewrites an older
entry: it names the principle and the levels from their saved versions at that moment, or,
where the shipped text was loaded without history and the rename is the first version, from
the text an assessment submitted before the rename froze. In a fixed number of queries.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.audit import audit_entries
from partnerships.models import Role
from principles.models import Principle, RatingLevel
from tests import builders

pytestmark = pytest.mark.django_db

THEN = "Rated NV-03 Outcomes people report as 3 – Growing (was 2 – Limited)"
ACTION = "Added an action to NV-03 Outcomes people report: Ask people what matters to them."


def summaries(assessment) -> list[str]:
    return [entry.summary for entry in audit_entries(assessment)]


def rate_nv03(*, user, assessment) -> None:
    """NV-03 rated 2, then 3 with an action."""
    builders.rate(user=user, assessment=assessment, code="NV-03", value=2, evidence="")
    builders.rate(
        user=user,
        assessment=assessment,
        code="NV-03",
        value=3,
        evidence="",
        actions=[
            builders.new_action(
                description="Ask people what matters to them.",
                owner="Lead",
                due_date=datetime.date(2027, 3, 31),
                status="agreed",
            )
        ],
    )


def rename(draft) -> None:
    """As an admin saves them today: NV-03's code and level 3's label."""
    principle = Principle.objects.get(principle_set=draft.principle_set, code="NV-03")
    principle.code = "NV-3X"
    principle.save()
    level = RatingLevel.objects.get(scale=draft.rating_scale, value=3)
    level.label = "L3 EDITED"
    level.save()


def save_as_they_are(draft) -> None:
    """A version of NV-03 and of level 3 as they are, as any admin save records."""
    Principle.objects.get(principle_set=draft.principle_set, code="NV-03").save()
    RatingLevel.objects.get(scale=draft.rating_scale, value=3).save()


def test_an_entry_reads_as_the_saved_versions_then(draft, people):
    """With versions from before the change, the entry and the action name NV-03 and
    "Growing" as they were; an entry made after the rename reads the new words."""
    save_as_they_are(draft)
    rate_nv03(user=people[Role.LEAD], assessment=draft)
    rename(draft)
    builders.rate(user=people[Role.LEAD], assessment=draft, code="NV-3X", value=4, evidence="")
    said = summaries(draft)
    assert THEN in said and ACTION in said
    later = "Rated NV-3X Outcomes people report as 4 – Strengthening (was 3 – L3 EDITED)"
    assert [entry for entry in said if "NV-3X" in entry or "L3 EDITED" in entry] == [later]


def test_a_first_ever_rename_reads_as_a_submitted_assessment_froze_it(submitted, people, service):
    """Loaded without history, the rename is the first version: the words frozen by an
    assessment submitted before it say what the principle and level read then, in the same
    queries however many entries there are."""
    draft = builders.start(user=people[Role.LEAD], service=service, period="2027/28")
    rate_nv03(user=people[Role.LEAD], assessment=draft)
    assert not Principle.history.exists() and not RatingLevel.history.exists()
    rename(draft)
    with CaptureQueriesContext(connection) as few:
        said = summaries(draft)
    assert THEN in said and ACTION in said
    assert not any("NV-3X" in entry or "L3 EDITED" in entry for entry in said)

    builders.complete(user=people[Role.LEAD], assessment=draft, value=2)
    with CaptureQueriesContext(connection) as many:
        assert len(summaries(draft)) > len(said) + 12
    assert len(many) == len(few) <= 6
