"""The agreement page: every principle's spread of individual ratings, and the agreed rating.

Members who may rate see it once agreement opens, with names; viewers read the spreads
in the reports, without names.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from assessments import selectors as assessment_selectors
from assessments import workflow

from .. import spread as spreads
from ..charts import distribution_chart
from .common import TeamAllowed, team_assessment_get


def agreement(request, pk):
    assessment = team_assessment_get(user=request.user, pk=pk)
    allowed = TeamAllowed.for_user(request.user, assessment)
    if not allowed.see_team_ratings:
        raise PermissionDenied(
            "Individual ratings are private until the lead opens agreement; after that, "
            "viewers read them in the report."
        )
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


def principle_team(user, assessment, rating):
    """What the principle page shows of the team's ratings in the agreement phase, or None.

    The spread with names and a chart; None for a shared assessment (no queries), before
    agreement opens, and for viewers.
    """
    if not TeamAllowed.for_user(user, assessment).see_team_ratings:
        return None
    found = spreads.spreads_for([assessment], rating=rating)[assessment.pk][rating.principle_id]
    return {"spread": found, "chart": distribution_chart(found, title=rating.short_title)}
