"""What the lead prepares for the board: the summary and the board's ask, and targets."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from .. import board_services, selectors
from ..forms import BoardSummaryForm, TargetsForm
from .common import Allowed, post_form


def _lead_only(request, pk):
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    if not Allowed.for_user(request.user, assessment).prepare:
        raise PermissionDenied("Only a lead can write for the board, and only in a draft.")
    return assessment


def board_summary(request, pk):
    """The lead's summary and what the board is asked to do, for page one of the report."""
    assessment = _lead_only(request, pk)

    def page(form):
        context = {"assessment": assessment, "form": form}
        return render(request, "assessments/board_summary.html", context)

    if request.method != "POST":
        initial = {
            "summary": assessment.lead_summary,
            "board_ask": assessment.board_ask,
            "version": assessment.version,
        }
        return page(BoardSummaryForm(initial=initial))
    shown = post_form(
        request,
        BoardSummaryForm,
        page=page,
        assessment=assessment,
        save=lambda form: board_services.assessment_board_summary_update(
            user=request.user,
            assessment_id=assessment.pk,
            expected_version=form.cleaned_data["version"],
            summary=form.cleaned_data["summary"],
            board_ask=form.cleaned_data["board_ask"],
        ),
    )
    if shown is not None:
        return shown
    messages.success(request, "What you wrote for the board has been saved")
    return redirect("assessments:check", pk=assessment.pk)


def targets(request, pk):
    """A target level for each principle, where the lead wants one."""
    assessment = _lead_only(request, pk)
    ratings = selectors.ratings_for_assessment(assessment)
    levels = selectors.scale_levels(assessment)

    def page(form):
        context = {"assessment": assessment, "form": form}
        return render(request, "assessments/targets.html", context)

    if request.method != "POST":
        form = TargetsForm(initial={"version": assessment.version}, ratings=ratings, levels=levels)
        return page(form)
    shown = post_form(
        request,
        TargetsForm,
        page=page,
        assessment=assessment,
        save=lambda form: board_services.assessment_targets_update(
            user=request.user,
            assessment_id=assessment.pk,
            expected_version=form.cleaned_data["version"],
            targets=form.targets(),
        ),
        ratings=ratings,
        levels=levels,
    )
    if shown is not None:
        return shown
    messages.success(request, "The targets have been saved")
    return redirect("assessments:check", pk=assessment.pk)
