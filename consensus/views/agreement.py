"""The agreement page: every principle's spread of individual ratings, and the agreed rating.

Members who may rate see it once agreement opens, with names; viewers read the spreads
in the reports, without names.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from assessments import selectors as assessment_selectors
from assessments import workflow
from assessments.views.not_saved import MovedOn, back_to_assessment, not_now
from partnerships.permissions import Action, can

from .. import selectors
from .. import spread as spreads
from ..charts import distribution_chart
from .common import TeamAllowed, back_to_my_ratings, back_to_team, team_assessment_get


def agreement(request, pk):
    assessment = team_assessment_get(user=request.user, pk=pk)
    allowed = TeamAllowed.for_user(request.user, assessment)
    if not allowed.see_team_ratings:
        if not can(request.user, Action.SEE_TEAM_RATINGS, assessment.service.partnership_id):
            raise PermissionDenied("Viewers read the team's ratings in the report.")
        return _not_open_yet(request, assessment, allowed)
    ratings = assessment_selectors.ratings_for_assessment(assessment)
    by_principle = spreads.spreads_for([assessment]).get(assessment.pk, {})
    empty = spreads.spread(0, [], [])
    rows = [(rating, by_principle.get(rating.principle_id, empty)) for rating in ratings]
    return render(
        request,
        "consensus/agreement.html",
        {
            "assessment": assessment,
            "rows": rows,
            "split": [row for row in rows if row[1].agreement.split],
            "allowed": allowed,
            "edit": workflow.may(request.user, workflow.EDIT, assessment),
        },
    )


# Agreement not open yet: the state's reason, not the role's (views/not_saved.py's not_now).
NOT_OPEN_YET = MovedOn(
    who="",
    did="",
    when=None,
    so=(
        "Agreement has not opened yet. Each rater's ratings stay private until the lead "
        "opens agreement; then everyone who rates sees them, with names."
    ),
)


def _not_open_yet(request, assessment, allowed: TeamAllowed):
    """The not-now page for a member whose role sees the team's ratings once agreed."""
    if allowed.manage:
        back = back_to_team(assessment)
    elif selectors.rater_for(assessment, request.user) is not None:
        back = back_to_my_ratings(assessment)
    else:
        back = back_to_assessment(assessment)
    return not_now(
        request,
        assessment=assessment,
        title="You cannot see the team's ratings yet",
        moved=NOT_OPEN_YET,
        back=back,
    )


def principle_team(user, assessment, rating):
    """What the principle page shows of the team's ratings in the agreement phase, or None.

    The spread with names and a chart; None for a shared assessment (no queries), before
    agreement opens, and for viewers.
    """
    if not TeamAllowed.for_user(user, assessment).see_team_ratings:
        return None
    found = spreads.spreads_for([assessment], rating=rating)[assessment.pk][rating.principle_id]
    return {"spread": found, "chart": distribution_chart(found, title=rating.short_title)}
