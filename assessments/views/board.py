"""What the lead prepares for the board: the summary and the board's ask, and targets.

Both pages send back what they showed, so a save is refused only if someone changed one of
the page's own fields since it was opened, and the page then shows their change beside what
was typed (``board_conflict``) rather than drawing the stale copy again.
"""

from crispy_forms.layout import LayoutObject
from crispy_forms_gds.layout import Field, Size
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .. import board_services, selectors, workflow
from ..forms import BoardSummaryForm, TargetsForm
from ..forms.board import change_note
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


class ListFieldset(LayoutObject):
    """A fieldset for one of a set's lists, its lead-in (such as "Services must be…") as
    the legend. Written here, not as crispy's Fieldset, whose legend is a template: the
    lead-in is an admin's text, so it is escaped and never read as template code."""

    def __init__(self, heading: str, *fields):
        self.heading = heading
        self.fields = list(fields)

    def render(self, form, context, template_pack=None, **kwargs):
        inner = self.get_rendered_fields(form, context, **kwargs)
        return format_html(
            '<div class="govuk-form-group"><fieldset class="govuk-fieldset">'
            '<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">{}</legend>'
            "{}</fieldset></div>",
            self.heading,
            mark_safe(inner),  # noqa: S308 - crispy's rendering of the form's own fields
        )


def _targets_in_lists(form: TargetsForm) -> None:
    """For a set in lists (Scotland's), the targets in a fieldset for each list with its
    lead-in as the legend, and each principle's statement, which completes the lead-in, in
    its hint; as ``TargetsForm.show_changes`` draws them otherwise, with any changes."""
    parts = []
    for group in selectors.groups_of(form.ratings):
        fields = []
        for rating in group.ratings:
            name = f"target_{rating.pk}"
            field = form.fields[name]
            field.help_text = format_html(
                '<span class="govuk-!-display-block">{}</span>{}', rating.statement, field.help_text
            )
            if name in form.changes:
                fields.append(change_note(name, "assessments/_target_change.html"))
            fields += [
                Field(name, context={"label_size": Size.for_label(Size.SMALL)}),
                f"seen_{name}",
            ]
        parts.append(ListFieldset(group.heading, *fields))
    layout = form.helper.layout
    # The principles' parts, then the version and the button, which stay as they are.
    layout.fields[: len(layout.fields) - 2] = parts


def targets(request, pk):
    """A target level for each principle, where the lead wants one."""
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    refused = _refused(
        request, assessment, TARGETS, lambda: TargetsForm(request.POST, **_choices(assessment))
    )
    if refused is not None:
        return refused
    choices = _choices(assessment)
    listed = bool(selectors.set_lists(choices["ratings"]))

    def page(form, conflict=None):
        if listed:
            _targets_in_lists(form)
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
