"""Raters at the same moment, on separate connections: they never block each other, one
rater in two tabs gets a conflict, and no individual rating lands after agreement opens.

Real transactions, one per thread, so the database's row locks are exercised. PostgreSQL
only: SQLite takes one lock for the whole database on every write, so there any writer
waits for any other.
"""

import threading

import pytest
from django.db import connection, transaction

from assessments.errors import ConflictError, RefusedError
from consensus import services
from consensus.models import IndividualRating, Rater
from consensus.spread import spreads_for
from tests import builders
from tests import team_builders as team
from tests.same_moment import at_the_same_moment

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 4


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("Row locks between raters are PostgreSQL's; SQLite locks the whole database.")


def answer(assessment, value, rationale):
    return services.IndividualRatingInput(
        level_id=builders.level(assessment=assessment, value=value).pk,
        not_applicable=False,
        not_applicable_reason="",
        rationale=rationale,
    )


def save(user, individual, assessment, value, rationale):
    return lambda: services.individual_rating_update(
        user=user,
        individual_rating_id=individual.pk,
        expected_version=individual.version,
        answer=answer(assessment, value, rationale),
    )


def test_a_rater_saving_while_another_holds_their_lock_is_not_kept_waiting(
    postgres, individual, raters
):
    """While one rater's save is under way (their row locked), another rater's save ends."""
    held, release, finished = threading.Event(), threading.Event(), threading.Event()

    def hold_first_raters_lock():
        try:
            with transaction.atomic():
                Rater.objects.select_for_update().get(assessment=individual, user=raters[0])
                held.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    def second_rater_saves():
        try:
            team.rate_individually(user=raters[1], assessment=individual, code="NV-01", value=4)
            finished.set()
        finally:
            connection.close()

    holder = threading.Thread(target=hold_first_raters_lock)
    holder.start()
    assert held.wait(timeout=30)
    saver = threading.Thread(target=second_rater_saves)
    saver.start()
    try:
        assert finished.wait(timeout=10), "the second rater waited for the first"
    finally:
        release.set()
        holder.join(timeout=30)
        saver.join(timeout=30)
    saved = team.individual_rating_for(rater_user=raters[1], assessment=individual, code="NV-01")
    assert saved.level.value == 4


def test_raters_saving_the_same_principle_at_once_all_succeed(postgres, individual, raters):
    codes = list(individual.ratings.values_list("principle__code", flat=True)[:ROUNDS])
    for code in codes:
        opened = {
            n: team.individual_rating_for(rater_user=user, assessment=individual, code=code)
            for n, user in enumerate(raters)
        }
        outcomes = at_the_same_moment(
            {
                n: save(user, opened[n], individual, 1 + n, f"Rater {n}")
                for n, user in enumerate(raters)
            }
        )
        assert all(isinstance(result, IndividualRating) for result in outcomes.values()), outcomes
        saved = IndividualRating.objects.filter(rating__principle__code=code)
        assert sorted(saved.values_list("level__value", flat=True)) == [1, 2, 3]


def test_one_rater_in_two_tabs_at_once_gets_one_conflict(postgres, individual, raters):
    for code in list(individual.ratings.values_list("principle__code", flat=True)[:ROUNDS]):
        opened = team.individual_rating_for(rater_user=raters[0], assessment=individual, code=code)
        outcomes = at_the_same_moment(
            {
                tab: save(raters[0], opened, individual, value, f"From the {tab} tab")
                for tab, value in (("first", 2), ("second", 5))
            }
        )
        winners = [t for t, r in outcomes.items() if isinstance(r, IndividualRating)]
        losers = [t for t, r in outcomes.items() if isinstance(r, ConflictError)]
        assert len(winners) == 1 and len(losers) == 1, outcomes
        saved = team.individual_rating_for(rater_user=raters[0], assessment=individual, code=code)
        assert saved.rationale == f"From the {winners[0]} tab" and saved.version == 2


def test_no_rating_lands_after_agreement_opens(postgres, service, people, raters):
    """A save racing the lead opening agreement either lands first, and is in the spread,
    or is refused: the team never agrees on ratings that change behind it."""
    for round_number in range(ROUNDS):
        draft = team.start_team(
            user=people["lead"],
            service=service,
            period=f"20{30 + round_number}/{31 + round_number}",
        )
        team.add_raters(user=people["lead"], assessment=draft, raters=raters[:1])
        draft = builders.reload(assessment=draft)
        opened = team.individual_rating_for(rater_user=raters[0], assessment=draft, code="NV-01")
        outcomes = at_the_same_moment(
            {
                "save": save(raters[0], opened, draft, 5, "Just in time?"),
                "open": lambda d=draft: services.agreement_open(
                    user=people["lead"],
                    assessment_id=d.pk,
                    expected_version=d.version,
                    although_unfinished=True,
                ),
            }
        )
        assert not isinstance(outcomes["open"], Exception), outcomes
        nv01 = builders.rating_for(assessment=draft, code="NV-01").principle_id
        spread = spreads_for([builders.reload(assessment=draft)])[draft.pk].get(nv01)
        counted = spread.agreement.count if spread else 0
        if isinstance(outcomes["save"], IndividualRating):
            assert counted == 1
        else:
            assert isinstance(outcomes["save"], RefusedError), outcomes
            assert outcomes["save"].code == "wrong_phase"
            assert counted == 0
