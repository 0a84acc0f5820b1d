"""Team scoring reads the one workflow table: phases, changes and permissions."""

from dataclasses import replace

import pytest
from django.core.exceptions import PermissionDenied

from assessments import workflow
from assessments.errors import RefusedError
from assessments.models import Assessment, AssessmentState, RatingPhase
from consensus import services
from consensus.models import IndividualRating, Rater
from consensus.views.common import TEAM_TRANSITIONS, TeamAllowed
from partnerships.models import Role
from partnerships.permissions import ALLOWED_ROLES, Action
from tests import builders
from tests import team_builders as team

pytestmark = pytest.mark.django_db

# Each team change, made through its service as the app makes it. Everyone who may rate
# is a rater, so only the table (state, phase, role) decides.
CALLS = {
    "rate_individually_first": lambda user, a: services.team_scoring_start(
        user=user, assessment_id=a.pk, expected_version=a.version
    ),
    "choose_raters": lambda user, a: team.add_raters(user=user, assessment=a, raters=[user]),
    "rate_individually": lambda user, a: _rate(user, a),
    "open_agreement": lambda user, a: team.open_agreement(
        user=user, assessment=a, although_unfinished=True
    ),
}


def _rate(user, assessment):
    """Save the user's own rating of NV-01, or try someone else's if they have none."""
    mine = IndividualRating.objects.filter(rater__assessment=assessment, rater__user=user)
    individual = mine.first() or IndividualRating.objects.filter(rater__assessment=assessment)[0]
    return services.individual_rating_update(
        user=user,
        individual_rating_id=individual.pk,
        expected_version=individual.version,
        answer=services.IndividualRatingInput(
            level_id=None, not_applicable=False, not_applicable_reason="", rationale="Why"
        ),
    )


def expected(transition, state, phase, role) -> bool:
    return (
        state in transition.sources
        and (transition.phases is None or phase in transition.phases)
        and role in ALLOWED_ROLES[transition.action]
    )


def set_state(assessment, state, phase):
    Assessment.objects.filter(pk=assessment.pk).update(state=state, rating_phase=phase)
    assessment.refresh_from_db()


def test_every_team_change_is_in_the_table_and_exercised_here():
    assert set(CALLS) == {t.name for t in workflow.TEAM_TRANSITIONS}
    assert set(TEAM_TRANSITIONS.values()) == set(workflow.TEAM_TRANSITIONS)
    for transition in workflow.TEAM_TRANSITIONS:
        assert transition.phases <= set(RatingPhase.values)
        assert transition.sources <= set(AssessmentState.values)
    assert set(workflow.PHASE_REFUSALS) == set(RatingPhase.values)


def test_the_shared_rating_is_written_in_shared_and_agreement_phases_only():
    """The table keeps the shared rating and submission closed while people rate alone."""
    for transition in (workflow.EDIT, workflow.SUBMIT):
        assert transition.phases == {RatingPhase.SHARED, RatingPhase.AGREEMENT}


@pytest.fixture
def everyone_rates(service, people):
    """A team draft on which everyone who may rate is a rater."""
    draft = team.start_team(user=people["lead"], service=service)
    may_rate = [people[r] for r in Role.values if r in ALLOWED_ROLES[Action.RATE_INDIVIDUALLY]]
    team.add_raters(user=people["lead"], assessment=draft, raters=may_rate)
    return builders.reload(assessment=draft)


@pytest.mark.parametrize("phase", RatingPhase.values)
@pytest.mark.parametrize("state", AssessmentState.values)
@pytest.mark.parametrize("transition", workflow.TEAM_TRANSITIONS, ids=lambda t: t.name)
def test_services_allow_each_team_change_only_as_the_table_says(
    everyone_rates, people, transition, state, phase
):
    """Refused with the state's or the phase's code, refused for roles without the
    permission (403), and otherwise done."""
    for role in Role.values:
        set_state(everyone_rates, state, phase)
        version = everyone_rates.version
        call = CALLS[transition.name]
        if state not in transition.sources or phase not in transition.phases:
            code = (
                workflow.STATES[state].refusal_code
                if state not in transition.sources
                else workflow.PHASE_REFUSAL_CODE
            )
            with pytest.raises(RefusedError) as error:
                call(people[role], everyone_rates)
            assert error.value.code == code, role
            assert builders.reload(assessment=everyone_rates).version == version
        elif not expected(transition, state, phase, role):
            with pytest.raises(PermissionDenied):
                call(people[role], everyone_rates)
        else:
            if transition is workflow.RATE_INDIVIDUALLY_FIRST:
                # Only a draft nobody has rated can switch: undo the previous role's rating.
                everyone_rates.ratings.update(level=None)
            call(people[role], everyone_rates)


@pytest.mark.parametrize("name", TEAM_TRANSITIONS)
def test_team_allowed_answers_as_the_table_says(everyone_rates, people, name):
    transition = TEAM_TRANSITIONS[name]
    for state in AssessmentState.values:
        for phase in RatingPhase.values:
            everyone_rates.state, everyone_rates.rating_phase = state, phase
            for role in Role.values:
                allowed = TeamAllowed.for_user(people[role], everyone_rates)
                assert getattr(allowed, name) is expected(transition, state, phase, role)


def test_a_changed_table_changes_the_service(monkeypatch, everyone_rates, people):
    """Letting raters be chosen in the agreement phase lets the service add them then."""
    team.open_agreement(user=people["lead"], assessment=everyone_rates, although_unfinished=True)
    both = frozenset({RatingPhase.INDIVIDUAL, RatingPhase.AGREEMENT})
    monkeypatch.setattr(workflow, "CHOOSE_RATERS", replace(workflow.CHOOSE_RATERS, phases=both))
    Rater.objects.filter(user=people["approver"]).delete()
    team.add_raters(user=people["lead"], assessment=everyone_rates, raters=[people["approver"]])
    assert Rater.objects.filter(user=people["approver"]).exists()


def test_a_changed_permission_changes_the_service(monkeypatch, everyone_rates, people):
    """Letting contributors open agreement in the permission table lets them."""
    monkeypatch.setitem(
        ALLOWED_ROLES, Action.OPEN_AGREEMENT, frozenset({Role.LEAD, Role.CONTRIBUTOR})
    )
    assert TeamAllowed.for_user(people["contributor"], everyone_rates).open_agreement
    team.open_agreement(
        user=people["contributor"], assessment=everyone_rates, although_unfinished=True
    )
    assert builders.reload(assessment=everyone_rates).rating_phase == RatingPhase.AGREEMENT
