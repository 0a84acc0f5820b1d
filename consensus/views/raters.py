"""Removing a rater: the lead confirms it, while people rate individually.

A rater who has left the partnership, was disabled, or was chosen by mistake would
otherwise stay unfinished for good; removing them deletes their individual ratings, so
they never count in the team's figures.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from assessments import workflow
from assessments.views.common import post_form
from assessments.views.not_saved import Task, state_refusal

from .. import selectors, services
from ..forms import RemoveRaterForm
from .common import TeamAllowed, back_to_team, team_assessment_get

REMOVE_RATER = Task(
    workflow.CHOOSE_RATERS,
    "remove a rater",
    "The rater has not been removed",
    sections=None,  # a button, nothing typed
)


def remove(request, pk, rater_id):
    """Are you sure you want to remove this rater? Their ratings go with them."""
    assessment = team_assessment_get(user=request.user, pk=pk)
    progress = selectors.progress(assessment)
    item = next((p for p in progress if p.rater.pk == rater_id), None)
    removed = selectors.removed_rater_name(assessment, rater_id) if item is None else None
    if item is None and removed is None:
        # Another assessment's rater, or another partnership's, whatever the phase.
        raise Http404("No such rater of this assessment")
    if not TeamAllowed.for_user(request.user, assessment).choose_raters:
        return state_refusal(
            request,
            assessment,
            REMOVE_RATER,
            message="Only a lead can remove raters, while people rate individually.",
            back=back_to_team(assessment),
        )
    if item is None:  # removed already, in another tab or by another lead
        messages.success(request, f"{removed} has already been removed as a rater")
        return redirect("consensus:team", pk=assessment.pk)
    rater = item.rater

    def page(form):
        context = {"assessment": assessment, "item": item, "rater": rater, "form": form}
        context["only_rater"] = len(progress) <= 1
        return render(request, "consensus/remove_rater.html", context)

    form_kwargs = {"rater_name": rater.name, "raters": len(progress)}
    if request.method != "POST":
        return page(RemoveRaterForm(**form_kwargs))
    refused = post_form(
        request,
        RemoveRaterForm,
        page=page,
        save=lambda form: services.rater_remove(
            user=request.user, assessment_id=assessment.pk, rater_id=rater.pk
        ),
        assessment=assessment,
        task=REMOVE_RATER,
        back=back_to_team(assessment),
        **form_kwargs,
    )
    if refused:
        return refused
    messages.success(request, f"{rater.name} has been removed as a rater")
    return redirect("consensus:team", pk=assessment.pk)
