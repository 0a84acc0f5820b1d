"""What someone the lead removed as a rater sees on their own rating pages.

They may still have a page open when the lead removes them (``services.rater_remove``).
Their role still allows rating, so "You cannot do this" (403) would wrongly blame it and
lose what they typed: the page says instead that they are no longer a rater, who removed
them and when, and for a form sent shows what was typed (409), as when a save is refused
because the assessment moved on (``assessments.views.not_saved``).

Someone whose role may rate but whom no lead ever chose is refused (403), on a page that
says so and what to do, not "Your role does not allow this action", which is not why. A
viewer, whose role never rates, gets the 403 of any role refusal.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from assessments.views.not_saved import (
    Back,
    MovedOn,
    Task,
    back_to_assessment,
    not_now,
    not_saved,
    person_name,
)
from partnerships.permissions import Action, can

from .. import selectors
from .common import back_to_team

NEVER_A_RATER = "Only people chosen to rate this assessment have ratings here."
NEVER_CHOSEN = "Only the people a lead chose rate this assessment individually."
TITLE = "You are no longer a rater of this assessment"
ADVICE = "If you should still rate it, ask a lead to add you again."
# Under "Your rating has not been saved", why; opened, the heading (TITLE) says it already.
SENT = f"{TITLE}, and your individual ratings were deleted."
OPENED = f"Your individual ratings were deleted. {ADVICE}"


def _removal(removal, *, sent: bool) -> MovedOn:
    who = person_name(removal.history_user)  # None only if their account was deleted since
    at = timezone.localtime(removal.history_date)
    # The page shows the advice only after a form was sent: opened, OPENED includes it.
    return MovedOn(who, "removed you as a rater", at, SENT if sent else OPENED, ADVICE)


def _never_chosen(request, assessment) -> HttpResponse:
    """403 for a member who may rate but was never chosen: why, and whom to ask while raters
    can still be added; once agreement is open (the other phase a team assessment has),
    the way to the team's ratings instead."""
    partnership_id = assessment.service.partnership_id
    if selectors.rating_individually(assessment):
        if can(request.user, Action.CHOOSE_RATERS, partnership_id):  # a lead may add themself
            so = f"{NEVER_CHOSEN} If you should rate it, add yourself as a rater."
            back = back_to_team(assessment)
        else:
            so = f"{NEVER_CHOSEN} If you should rate it, ask a lead to add you."
            back = back_to_assessment(assessment)
    else:
        so = f"{NEVER_CHOSEN} Raters can be added only before agreement opens."
        back = Back(
            reverse("consensus:agreement", args=[assessment.pk]),
            "See the team's ratings of every principle",
        )
    return not_now(
        request,
        assessment=assessment,
        title="You are not a rater of this assessment",
        moved=MovedOn("", "", None, so),
        back=back,
        status=403,
    )


def rater_removed(
    request, assessment, *, task: Task, form: Callable[[], Form] | None = None
) -> HttpResponse:
    """The page for a user with no rater row: removed by the lead (opened: 200; sent: 409
    with what ``form`` holds); never chosen, 403 (``_never_chosen``, or PermissionDenied
    for a role that never rates)."""
    removal = selectors.rater_removal(assessment, request.user)
    if removal is None:
        if not can(request.user, Action.RATE_INDIVIDUALLY, assessment.service.partnership_id):
            raise PermissionDenied(NEVER_A_RATER)
        return _never_chosen(request, assessment)
    if request.method != "POST":
        return not_now(
            request, assessment=assessment, title=TITLE, moved=_removal(removal, sent=False)
        )
    return not_saved(
        request,
        assessment=assessment,
        task=task,
        form=form() if form is not None else None,
        moved=_removal(removal, sent=True),
    )
