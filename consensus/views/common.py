"""What team scoring pages share: what the user may do, and the assessment they are about."""

from dataclasses import dataclass

from django.urls import reverse

from assessments import selectors as assessment_selectors
from assessments import workflow
from assessments.models import Assessment
from assessments.views.not_saved import Back
from partnerships.permissions import Action, can

from .. import selectors
from ..spread import is_visible

# Which workflow change each of TeamAllowed's answers is about.
TEAM_TRANSITIONS: dict[str, workflow.Transition] = {
    "rate_individually_first": workflow.RATE_INDIVIDUALLY_FIRST,
    "choose_raters": workflow.CHOOSE_RATERS,
    "rate_individually": workflow.RATE_INDIVIDUALLY,
    "open_agreement": workflow.OPEN_AGREEMENT,
}


@dataclass(frozen=True)
class TeamAllowed:
    """What the signed-in user may do with an assessment's team scoring, as the workflow
    table says (``rate_individually`` also needs the user to be a rater)."""

    rate_individually_first: bool
    choose_raters: bool
    rate_individually: bool
    open_agreement: bool
    # Read the team's individual ratings, with names: members who may rate, once agreed.
    see_team_ratings: bool
    # Manage raters and read progress (never values): the role that chooses raters.
    manage: bool

    @classmethod
    def for_user(cls, user, assessment: Assessment) -> "TeamAllowed":
        partnership_id = assessment.service.partnership_id
        return cls(
            **{
                name: workflow.may(user, transition, assessment)
                for name, transition in TEAM_TRANSITIONS.items()
            },
            see_team_ratings=is_visible(assessment)
            and can(user, Action.SEE_TEAM_RATINGS, partnership_id),
            manage=assessment.is_team_scored
            and can(user, workflow.CHOOSE_RATERS.action, partnership_id),
        )


def team_assessment_get(*, user, pk: int) -> Assessment:
    """One of the user's assessments that is team scored (404 for any other)."""
    assessment = assessment_selectors.assessment_get(user=user, pk=pk)
    selectors.require_team_scored(assessment)
    return assessment


# Where a change refused because team scoring moved on leads back to (not_saved.Back).
def back_to_my_ratings(assessment: Assessment) -> Back:
    return Back(reverse("consensus:mine", args=[assessment.pk]), "Go to your individual ratings")


def back_to_team(assessment: Assessment) -> Back:
    return Back(reverse("consensus:team", args=[assessment.pk]), "Go to raters and their progress")
