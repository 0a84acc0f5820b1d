"""Two people saving the same rating at the same moment: one save wins, the other is refused.

These tests use real transactions on separate connections, one per thread, so they
exercise the database's row locks rather than the version check alone.
"""

import pytest
from django.db import connection

from assessments.errors import ConflictError
from assessments.models import Rating
from assessments.services import rating_update
from tests.builders import answer
from tests.same_moment import at_the_same_moment

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 5


@pytest.fixture
def shared_database():
    """Skip where threads cannot hold overlapping write transactions on the test database."""
    # Checked when the test runs: at import time the test database does not exist yet.
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip(
            "The test database is in-memory SQLite, whose shared cache reports 'table is "
            "locked' at once instead of waiting, so two threads cannot both open write "
            "transactions. This runs on PostgreSQL (and on file-based SQLite, which waits)."
        )


def save_at_the_same_moment(rating: Rating, users: dict[str, object]) -> dict[str, object]:
    """Each named user saves ``rating`` from the same version in its own thread and transaction.

    Returns what each save returned or raised, keyed by name.
    """
    level_id = rating.assessment.rating_scale.levels.get(value=4).pk

    def save(name, user):
        return lambda: rating_update(
            user=user,
            rating_id=rating.pk,
            expected_version=rating.version,
            answer=answer(level_id=level_id, evidence=f"Evidence from {name}."),
            actions=[],
        )

    return at_the_same_moment({name: save(name, user) for name, user in users.items()})


def test_simultaneous_saves_of_one_rating_let_exactly_one_win(shared_database, draft, people):
    """Of two saves from the same version at the same moment, one wins and one conflicts."""
    users = {"contributor": people["contributor"], "lead": people["lead"]}
    ratings = list(draft.ratings.select_related("assessment__rating_scale")[:ROUNDS])

    for rating in ratings:
        history_before = rating.history.count()

        outcomes = save_at_the_same_moment(rating, users)

        winners = [name for name, result in outcomes.items() if isinstance(result, Rating)]
        losers = [name for name, result in outcomes.items() if isinstance(result, ConflictError)]
        assert len(winners) == 1 and len(losers) == 1, outcomes
        saved = Rating.objects.get(pk=rating.pk)
        assert saved.evidence == f"Evidence from {winners[0]}."
        assert saved.updated_by == users[winners[0]]
        assert saved.version == rating.version + 1
        assert outcomes[losers[0]].current.evidence == saved.evidence
        assert rating.history.count() == history_before + 1
        assert rating.history.first().history_user == users[winners[0]]


def test_identical_starts_at_the_same_moment_all_land_on_one_assessment(
    shared_database, service, people
):
    """Three "Start assessment" posts at once (a double click, two tabs): one assessment is
    started and every post lands on it, none on a server error."""
    from django.test import Client
    from django.urls import reverse

    from assessments.models import Assessment

    lead = people["lead"]
    data = {
        "service": str(service.pk),
        "principle_set": str(service.partnership.default_principle_set_id),
        "period": "2026/27",
        "title": "Discharge to assess 2026/27",
    }
    clients = [Client() for _ in range(3)]
    for client in clients:
        client.force_login(lead)
    outcomes = at_the_same_moment(
        {
            number: lambda client=client: client.post(reverse("assessments:start"), data)
            for number, client in enumerate(clients)
        }
    )

    assessment = Assessment.objects.get()
    overview = reverse("assessments:overview", args=[assessment.pk])
    for number, response in outcomes.items():
        assert not isinstance(response, Exception), (number, response)
        # The last to arrive may be stopped by the form's own check (the assessment exists
        # by then): it stays on the start page and says so.
        if response.status_code == 200:
            assert "already has an assessment" in response.content.decode()
        else:
            assert (response.status_code, response["Location"]) == (302, overview), number
    assert sum(r.status_code == 302 for r in outcomes.values()) >= 1
