"""A rater's own pages: their task list and their private rating of each principle.

Only the rater sees these pages: nobody else, the lead included, sees what they rated
until agreement opens.
"""

from django.contrib import messages
from django.shortcuts import redirect, render

from assessments import selectors as assessment_selectors
from assessments import workflow
from assessments.errors import ConflictError, RefusedError
from assessments.forms.rating import NOT_APPLICABLE
from assessments.views.common import form_again, refusal_page
from assessments.views.not_saved import Task, not_saved, state_refusal

from .. import selectors, services
from ..forms import IndividualRatingForm
from .common import TeamAllowed, back_to_my_ratings, team_assessment_get
from .removed import rater_removed

RATE = Task(workflow.RATE_INDIVIDUALLY, "change your rating", "Your rating has not been saved")
FINISH = Task(
    workflow.RATE_INDIVIDUALLY,
    "mark your ratings as finished",
    "Your ratings have not been marked as finished",
    sections=None,  # a button, nothing typed
)
CLOSED = "Individual ratings can change only before agreement opens."
# Raised by the services when the user has no rater row: the lead removed them meanwhile.
NOT_A_RATER = "not_a_rater"


def mine(request, pk):
    """The rater's principles with their status; they mark their ratings finished here."""
    assessment = team_assessment_get(user=request.user, pk=pk)
    rater = selectors.rater_for(assessment, request.user)
    if rater is None:
        return rater_removed(request, assessment, task=FINISH)
    allowed = TeamAllowed.for_user(request.user, assessment)
    if request.method == "POST":
        if not allowed.rate_individually:
            back = back_to_my_ratings(assessment)
            return state_refusal(request, assessment, FINISH, message=CLOSED, back=back)
        try:
            services.rater_finish(user=request.user, assessment_id=assessment.pk)
        except RefusedError as error:
            if error.code == NOT_A_RATER:
                return rater_removed(request, assessment, task=FINISH)
            messages.error(request, error.message)
        else:
            messages.success(request, "Your ratings are marked as finished")
        return redirect("consensus:mine", pk=assessment.pk)
    ratings = selectors.own_ratings(rater)
    return render(
        request,
        "consensus/mine.html",
        {
            "assessment": assessment,
            "rater": rater,
            "ratings": ratings,
            "completed": sum(r.is_complete for r in ratings),
            "allowed": allowed,
        },
    )


def _initial(individual) -> dict:
    answer = NOT_APPLICABLE if individual.not_applicable else individual.level_id
    return {
        "answer": str(answer) if answer else "",
        "not_applicable_reason": individual.not_applicable_reason,
        "rationale": individual.rationale,
        "version": individual.version,
    }


def rate(request, pk, code):
    """Rate one principle privately: a level or not applicable, and why."""
    assessment = team_assessment_get(user=request.user, pk=pk)

    def sent_form():
        return IndividualRatingForm(
            request.POST, levels=assessment_selectors.scale_levels(assessment)
        )

    rater = selectors.rater_for(assessment, request.user)
    if rater is None:
        return rater_removed(request, assessment, task=RATE, form=sent_form)
    individual = selectors.own_rating_get(rater, code)
    rating = individual.rating
    allowed = TeamAllowed.for_user(request.user, assessment)
    context = {"assessment": assessment, "individual": individual, "rating": rating}
    back = back_to_my_ratings(assessment)
    if not allowed.rate_individually:
        if request.method == "POST":
            return state_refusal(
                request,
                assessment,
                RATE,
                message=CLOSED,
                form=sent_form,
                back=back,
            )
        return render(request, "consensus/rate_readonly.html", context)

    levels = assessment_selectors.scale_levels(assessment)
    ratings = selectors.own_ratings(rater)
    codes = [r.rating.principle.code for r in ratings]

    def page(form, conflict=None):
        context.update(
            form=form, conflict=conflict, position=codes.index(code) + 1, total=len(codes)
        )
        return render(request, "consensus/rate.html", context, status=409 if conflict else 200)

    if request.method != "POST":
        return page(IndividualRatingForm(initial=_initial(individual), levels=levels))
    data = request.POST
    complete = "save_continue" in data
    # The saved version, drawn only in place of a tampered one (forms.fields.VersionField).
    saved = {"version": individual.version}
    form = IndividualRatingForm(data, levels=levels, complete=complete, initial=saved)
    if not form.is_valid():
        return page(form)

    def again(error):
        conflict = (
            selectors.own_rating_get(rater, code) if isinstance(error, ConflictError) else None
        )
        return page(
            form_again(IndividualRatingForm, data, error, levels=levels, complete=complete),
            conflict,
        )

    try:
        services.individual_rating_update(
            user=request.user,
            individual_rating_id=individual.pk,
            expected_version=form.cleaned_data["version"],
            answer=services.IndividualRatingInput(
                level_id=form.level_id,
                not_applicable=form.not_applicable,
                not_applicable_reason=form.cleaned_data["not_applicable_reason"],
                rationale=form.cleaned_data["rationale"],
            ),
        )
    except RefusedError as error:
        if error.code == NOT_A_RATER:
            return rater_removed(request, assessment, task=RATE, form=lambda: form)
        return refusal_page(
            request,
            error,
            assessment=assessment,
            again=again,
            moved_on=lambda: not_saved(
                request, assessment=assessment, task=RATE, form=form, back=back
            ),
        )
    if complete:
        following = codes[codes.index(code) + 1 :] + codes[: codes.index(code)]
        saved = {r.rating.principle.code: r for r in selectors.own_ratings(rater)}
        for next_code in following:
            if not saved[next_code].is_complete:
                return redirect("consensus:rate", pk=assessment.pk, code=next_code)
    else:
        messages.success(request, f"Your rating of {rating.code} {rating.short_title} is saved")
    return redirect("consensus:mine", pk=assessment.pk)
