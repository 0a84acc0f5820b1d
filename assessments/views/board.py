"""What the lead prepares for the board: the summary and the board's ask, and targets."""

from django.contrib import messages
from django.shortcuts import redirect, render

from .. import board_services, selectors, workflow
from ..forms import BoardSummaryForm, TargetsForm
from .common import Allowed, post_form
from .not_saved import Task, state_refusal

BOARD_SUMMARY = Task(
    workflow.PREPARE_FOR_BOARD,
    "write for the board",
    "What you wrote for the board has not been saved",
)
TARGETS = Task(workflow.PREPARE_FOR_BOARD, "change the targets", "Your targets have not been saved")


def _refused(request, assessment, task, form):
    """None if the lead may write for the board now, else the page saying why not."""
    if Allowed.for_user(request.user, assessment).prepare:
        return None
    return state_refusal(
        request,
        assessment,
        task,
        message="Only a lead can write for the board, and only in a draft.",
        form=form,
    )


def board_summary(request, pk):
    """The lead's summary and what the board is asked to do, for page one of the report."""
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    refused = _refused(request, assessment, BOARD_SUMMARY, lambda: BoardSummaryForm(request.POST))
    if refused is not None:
        return refused

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
        task=BOARD_SUMMARY,
        initial={"version": assessment.version},  # drawn in place of a tampered version
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
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    refused = _refused(
        request, assessment, TARGETS, lambda: TargetsForm(request.POST, **_choices(assessment))
    )
    if refused is not None:
        return refused
    choices = _choices(assessment)

    def page(form):
        context = {"assessment": assessment, "form": form}
        return render(request, "assessments/targets.html", context)

    if request.method != "POST":
        return page(TargetsForm(initial={"version": assessment.version}, **choices))
    shown = post_form(
        request,
        TargetsForm,
        page=page,
        assessment=assessment,
        task=TARGETS,
        initial={"version": assessment.version},  # drawn in place of a tampered version
        save=lambda form: board_services.assessment_targets_update(
            user=request.user,
            assessment_id=assessment.pk,
            expected_version=form.cleaned_data["version"],
            targets=form.targets(),
        ),
        **choices,
    )
    if shown is not None:
        return shown
    messages.success(request, "The targets have been saved")
    return redirect("assessments:check", pk=assessment.pk)


def _choices(assessment) -> dict:
    """What the targets form offers: each principle, and the scale's levels."""
    return {
        "ratings": selectors.ratings_for_assessment(assessment),
        "levels": selectors.scale_levels(assessment),
    }
