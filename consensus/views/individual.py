"""A rater's own pages: their task list and their private rating of each principle.

Only the rater sees these pages: nobody else, the lead included, sees what they rated
until agreement opens.

A rater whose role no longer allows rating (``selectors.why_cannot_rate``: now a viewer)
while the team rates individually reads their ratings as they were, with that reason, not
"agreement is open", which is not why. A change they send is refused by their role, so it
is a 403, but the page says why and shows what they typed, as when a change is refused by
the state (``assessments.views.not_saved``). Someone disabled or no longer a member never
reaches these pages: they are signed out, or find no assessment (404).
"""

from django.contrib import messages
from django.shortcuts import redirect, render

from assessments import board_selectors, workflow
from assessments import selectors as assessment_selectors
from assessments.errors import ConflictError, RefusedError
from assessments.forms.rating import NOT_APPLICABLE
from assessments.views.common import form_again, refusal_page
from assessments.views.not_saved import MovedOn, Task, not_saved, state_refusal

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
# Why a role that may not rate is refused once individual rating is over for everyone (while
# it lasts, such a rater is told why they cannot rate: ``_cannot_rate``).
CLOSED = "Individual ratings can change only before agreement opens."
# Raised by the services when the user has no rater row: the lead removed them meanwhile.
NOT_A_RATER = "not_a_rater"
CANNOT_RATE_ADVICE = (
    "If you think you should still rate it, contact your partnership's administrator."
)


def _cannot_rate(assessment, rater) -> MovedOn | None:
    """Why the rater can no longer rate, to them, while the team rates individually; None
    for a rater who can, or once individual rating is over for everyone."""
    if not selectors.rating_individually(assessment):
        return None
    reason = selectors.why_cannot_rate(rater, to_rater=True)
    if not reason:
        return None
    return MovedOn(
        who="",
        did="",
        when=None,
        so=f"{reason}, so you can no longer rate this assessment.",
        advice=CANNOT_RATE_ADVICE,
    )


def _cannot_rate_refusal(request, assessment, task: Task, why: MovedOn, form=None):
    """A change sent by a rater who can no longer rate: 403, with why and what they typed."""
    return not_saved(
        request,
        assessment=assessment,
        task=task,
        form=form() if form is not None else None,
        template="consensus/cannot_rate.html",
        moved=why,
        back=back_to_my_ratings(assessment),
        # Their role refuses it, not the assessment's state: 403, as for any role refusal,
        # but on not_saved's page so what they typed is not lost.
        status=403,
    )


def mine(request, pk):
    """The rater's principles with their status; they mark their ratings finished here."""
    assessment = team_assessment_get(user=request.user, pk=pk)
    rater = selectors.rater_for(assessment, request.user)
    if rater is None:
        return rater_removed(request, assessment, task=FINISH)
    allowed = TeamAllowed.for_user(request.user, assessment)
    cannot_rate = _cannot_rate(assessment, rater)
    if request.method == "POST":
        if cannot_rate:
            return _cannot_rate_refusal(request, assessment, FINISH, cannot_rate)
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
            "cannot_rate": cannot_rate,
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
    cannot_rate = _cannot_rate(assessment, rater)
    context = {
        "assessment": assessment,
        "individual": individual,
        "rating": rating,
        "cannot_rate": cannot_rate,
    }
    back = back_to_my_ratings(assessment)
    if not allowed.rate_individually:
        if request.method != "POST":
            return render(request, "consensus/rate_readonly.html", context)
        if cannot_rate:
            return _cannot_rate_refusal(request, assessment, RATE, cannot_rate, form=sent_form)
        return state_refusal(request, assessment, RATE, message=CLOSED, form=sent_form, back=back)

    # What each level looks like for this principle, where it says: the same words the
    # team's agreed rating is given against (assessments.views.tasks).
    levels = board_selectors.levels_described(assessment, rating.principle)
    context["described"] = any(level.described for level in levels)
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
