"""A principle an admin adds to a set is in each draft's history: once, in the admin's name,
when it was added, naming the principle as it read then."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from assessments.audit import audit_entries
from assessments.set_growth import draft_ratings_add
from principles.models import Principle
from tests import builders
from tests import team_builders as team
from tests.factories import PrincipleSetFactory
from tests.test_admin_review_set_growth import add_on_set_page
from tests.test_query_counts import CEILINGS, count_get

pytestmark = pytest.mark.django_db

ADDED = "NV-13 Carers was added to the set, so this assessment now includes it (not rated yet)"


def test_the_history_says_the_principle_was_added_by_the_admin_when_it_was(
    draft, admin_client_user
):
    """Added in admin: one entry, by the admin, at the moment the draft gained the rating;
    it keeps NV-13's code after an admin renames it."""
    add_on_set_page(admin_client_user)
    admin = get_user_model().objects.get(username="site-admin")
    rating = builders.rating_for(assessment=draft, code="NV-13")
    principle = Principle.objects.get(code="NV-13")
    principle.code = "NV-14"
    principle.save()
    entries = [entry for entry in audit_entries(draft) if "added to the set" in entry.summary]
    assert [entry.summary for entry in entries] == [ADDED]
    assert entries[0].who == (admin.name.strip() or admin.username)
    assert entries[0].when == rating.history.get().history_date


def test_a_team_draft_says_it_once_not_once_for_each_rater(individual, people, raters):
    """Three raters each gain an individual rating of NV-13; the history says it once."""
    admin = get_user_model().objects.create_superuser(
        username="site-admin", password="a-long-password-1", email="admin@example.org"
    )
    principle = Principle.objects.get(code="NV-12")
    principle.pk = None
    principle.code, principle.order, principle.short_title = "NV-13", 13, "Carers"
    principle.save()
    draft_ratings_add(user=admin, principle_id=principle.pk)
    team.rate_individually(user=raters[0], assessment=individual, code="NV-13", value=2)
    opened = team.open_agreement(
        user=people["lead"], assessment=individual, although_unfinished=True
    )
    said = [entry.summary for entry in audit_entries(opened, user=people["lead"])]
    assert said.count(ADDED) == 1
    assert not any("added to the set" in s for s in said if s != ADDED)


def grown(service, lead, admin, *, added: int):
    """A draft on a made-up 12-principle set, rated, that gains ``added`` principles in
    turn, then has its first principle renamed: its first version, so the page also reads
    what submissions froze (none here)."""
    principle_set = PrincipleSetFactory(principles=12, principles__groups=3)
    draft = builders.start(
        user=lead, service=service, principle_set=principle_set, title=principle_set.short_name
    )
    first = principle_set.principles.order_by("order").first()
    builders.rate(user=lead, assessment=draft, code=first.code, value=2)
    for n in range(added):
        principle = Principle.objects.create(
            principle_set=principle_set,
            group=first.group,
            code=f"NEW-{n:02d}",
            order=100 + n,
            short_title=f"Added {n}",
            statement=f"added statement {n}",
        )
        draft_ratings_add(user=admin, principle_id=principle.pk)
    first.code = "RENAMED"
    first.save()
    return draft


def test_the_history_page_queries_do_not_grow_with_principles_added(
    client, service, lead, admin_client_user
):
    """1 or 10 principles added, each said: the history page makes the same queries."""
    admin = get_user_model().objects.get(username="site-admin")
    drafts = {added: grown(service, lead, admin, added=added) for added in (1, 10)}
    client.force_login(lead)
    found = {}
    for added, draft in drafts.items():
        response, queries = count_get(client, reverse("assessments:history", args=[draft.pk]))
        assert response.content.decode().count("was added to the set") == added
        found[added] = len(queries)
    assert len(set(found.values())) == 1, found
    # The page's ceiling, and the one read of the words submissions froze that a principle
    # renamed for the first time since loading needs (``audit_as_was.gaps_fill``).
    assert max(found.values()) <= CEILINGS["history"] + 1, found
