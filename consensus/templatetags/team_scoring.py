"""The team scoring panel on an assessment's task list, and a rating's answer as shown: the
agreed rating, and the read-only answer of every principle page (``_rating_answer.html``)."""

from types import SimpleNamespace

from django import template

from assessments.answers import answer_text
from assessments.models import RatingPhase

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


@register.filter
def rating_answer(rating, assessment) -> str:
    """A ``Rating`` worded as the assessment's reports word it: the team's agreed rating
    (``agreed_text``) for a team-scored assessment, else ``answer_text``. Either says plainly
    when the answer was carried forward and nobody has confirmed it, rather than showing
    last time's level as this time's."""
    return agreed_text(rating) if assessment.is_team_scored else answer_text(rating)


@register.filter
def last_time_answer(rating, assessment) -> str:
    """The answer a carried-forward rating copied from the previous assessment, worded as
    reports word an answer, for the page to label as last time's; "" for any other rating.

    Also "" while team members rate individually: last time's level on the page would
    anchor each rater's own judgement, which is what rating individually first avoids.
    """
    if not rating.carried_forward or assessment.rating_phase == RatingPhase.INDIVIDUAL:
        return ""
    if not rating.not_applicable and rating.level_value is None:
        return ""  # copied from another scale: no level came with it
    copied = SimpleNamespace(
        carried_forward=False,
        not_applicable=rating.not_applicable,
        level_value=rating.level_value,
        level_label=rating.level_label,
    )
    return answer_text(copied)
