"""What someone the lead removed as a rater sees on their own rating pages.

They may still have a page open when the lead removes them (``services.rater_remove``).
Their role still allows rating, so "You cannot do this" (403) would wrongly blame it and
lose what they typed: the page says instead that they are no longer a rater, who removed
them and when, and for a form sent shows what was typed (409), as when a save is refused
because the assessment moved on (``assessments.views.not_saved``). Someone who was never
a rater of the assessment still gets the 403.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from assessments.views.not_saved import (
    MovedOn,
    Task,
    back_to_assessment,
    not_saved,
    person_name,
)

from .. import selectors

NEVER_A_RATER = "Only people chosen to rate this assessment have ratings here."
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


def rater_removed(
    request, assessment, *, task: Task, form: Callable[[], Form] | None = None
) -> HttpResponse:
    """The page for a user with no rater row: removed by the lead (opened: 200; sent: 409
    with what ``form`` holds), or PermissionDenied if they were never a rater."""
    removal = selectors.rater_removal(assessment, request.user)
    if removal is None:
        raise PermissionDenied(NEVER_A_RATER)
    if request.method != "POST":
        context = {
            "assessment": assessment,
            "title": TITLE,
            "moved": _removal(removal, sent=False),
            "back": back_to_assessment(assessment),
        }
        return render(request, "assessments/not_now.html", context)
    return not_saved(
        request,
        assessment=assessment,
        task=task,
        form=form() if form is not None else None,
        moved=_removal(removal, sent=True),
    )
