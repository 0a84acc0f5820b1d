"""Team scoring services: raters, private individual ratings, agreement and the agreed note."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.errors import ConflictError, RefusedError
from assessments.models import RatingPhase
from consensus import services
from consensus.models import IndividualRating, Rater
from consensus.spread import spreads_for
from partnerships.models import Role
from principles.models import RatingLevel
from tests import builders
from tests import team_builders as team
from tests.factories import PartnershipFactory, RatingScaleFactory, member

pytestmark = pytest.mark.django_db


class _Refused:
    """``with _Refused(code):`` expects a RefusedError with exactly this code."""

    def __init__(self, code):
        self.code = code

    def __enter__(self):
        self.raises = pytest.raises(RefusedError)
        self.info = self.raises.__enter__()
        return self.info

    def __exit__(self, *exc):
        result = self.raises.__exit__(*exc)
        assert self.info.value.code == self.code, self.info.value.code
        return result


# Starting ------------------------------------------------------------------------------


def test_a_lead_can_start_a_draft_rated_individually_first(service, people):
    """Starting with team scoring puts the draft in the individual phase."""
    draft = builders.start(user=people["lead"], service=service)
    assert draft.rating_phase == RatingPhase.SHARED
    started = team.start_team(user=people["lead"], service=service, period="2027/28")
    assert started.rating_phase == RatingPhase.INDIVIDUAL
    assert started.is_team_scored and not draft.is_team_scored


def test_a_draft_someone_has_rated_keeps_one_shared_rating(draft, people):
    """Switching to individual ratings is refused once any rating is started."""
    builders.rate(user=people["contributor"], assessment=draft, code="NV-02", value=None)
    with _Refused("already_rated"):
        services.team_scoring_start(
            user=people["lead"], assessment_id=draft.pk, expected_version=draft.version
        )
    assert builders.reload(assessment=draft).rating_phase == RatingPhase.SHARED


@pytest.mark.parametrize("role", ["contributor", "approver", "viewer"])
def test_only_a_lead_switches_to_individual_ratings(draft, people, role):
    """Other roles are refused by the permission table."""
    with pytest.raises(PermissionDenied):
        services.team_scoring_start(
            user=people[role], assessment_id=draft.pk, expected_version=draft.version
        )


def test_a_team_draft_cannot_be_switched_again(individual, people):
    """Switching is for shared drafts only: the phase refuses it."""
    with _Refused("wrong_phase"):
        services.team_scoring_start(
            user=people["lead"], assessment_id=individual.pk, expected_version=individual.version
        )


# Raters --------------------------------------------------------------------------------


def test_each_rater_gets_an_empty_rating_of_every_principle(individual, raters):
    """Choosing raters creates one individual rating per principle per rater."""
    assert Rater.objects.filter(assessment=individual).count() == 3
    assert IndividualRating.objects.filter(rater__assessment=individual).count() == 3 * 12
    assert not IndividualRating.objects.filter(level__isnull=False).exists()


def test_choosing_a_rater_twice_changes_nothing(individual, people, raters):
    """Someone already a rater keeps their ratings; the assessment's version is unchanged."""
    team.rate_individually(user=raters[0], assessment=individual, code="NV-01", value=4)
    team.add_raters(user=people["lead"], assessment=individual, raters=[raters[0], people["lead"]])
    assert Rater.objects.filter(assessment=individual).count() == 4
    assert (
        team.individual_rating_for(
            rater_user=raters[0], assessment=individual, code="NV-01"
        ).level.value
        == 4
    )
    assert builders.reload(assessment=individual).version == individual.version


def test_viewers_and_other_partnerships_members_cannot_be_raters(individual, people):
    """Only contributors, leads and approvers of the partnership may rate."""
    outsider = member(PartnershipFactory(), Role.CONTRIBUTOR)
    for user in (people["viewer"], outsider):
        with _Refused("not_a_rater_role"):
            team.add_raters(user=people["lead"], assessment=individual, raters=[user])
    with _Refused("no_one_chosen"):
        team.add_raters(user=people["lead"], assessment=individual, raters=[])


def test_only_a_lead_chooses_raters(individual, people):
    with pytest.raises(PermissionDenied):
        team.add_raters(user=people["contributor"], assessment=individual, raters=[people["lead"]])


# Individual ratings --------------------------------------------------------------------


def test_a_rater_saves_their_own_rating_stripped(individual, raters):
    """A level and a rationale are saved, stripped, and the version goes up."""
    saved = team.rate_individually(
        user=raters[0], assessment=individual, code="NV-01", value=2, rationale="  Few plans. "
    )
    assert (saved.level.value, saved.rationale, saved.version) == (2, "Few plans.", 2)
    assert saved.is_complete


def test_not_applicable_keeps_its_reason_and_no_level(individual, raters):
    saved = team.rate_individually(
        user=raters[0], assessment=individual, code="NV-01", na=True, reason="No children seen"
    )
    assert saved.not_applicable and saved.level_id is None and saved.is_complete


def test_nobody_can_change_someone_elses_rating(individual, raters, people):
    """Saving another rater's individual rating is refused; a non-rater has none."""
    theirs = team.individual_rating_for(rater_user=raters[1], assessment=individual, code="NV-01")
    answer = services.IndividualRatingInput(
        level_id=None, not_applicable=False, not_applicable_reason="", rationale="Mine now"
    )
    with _Refused("not_your_rating"):
        services.individual_rating_update(
            user=raters[0], individual_rating_id=theirs.pk, expected_version=1, answer=answer
        )
    with _Refused("not_a_rater"):
        services.individual_rating_update(
            user=people["lead"], individual_rating_id=theirs.pk, expected_version=1, answer=answer
        )
    theirs.refresh_from_db()
    assert theirs.rationale == "" and theirs.version == 1


def test_one_rater_in_two_tabs_gets_a_conflict(individual, raters):
    """A save from a page opened before the last save is refused with what is saved now."""
    opened = team.individual_rating_for(rater_user=raters[0], assessment=individual, code="NV-01")
    team.rate_individually(user=raters[0], assessment=individual, code="NV-01", value=4)
    with pytest.raises(ConflictError) as error:
        services.individual_rating_update(
            user=raters[0],
            individual_rating_id=opened.pk,
            expected_version=opened.version,
            answer=services.IndividualRatingInput(
                level_id=None, not_applicable=False, not_applicable_reason="", rationale="Old tab"
            ),
        )
    assert error.value.current.level.value == 4


def test_two_raters_saving_the_same_principle_never_conflict(individual, raters):
    """Each rater's rating has its own version: both saves from pages opened together land."""
    first = team.individual_rating_for(rater_user=raters[0], assessment=individual, code="NV-03")
    second = team.individual_rating_for(rater_user=raters[1], assessment=individual, code="NV-03")
    for user, opened, value in ((raters[0], first, 2), (raters[1], second, 5)):
        services.individual_rating_update(
            user=user,
            individual_rating_id=opened.pk,
            expected_version=opened.version,
            answer=services.IndividualRatingInput(
                level_id=builders.level(assessment=individual, value=value).pk,
                not_applicable=False,
                not_applicable_reason="",
                rationale="Seen in audits",
            ),
        )
    levels = IndividualRating.objects.filter(rating__principle__code="NV-03", level__isnull=False)
    assert sorted(levels.values_list("level__value", flat=True)) == [2, 5]


def test_a_level_from_another_scale_and_overlong_text_are_refused(individual, raters):
    other = RatingLevel.objects.filter(scale=RatingScaleFactory()).first()
    mine = team.individual_rating_for(rater_user=raters[0], assessment=individual, code="NV-01")
    for answer, code in (
        (services.IndividualRatingInput(other.pk, False, "", "Why"), "level_not_on_scale"),
        (services.IndividualRatingInput(None, False, "", "x" * 1001), "rationale_too_long"),
        (
            services.IndividualRatingInput(None, True, "x" * 1001, ""),
            "not_applicable_reason_too_long",
        ),
    ):
        with _Refused(code):
            services.individual_rating_update(
                user=raters[0], individual_rating_id=mine.pk, expected_version=1, answer=answer
            )


def test_the_shared_rating_cannot_be_written_while_people_rate_individually(individual, people):
    """Nobody anchors the team: the shared rating and submission wait for agreement."""
    with _Refused("wrong_phase"):
        builders.rate(user=people["lead"], assessment=individual, code="NV-01", value=3)
    with _Refused("wrong_phase"):
        builders.submit(user=people["lead"], assessment=individual)


# Finishing and opening agreement -----------------------------------------------------------


def test_a_rater_finishes_only_when_every_rating_is_complete(individual, raters):
    """Finishing is refused with the count left; undoing a rating undoes "finished"."""
    team.rate_individually(user=raters[0], assessment=individual, code="NV-01", value=3)
    with _Refused("incomplete") as error:
        team.finish(user=raters[0], assessment=individual)
    assert "11 not completed" in error.value.message
    team.rate_all_individually(user=raters[0], assessment=individual, value=3)
    assert team.finish(user=raters[0], assessment=individual).finished_at is not None
    team.rate_individually(
        user=raters[0], assessment=individual, code="NV-05", value=2, rationale=""
    )
    assert Rater.objects.get(user=raters[0], assessment=individual).finished_at is None


def test_agreement_needs_raters(service, people):
    draft = team.start_team(user=people["lead"], service=service)
    with _Refused("no_raters"):
        team.open_agreement(user=people["lead"], assessment=draft, although_unfinished=True)


def test_opening_before_everyone_finished_needs_confirming_and_records_who(
    individual, raters, people
):
    """Unfinished raters are named; confirmed, agreement opens and keeps their names."""
    team.rate_all_individually(user=raters[0], assessment=individual)
    team.finish(user=raters[0], assessment=individual)
    with _Refused("raters_unfinished") as error:
        team.open_agreement(user=people["lead"], assessment=individual)
    assert raters[1].name in error.value.message and raters[0].name not in error.value.message
    opened = team.open_agreement(
        user=people["lead"], assessment=individual, although_unfinished=True
    )
    assert opened.rating_phase == RatingPhase.AGREEMENT
    assert opened.agreement_opened_by == people["lead"]
    assert opened.agreement_unfinished == [raters[1].name, raters[2].name]


def test_opening_agreement_from_a_stale_page_is_refused(individual, people, raters):
    with pytest.raises(ConflictError):
        services.agreement_open(
            user=people["lead"],
            assessment_id=individual.pk,
            expected_version=individual.version - 1,
            although_unfinished=True,
        )


@pytest.mark.parametrize("role", ["contributor", "approver", "viewer"])
def test_only_a_lead_opens_agreement(individual, people, role):
    with pytest.raises(PermissionDenied):
        team.open_agreement(user=people[role], assessment=individual, although_unfinished=True)


def test_after_agreement_opens_individual_ratings_and_raters_are_fixed(individual, raters, people):
    """Saving, finishing and adding raters are refused in the agreement phase."""
    team.rate_individually(user=raters[0], assessment=individual, code="NV-01", value=3)
    team.open_agreement(user=people["lead"], assessment=individual, although_unfinished=True)
    with _Refused("wrong_phase"):
        team.rate_individually(user=raters[0], assessment=individual, code="NV-01", value=5)
    with _Refused("wrong_phase"):
        team.finish(user=raters[0], assessment=individual)
    with _Refused("wrong_phase"):
        team.add_raters(user=people["lead"], assessment=individual, raters=[people["lead"]])
    assert (
        team.individual_rating_for(
            rater_user=raters[0], assessment=individual, code="NV-01"
        ).level.value
        == 3
    )


# The agreed rating and its note -------------------------------------------------------------


@pytest.fixture
def agreeing(individual, raters, people):
    """Individual levels 2, 3 and 3 for NV-01 (median 3) and 1, 4 for NV-02 (median 2.5)."""
    for user, nv01, nv02 in ((raters[0], 2, 1), (raters[1], 3, 4), (raters[2], 3, None)):
        team.rate_individually(user=user, assessment=individual, code="NV-01", value=nv01)
        if nv02:
            team.rate_individually(user=user, assessment=individual, code="NV-02", value=nv02)
    team.open_agreement(user=people["lead"], assessment=individual, although_unfinished=True)
    return builders.reload(assessment=individual)


def test_an_agreed_rating_near_the_median_needs_no_note_but_keeps_one_typed(agreeing, people):
    """Within one level of the median, no note is needed; one typed is kept, stripped."""
    for value in (2, 3, 4):
        saved = team.agree(
            user=people["contributor"], assessment=agreeing, code="NV-01", value=value
        )
        assert saved.divergence_note == ""
        saved = team.agree(
            user=people["contributor"], assessment=agreeing, code="NV-01", value=value, note=" Why "
        )
        assert saved.divergence_note == "Why"


def test_an_agreed_rating_far_from_the_median_needs_a_note(agreeing, people):
    """Two levels from the median needs a note, stripped; half-level medians count too."""
    with _Refused("divergence_note_required"):
        team.agree(user=people["contributor"], assessment=agreeing, code="NV-01", value=5)
    saved = team.agree(
        user=people["contributor"],
        assessment=agreeing,
        code="NV-01",
        value=5,
        note="  New evidence from the carers' audit. ",
    )
    assert saved.divergence_note == "New evidence from the carers' audit."
    with _Refused("divergence_note_required"):  # 4 is 1.5 from a median of 2.5
        team.agree(user=people["contributor"], assessment=agreeing, code="NV-02", value=4)
    saved = team.agree(user=people["contributor"], assessment=agreeing, code="NV-02", value=2)
    assert saved.divergence_note == ""


def test_not_applicable_and_unrated_principles_need_no_note(agreeing, people):
    saved = builders.rate(
        user=people["lead"],
        assessment=agreeing,
        code="NV-01",
        na=True,
        reason="Out of scope",
        evidence="",
    )
    assert saved.divergence_note == ""
    assert (
        team.agree(user=people["lead"], assessment=agreeing, code="NV-07", value=1).divergence_note
        == ""
    )


def test_a_shared_assessment_never_keeps_a_note_and_asks_nothing_of_the_database(draft, people):
    """The hooks cost no queries for an assessment rated by one shared form."""
    rating = builders.rating_for(assessment=draft, code="NV-01")
    with CaptureQueriesContext(connection) as ctx:
        note = services.divergence_note_clean(
            assessment=draft, rating=rating, level_id=rating.level_id or 1, note="Why"
        )
        services.individual_ratings_freeze(assessment=draft)
    assert note == "" and len(ctx) == 0


# Freezing -------------------------------------------------------------------------------------


def test_the_spread_is_frozen_at_submission(agreeing, people):
    """After submission, a renamed or renumbered level changes neither the spread nor labels."""
    builders.complete(user=people["lead"], assessment=agreeing, value=3)
    builders.submit(user=people["lead"], assessment=agreeing)
    submitted = builders.reload(assessment=agreeing)
    before = spreads_for([submitted])
    nobody_chose = [c.label for c in before[submitted.pk][rating_id(agreeing, "NV-01")].counts]
    assert nobody_chose[4] == ""  # 5 was chosen by nobody: not labelled once submitted
    RatingLevel.objects.filter(scale=submitted.rating_scale, value__in=[2, 5]).update(
        label="Renamed"
    )
    RatingLevel.objects.filter(scale=submitted.rating_scale, value=3).update(value=9)
    after = spreads_for([builders.reload(assessment=agreeing)])
    assert after == before
    nv01 = rating_id(agreeing, "NV-01")
    assert [r.answer for r in after[submitted.pk][nv01].ratings] == [
        "2 – Limited",
        "3 – Growing",
        "3 – Growing",
    ]


def rating_id(assessment, code) -> int:
    """The principle id of ``code``, as spreads are keyed."""
    return builders.rating_for(assessment=assessment, code=code).principle_id
