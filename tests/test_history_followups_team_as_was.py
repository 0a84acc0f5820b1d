"""A team draft's individual rating entries name the principle and the level as they read
when each was saved: an admin renaming NV-01's code or level 2's label later never changes
what a rater was recorded choosing. Submitted ones keep their frozen words (tested beside
the report, ``test_consensus_reports``)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.audit import audit_entries
from partnerships.models import Role
from principles.models import Principle, RatingLevel
from tests import team_builders as team

pytestmark = pytest.mark.django_db

THEN = "Rated NV-01 Person-centred individually as 2 – Limited: Rationale for NV-01."


def summaries(assessment, user) -> list[str]:
    return [entry.summary for entry in audit_entries(assessment, user=user)]


def rename(draft, value=2) -> None:
    """As an admin saves them: NV-01's code and level ``value``'s label."""
    principle = Principle.objects.get(principle_set=draft.principle_set, code="NV-01")
    principle.code = "NV-1X"
    principle.save()
    level = RatingLevel.objects.get(scale=draft.rating_scale, value=value)
    level.label = f"L{value} EDITED"
    level.save()


def save_as_they_are(draft) -> None:
    """A version of NV-01 and of level 2 as they are, as any admin save records."""
    Principle.objects.get(principle_set=draft.principle_set, code="NV-01").save()
    RatingLevel.objects.get(scale=draft.rating_scale, value=2).save()


def test_an_individual_rating_reads_as_the_principle_and_level_did_then(individual, people, raters):
    """Rated before the rename, the entry keeps NV-01 and "Limited"; rated after, the new
    words: each as it was when the rater saved it."""
    save_as_they_are(individual)
    team.rate_individually(user=raters[0], assessment=individual, code="NV-01", value=2)
    rename(individual)
    team.rate_individually(
        user=raters[1], assessment=individual, code="NV-1X", value=2, rationale=""
    )
    opened = team.open_agreement(
        user=people[Role.LEAD], assessment=individual, although_unfinished=True
    )
    said = summaries(opened, people[Role.LEAD])
    assert THEN in said
    assert "Rated NV-1X Person-centred individually as 2 – L2 EDITED" in said
    assert not any("NV-1X" in s and "Rationale for NV-01" in s for s in said)


def test_before_agreement_the_hidden_entry_names_the_principle_as_it_was(individual, raters):
    """ "Saved an individual rating of NV-01 …" keeps the code it had then."""
    save_as_they_are(individual)
    team.rate_individually(user=raters[0], assessment=individual, code="NV-01", value=2)
    rename(individual)
    said = summaries(individual, raters[0])
    assert "Saved an individual rating of NV-01 Person-centred" in said
    assert not any("NV-1X" in s for s in said)


def test_a_first_ever_rename_reads_as_a_submitted_assessment_froze_it_in_fixed_queries(
    submitted, service, people, raters
):
    """The shipped rows have no history, so the rename is their first version: the words an
    earlier submission (every principle at 3) froze name the individual ratings, in the
    same number of queries for one entry as for 36."""
    lead = people[Role.LEAD]
    one, every = (
        team.start_team(user=lead, service=service, period=period)
        for period in ("2027/28", "2028/29")
    )
    for draft in (one, every):
        team.add_raters(user=lead, assessment=draft, raters=raters)
    team.rate_individually(user=raters[0], assessment=one, code="NV-01", value=3)
    for user in raters:
        team.rate_all_individually(user=user, assessment=every)
    rename(one, value=3)
    counted = {}
    for name, draft in (("one", one), ("every", every)):
        opened = team.open_agreement(user=lead, assessment=draft, although_unfinished=True)
        with CaptureQueriesContext(connection) as queries:
            said = summaries(opened, lead)
        counted[name] = (len(queries), said)
    said = counted["one"][1]
    then = "Rated NV-01 Person-centred individually as 3 – Growing: Rationale for NV-01."
    assert then in said and not any("NV-1X" in s or "L3 EDITED" in s for s in said)
    assert then in counted["every"][1] and len(counted["every"][1]) > len(said) + 30
    assert counted["one"][0] == counted["every"][0]
