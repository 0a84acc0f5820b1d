"""Confirming a rating still stands after its principle was reworded (``assessments.wording``)."""

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect

from .. import selectors, workflow
from ..errors import RefusedError
from ..forms.wording import WordingConfirmForm
from ..wording import rating_wording_confirm
from .common import Allowed, refusal_page
from .not_saved import Task, state_refusal

CONFIRM_WORDING = Task(
    workflow.EDIT,
    "confirm this rating still stands",
    "You have not confirmed this rating still stands",
    sections=None,  # a button, nothing typed
)


def wording_confirm(request, pk, code):
    """Someone who may edit the draft says the rating still stands with the new wording."""
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    rating = assessment.ratings.select_related("principle").filter(principle__code=code).first()
    if rating is None:
        raise Http404("No such principle in this assessment")
    if not Allowed.for_user(request.user, assessment).edit:
        return state_refusal(
            request,
            assessment,
            CONFIRM_WORDING,
            message="Your role does not allow you to change this assessment.",
        )
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = WordingConfirmForm(request.POST)
    to_check = form.is_valid() and form.cleaned_data["back_to"] == "check"
    try:
        rating_wording_confirm(user=request.user, rating_id=rating.pk)
    except RefusedError as error:
        return refusal_page(request, error, assessment=assessment)
    messages.success(
        request, f"You have confirmed the rating of {rating.code} {rating.short_title} still stands"
    )
    if to_check:
        return redirect("assessments:check", pk=assessment.pk)
    return redirect("assessments:principle", pk=assessment.pk, code=code)
