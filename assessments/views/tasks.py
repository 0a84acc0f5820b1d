"""The task list and the page for each principle."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from consensus.forms import AgreedRatingForm
from consensus.views.agreement import principle_team
from integrated_care.unsaved import QUERY as UNSAVED_QUERY
from integrated_care.unsaved import (
    TIMED_OUT,
    answers_only,
    keeps_unsaved_answers,
    unsaved_answers,
    unsaved_answers_forget,
)
from partnerships.permissions import can

from .. import board_selectors, rules, selectors, services, workflow
from ..errors import ConflictError, RefusedError
from ..forms import ActionFormSet, RatingForm
from ..forms.rating import NOT_APPLICABLE
from ..models import shown_order
from ..wording import wording_notices
from .common import Allowed, form_again, refusal_page
from .not_saved import may_edit_drafts, not_saved_page
from .removed_actions import UNKNOWN, keep_removed_actions, posted_initial


def overview(request, pk):
    """The assessment's task list: every principle, grouped, with its status."""
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    ratings = selectors.ratings_for_assessment(assessment)
    return render(
        request,
        "assessments/overview.html",
        {
            "assessment": assessment,
            "tasks": selectors.task_list(ratings),
            "allowed": Allowed.for_user(request.user, assessment),
            "named": [r for r in ratings if r.named_in_return],  # by the last return
            # Only someone who may start the next assessment is told to.
            "can_start": can(
                request.user, workflow.START.action, assessment.service.partnership_id
            ),
        },
    )


def _rating_initial(rating) -> dict:
    answer = NOT_APPLICABLE if rating.not_applicable else rating.level_id
    return {
        "answer": str(answer) if answer else "",
        "not_applicable_reason": rating.not_applicable_reason,
        "evidence": rating.evidence,
        "divergence_note": rating.divergence_note,
        "version": rating.version,
    }


def _actions_initial(rating) -> list[dict]:
    return [
        {
            "id": a.pk,
            "description": a.description,
            "owner": a.owner,
            "due_date": a.due_date,
            "status": a.status,
        }
        for a in rating.actions.all()
    ]


def _action_inputs(formset) -> list[services.ActionInput]:
    """Only actions that were added, changed or removed, so history records real changes."""
    inputs = []
    for form in formset.forms:
        if not form.has_changed() or not form.is_valid():
            continue
        data = form.cleaned_data
        inputs.append(
            services.ActionInput(
                id=data.get("id"),
                description=data.get("description", ""),
                owner=data.get("owner", ""),
                due_date=data.get("due_date"),
                status=data.get("status", ""),
                delete=bool(data.get("DELETE")),
            )
        )
    return inputs


@keeps_unsaved_answers
def principle(request, pk, code):
    """Rate one principle: the answer, evidence and improvement actions."""
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    try:
        rating = selectors.rating_get(assessment=assessment, code=code)
    except Http404:
        # A link from before an admin changed the principle's code: its page is under the
        # new code now (the page itself still shows the code it was submitted with).
        if (now := selectors.code_now(assessment=assessment, frozen_code=code)) is None:
            raise
        return redirect("assessments:principle", pk=assessment.pk, code=now)
    wording_notices(assessment, [rating])  # reworded since it was rated?
    allowed = Allowed.for_user(request.user, assessment)
    # Team scoring, once agreement opens: the team's ratings, and the agreed rating's note.
    team = principle_team(request.user, assessment, rating)
    context = {"assessment": assessment, "rating": rating, "allowed": allowed, "team": team}
    form_class, extra = (RatingForm, {})
    if team:
        form_class, extra = (AgreedRatingForm, {"median": team["spread"].agreement.median})

    def posted(data, levels):
        # The saved version, drawn only in place of a tampered one (forms.fields.VersionField).
        version = {"version": rating.version}
        complete = "save_continue" in data
        form = form_class(data, levels=levels, complete=complete, initial=version, **extra)
        saved = _actions_initial(rating)
        return form, ActionFormSet(data, prefix="actions", initial=posted_initial(data, saved))

    if not allowed.edit:
        if request.method == "POST" and may_edit_drafts(request.user, assessment):
            # Submitted or signed off since the page was opened: say so, keep the text.
            form, formset = posted(request.POST, selectors.scale_levels(assessment))
            return not_saved_page(
                request, assessment=assessment, rating=rating, form=form, formset=formset
            )
        if request.method == "POST":
            raise PermissionDenied("This assessment cannot be changed by you now.")
        return render(request, "assessments/principle_readonly.html", context)

    # What each level looks like for this principle, where it says, in place of the scale's.
    levels = board_selectors.levels_described(assessment, rating.principle)
    context["described"] = any(level.described for level in levels)

    def page(form, formset, conflict=None):
        # "Principle 4 of 12" needs only the codes, in order: not every rating loaded.
        ordered = assessment.ratings.order_by(shown_order())
        codes = list(ordered.values_list("principle__code", flat=True))
        context.update(
            form=form,
            formset=formset,
            conflict=conflict,
            position=codes.index(code) + 1,
            total=len(codes),
            # With as many actions' boxes as a principle may have, none can be added after
            # saving: "Save and add another action" is not offered, and the page says why.
            max_actions=rules.MAX_ACTIONS,
            offer_add_action=formset.total_form_count() < rules.MAX_ACTIONS,
        )
        status = 409 if conflict else 200
        return render(request, "assessments/principle.html", context, status=status)

    if request.method != "POST" or TIMED_OUT in request.POST:
        # Answers typed before an idle sign-out come back unsaved (integrated_care.unsaved).
        kept = answers_only(request.POST) if request.method == "POST" else unsaved_answers(request)
        if kept is not None:
            context["unsaved"] = "kept"
            return page(*posted(kept, levels))
        context["unsaved"] = "lost" if request.GET.get(UNSAVED_QUERY) else ""
        return page(
            form_class(initial=_rating_initial(rating), levels=levels, **extra),
            ActionFormSet(prefix="actions", initial=_actions_initial(rating)),
        )
    data = request.POST
    complete = "save_continue" in data
    form, formset = posted(data, levels)
    if not (form.is_valid() and formset.is_valid()):
        return page(form, formset)

    def again(error):
        # Keep everything the user typed, with why it was not saved. After a conflict,
        # also show what is saved now: a second save replaces it knowingly.
        conflict = None
        if isinstance(error, ConflictError):
            conflict = selectors.rating_get(assessment=assessment, code=code)
        if error.code == UNKNOWN:  # said on the action the page got wrong, not twice
            form = form_class(data, levels=levels, complete=complete, **extra)
            form.is_valid()
        else:
            form = form_again(form_class, data, error, levels=levels, complete=complete, **extra)
        return page(form, keep_removed_actions(formset, rating, _actions_initial(rating)), conflict)

    try:
        saved = services.rating_update(
            user=request.user,
            rating_id=rating.pk,
            expected_version=form.cleaned_data["version"],
            answer=services.RatingInput(
                level_id=form.level_id,
                not_applicable=form.not_applicable,
                not_applicable_reason=form.cleaned_data["not_applicable_reason"],
                evidence=form.cleaned_data["evidence"],
                divergence_note=form.cleaned_data.get("divergence_note", ""),
            ),
            actions=_action_inputs(formset),
        )
    except RefusedError as error:
        if workflow.is_state_refusal(error):  # moved on during this save
            return not_saved_page(
                request, assessment=assessment, rating=rating, form=form, formset=formset
            )
        return refusal_page(request, error, assessment=assessment, again=again)
    unsaved_answers_forget(request)
    return _after_save(request, assessment, rating, data, saved=saved)


def _after_save(request, assessment, rating, data, *, saved):
    """Where a save leads; ``saved`` is the rating as saved, its actions not yet read."""
    code = rating.principle.code
    if "add_action" in data and saved.actions.count() >= rules.MAX_ACTIONS:
        # Sent from a page that still offered the button: no new action's boxes can follow.
        messages.success(
            request,
            f"Your answers for {code} {rating.short_title} have been saved. "
            f"A principle can have up to {rules.MAX_ACTIONS} improvement actions",
        )
        return redirect("assessments:principle", pk=assessment.pk, code=code)
    if "add_action" in data:
        # Said, and focused, just above the new action's boxes (principle.html).
        messages.success(
            request,
            f"Your answers for {code} {rating.short_title} have been saved. "
            "You can add another action below.",
            extra_tags="new-action",
        )
        url = reverse("assessments:principle", args=[assessment.pk, code])
        return redirect(url + "#new-action-saved")
    if "save_continue" in data:
        ratings = selectors.ratings_for_assessment(assessment)
        next_code = selectors.next_rating_code(ratings, code)
        if next_code:
            return redirect("assessments:principle", pk=assessment.pk, code=next_code)
        return redirect("assessments:check", pk=assessment.pk)
    messages.success(request, f"Your answers for {code} {rating.short_title} have been saved")
    return redirect("assessments:overview", pk=assessment.pk)
