"""The team scoring panel on an assessment's task list, and the agreed rating as shown."""

from django import template

from .. import selectors
from ..report import agreed_text
from ..views.common import TeamAllowed

register = template.Library()


@register.inclusion_tag("consensus/_overview_panel.html", takes_context=True)
def team_scoring_panel(context, assessment, tasks):
    """What team scoring says on the task list: nothing for a shared assessment, unless a
    lead could still switch it to individual ratings (no queries then).

    ``tasks`` is the task list the page has already read.
    """
    user = context["request"].user
    allowed = TeamAllowed.for_user(user, assessment)
    panel = {"assessment": assessment, "allowed": allowed}
    if not assessment.is_team_scored:
        unrated = not any(r.is_started for group in tasks.groups for r in group.ratings)
        panel["offer_switch"] = allowed.rate_individually_first and unrated
        return panel
    raters, finished = selectors.rater_counts(assessment)
    rater = selectors.rater_for(assessment, user)
    panel.update(
        raters=raters,
        finished=finished,
        rater=rater,
        completed=selectors.completed_count(rater) if rater else 0,
        total=tasks.total,
    )
    return panel


@register.filter
def agreed_rating(rating) -> str:
    """A ``Rating`` as the team's agreed rating reads (``consensus.report.agreed_text``)."""
    return agreed_text(rating)
