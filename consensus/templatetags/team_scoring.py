"""The team scoring panel on an assessment's task list, and a rating's answer as shown: the
agreed rating, and the read-only answer of every principle page (``_rating_answer.html``)."""

from types import SimpleNamespace

from django import template
from django.utils.text import get_text_list

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
    rater = _rater(context, assessment)
    panel.update(
        raters=raters,
        finished=finished,
        rater=rater,
        completed=selectors.completed_count(rater) if rater else 0,
        total=tasks.total,
    )
    return panel


@register.inclusion_tag("consensus/_principles_individually.html", takes_context=True)
def team_principles_note(context, assessment, rating=None):
    """While the team rates individually, above the task list's principles or on one
    principle's read-only page (``rating``): why the agreed ratings cannot be recorded yet,
    and where the user's part is (their own ratings, or the raters)."""
    return {
        "assessment": assessment,
        "rating": rating,
        "allowed": TeamAllowed.for_user(context["request"].user, assessment),
        "rater": _rater(context, assessment),
    }


def _rater(context, assessment):
    """The user's rater row (``selectors.rater_for``), read once for the page's tags."""
    key = ("consensus.rater", assessment.pk)
    if key not in context.render_context:
        context.render_context[key] = selectors.rater_for(assessment, context["request"].user)
    return context.render_context[key]


@register.filter
def name_list(names) -> str:
    """Names as a sentence lists them: "A, B and C"."""
    return get_text_list(list(names), "and")


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
