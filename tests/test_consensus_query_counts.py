"""Every team scoring page reads the database a fixed number of times, however big the team.

Each page is counted for three assessments: 12 principles and 1 rater, 12 principles and
30 raters, and 120 principles and 30 raters, with individual ratings spread over the
scale, rationales and a not applicable. The ceilings are in ``test_query_counts.CEILINGS``.
"""

import pytest
from django.urls import reverse

from assessments.models import Rating
from consensus.models import IndividualRating
from partnerships.models import Role
from tests import builders
from tests import team_builders as team
from tests.factories import PrincipleSetFactory, member
from tests.test_query_counts import CEILINGS, count_get

pytestmark = pytest.mark.django_db

SIZES = {"12x1": (12, 1), "12x30": (12, 30), "120x30": (120, 30)}


def team_assessment(service, lead, raters, *, principles: int):
    """A team draft on a made-up set, every rater's ratings filled in (levels 1 to 5 in turn,
    every 7th not applicable), so each page has every kind of rating to show."""
    principle_set = PrincipleSetFactory(principles=principles, principles__groups=3)
    draft = team.start_team(
        user=lead, service=service, principle_set=principle_set, title=principle_set.short_name
    )
    team.add_raters(user=lead, assessment=draft, raters=raters)
    levels = {lvl.value: lvl for lvl in draft.rating_scale.levels.all()}
    ids = list(
        IndividualRating.objects.filter(rater__assessment=draft)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    # Test data in bulk: thousands of service calls would only slow the suite down.
    for value, level in levels.items():
        chosen = [pk for n, pk in enumerate(ids) if n % 7 and n % 5 == value - 1]
        IndividualRating.objects.filter(pk__in=chosen).update(
            level=level, rationale=f"Seen at level {value}", version=2
        )
    IndividualRating.objects.filter(pk__in=ids[::7]).update(
        not_applicable=True, not_applicable_reason="Not our service", version=2
    )
    return builders.reload(assessment=draft)


@pytest.fixture
def sized(partnership, service, people):
    """The three team sizes, in the individual phase; the contributor rates in every one."""
    others = [member(partnership, Role.CONTRIBUTOR) for _ in range(29)]
    raters = [people["contributor"], *others]
    return {
        size: team_assessment(service, people["lead"], raters[:count], principles=principles)
        for size, (principles, count) in SIZES.items()
    }


def opened(sized, lead):
    """The same assessments with agreement opened, and one principle agreed."""
    for assessment in sized.values():
        team.open_agreement(user=lead, assessment=assessment, although_unfinished=True)
    return {size: builders.reload(assessment=a) for size, a in sized.items()}


def counts(client, user, addresses: dict[str, str]) -> dict[str, int]:
    client.force_login(user)
    return {size: len(count_get(client, address)[1]) for size, address in addresses.items()}


def assert_constant(page: str, found: dict[str, int]) -> None:
    assert len(set(found.values())) == 1, f"{page}: queries grow with the team: {found}"
    assert max(found.values()) <= CEILINGS[page], f"{page}: {found}"


def first_code(assessment) -> str:
    return (
        Rating.objects.filter(assessment=assessment).order_by("principle__order")[0].principle.code
    )


# The individual phase -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "role", "name"),
    [
        ("team_progress", "lead", "consensus:team"),
        ("team_open", "lead", "consensus:open"),
        ("team_mine", "contributor", "consensus:mine"),
        ("team_overview", "contributor", "assessments:overview"),
    ],
)
def test_individual_phase_pages(client, people, sized, page, role, name):
    """The lead's progress and opening pages, and a rater's own list, stay constant."""
    addresses = {size: reverse(name, args=[a.pk]) for size, a in sized.items()}
    assert_constant(page, counts(client, people[role], addresses))


def test_a_raters_principle_page(client, people, sized):
    addresses = {
        size: reverse("consensus:rate", args=[a.pk, first_code(a)]) for size, a in sized.items()
    }
    assert_constant("team_rate", counts(client, people["contributor"], addresses))


def test_the_remove_rater_page(client, people, sized):
    """Are you sure you want to remove a rater, with how far they got."""
    addresses = {
        size: reverse("consensus:remove_rater", args=[a.pk, a.raters.order_by("pk")[0].pk])
        for size, a in sized.items()
    }
    assert_constant("team_remove", counts(client, people["lead"], addresses))


# The agreement phase --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "role", "name"),
    [
        ("team_agreement", "approver", "consensus:agreement"),
        ("team_report", "viewer", "assessments:report"),
        ("team_history", "contributor", "assessments:history"),
        ("team_overview", "lead", "assessments:overview"),
    ],
)
def test_agreement_phase_pages(client, people, sized, page, role, name):
    """The agreement page, the report and the history with every rating shown stay constant."""
    agreed = opened(sized, people["lead"])
    addresses = {size: reverse(name, args=[a.pk]) for size, a in agreed.items()}
    assert_constant(page, counts(client, people[role], addresses))


def test_the_principle_page_with_the_teams_ratings(client, people, sized):
    """The agreed rating's page, with the spread chart, table and every rationale."""
    agreed = opened(sized, people["lead"])
    addresses = {
        size: reverse("assessments:principle", args=[a.pk, first_code(a)])
        for size, a in agreed.items()
    }
    client.force_login(people["contributor"])
    response, _ = count_get(client, addresses["120x30"])
    spread = response.context["team"]["spread"]
    assert (spread.agreement.count, spread.not_applicable) == (25, 5)
    assert_constant("team_principle", counts(client, people["contributor"], addresses))


def test_the_spreadsheet(client, people, sized):
    agreed = opened(sized, people["lead"])
    addresses = {
        size: reverse("assessments:export", args=[a.pk, "csv"]) for size, a in agreed.items()
    }
    assert_constant("team_export", counts(client, people["viewer"], addresses))
