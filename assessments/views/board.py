"""What the lead prepares for the board: the summary and the board's ask, and targets.

Both pages send back what they showed, so a save is refused only if someone changed one of
the page's own fields since it was opened, and the page then shows their change beside what
was typed (``board_conflict``) rather than drawing the stale copy again.
"""

from django.contrib import messages
from django.shortcuts import redirect, render

from .. import board_services, selectors, workflow
from ..forms import BoardSummaryForm, TargetsForm
from .board_conflict import summary_conflict, targets_conflict
from .common import Allowed, form_again, post_form
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

    def page(form, conflict=None):
        context = {"assessment": assessment, "form": form, "conflict": conflict}
        return render(
            request, "assessments/board_summary.html", context, status=409 if conflict else 200
        )

    if request.method != "POST":
        text = {"summary": assessment.lead_summary, "board_ask": assessment.board_ask}
        seen = {f"seen_{name}": value for name, value in text.items()}
        return page(BoardSummaryForm(initial=text | seen | {"version": assessment.version}))

    def conflict_page(form, error):
        conflict = summary_conflict(
            request.POST, error.current, since=form.cleaned_data["version"], user=request.user
        )
        again = form_again(BoardSummaryForm, conflict.data, conflict.error)
        again.show_changes(conflict.changes)
        return page(again, conflict)

    shown = post_form(
        request,
        BoardSummaryForm,
        page=page,
        assessment=assessment,
        task=BOARD_SUMMARY,
        conflict=conflict_page,
        initial={"version": assessment.version},  # drawn in place of a tampered version
        save=lambda form: board_services.assessment_board_summary_update(
            user=request.user,
            assessment_id=assessment.pk,
            expected_version=form.cleaned_data["version"],
            summary=form.cleaned_data["summary"],
            board_ask=form.cleaned_data["board_ask"],
            seen=form.seen(),
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

    def page(form, conflict=None):
        context = {"assessment": assessment, "form": form, "conflict": conflict}
        return render(request, "assessments/targets.html", context, status=409 if conflict else 200)

    if request.method != "POST":
        return page(TargetsForm(initial={"version": assessment.version}, **choices))

    def conflict_page(form, error):
        # The latest targets, with the other person's changes beside what was typed.
        latest = {"ratings": selectors.ratings_for_assessment(error.current)}
        latest["levels"] = choices["levels"]
        shown = [r for r in latest["ratings"] if not r.not_applicable]
        conflict = targets_conflict(
            request.POST,
            error.current,
            shown,
            choices["levels"],
            since=form.cleaned_data["version"],
            user=request.user,
        )
        again = form_again(TargetsForm, conflict.data, conflict.error, **latest)
        again.show_changes(conflict.changes)
        return page(again, conflict)

    shown = post_form(
        request,
        TargetsForm,
        page=page,
        assessment=assessment,
        task=TARGETS,
        conflict=conflict_page,
        initial={"version": assessment.version},  # drawn in place of a tampered version
        save=lambda form: board_services.assessment_targets_update(
            user=request.user,
            assessment_id=assessment.pk,
            expected_version=form.cleaned_data["version"],
            targets=form.targets(),
            seen=form.seen(),
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
