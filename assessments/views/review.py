"""Check your answers and submission, return for changes, sign-off."""

from crispy_forms.layout import LayoutObject
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.html import format_html, format_html_join

from .. import board_selectors, selectors, services, workflow
from ..errors import RefusedError
from ..forms import ReturnForm, SignOffForm, SubmitWithReasonsForm
from ..models import AssessmentState
from ..wording import wording_notices
from .common import Allowed, refusal_page
from .not_saved import Task, not_saved, state_refusal

SUBMIT = Task(workflow.SUBMIT, "submit this assessment", "You have not submitted this assessment")
RETURN = Task(
    workflow.RETURN, "return this assessment for changes", "You have not returned this assessment"
)
SIGN_OFF = Task(
    workflow.SIGN_OFF, "record sign-off of this assessment", "Your sign-off has not been recorded"
)


def _transition(request, assessment, change, success: str, *, task: Task, form):
    """Run a state change and go back to the task list with what happened; if the state
    moved on meanwhile, say who moved it and show what was typed in ``form``."""
    try:
        change()
    except RefusedError as error:
        return refusal_page(
            request,
            error,
            assessment=assessment,
            moved_on=lambda: not_saved(request, assessment=assessment, task=task, form=form),
        )
    messages.success(request, success)
    return redirect("assessments:overview", pk=assessment.pk)


def check(request, pk):
    """Check your answers; a lead submits a complete draft from here."""
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    allowed = Allowed.for_user(request.user, assessment)
    ratings = selectors.ratings_for_assessment(assessment, with_actions=True)
    wording_notices(assessment, ratings)  # reworded since they were rated?
    tasks = selectors.task_list(ratings)

    needing = board_selectors.weak_without_action(assessment, ratings)
    weak_levels = board_selectors.weak_levels_words(assessment) if needing else ""
    selectors.mark_missing(ratings)  # what each incomplete principle still needs
    # Said before submitting: a partnership with nobody to sign off cannot be signed off.
    nobody_signs_off = allowed.submit and not selectors.sign_off_possible(assessment)

    def page(error: str = "", form=None):
        # After a refusal, show the saved version, so submitting again is checked against it.
        shown = selectors.assessment_get(user=request.user, pk=pk) if error else assessment
        form = form or SubmitWithReasonsForm(initial={"version": shown.version}, needing=needing)
        context = {"assessment": shown, "tasks": tasks, "allowed": allowed, "error": error}
        context |= {"submit_form": form, "needing": needing, "named": _named(ratings)}
        context["weak_levels"] = weak_levels
        context["nobody_signs_off"] = nobody_signs_off
        # As the report lists them: a principle marked not applicable has no target there.
        context["targets"] = [
            r for r in ratings if r.target_value is not None and not r.not_applicable
        ]
        return render(request, "assessments/check.html", context)

    if request.method != "POST":
        return page()
    form = SubmitWithReasonsForm(request.POST, needing=needing)
    if not allowed.submit:
        return state_refusal(
            request,
            assessment,
            SUBMIT,
            message="Only a lead can submit, and only a draft.",
            form=lambda: form,
        )
    if not form.is_valid():  # the page draws the saved version, in place of a tampered one
        return page(form=form)
    try:
        services.assessment_submit(
            user=request.user,
            assessment_id=assessment.pk,
            expected_version=form.cleaned_data["version"],
            no_action_reasons=form.reasons(),
        )
    except RefusedError as error:
        return refusal_page(
            request,
            error,
            assessment=assessment,
            again=lambda e: page(e.message),
            moved_on=lambda: not_saved(request, assessment=assessment, task=SUBMIT, form=form),
        )
    return redirect("assessments:submitted", pk=assessment.pk)


def _named(ratings) -> list:
    """The principles the last return named, so the comment can link to them."""
    return [r for r in ratings if r.named_in_return]


def submitted(request, pk):
    """Confirmation after submission, while it waits for sign-off (after that, what it said
    about the approver's next step would be untrue: the assessment's page says where it is)."""
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    if assessment.state != AssessmentState.SUBMITTED:
        return redirect("assessments:overview", pk=assessment.pk)
    return render(
        request,
        "assessments/submitted.html",
        {"assessment": assessment, "sign_off_possible": selectors.sign_off_possible(assessment)},
    )


class ListedCheckboxes(LayoutObject):
    """The principles to return, as crispy-forms-gds draws ``Field.checkboxes(small=True)``
    with a small legend, but with a fieldset inside it for each of the set's lists, its
    lead-in (such as "Services must be…") as the legend: for a set in lists (Scotland's).
    Each checkbox keeps the id it has in one list, so the error summary still finds it."""

    def __init__(self, name: str, groups):
        self.name = name
        self.fields = [name]
        self.groups = groups

    def render(self, form, context, template_pack=None, **kwargs):
        field = form[self.name]
        chosen = {str(value) for value in field.value() or ()}
        numbers = {code: n for n, (code, _) in enumerate(field.field.choices, start=1)}
        labels = dict(field.field.choices)
        errors = [f"{field.auto_id}_{n}_error" for n in range(1, len(field.errors) + 1)]

        def box(code):
            n = numbers[code]
            return format_html(
                '<div class="govuk-checkboxes__item"><input type="checkbox" name="{}" '
                'class="govuk-checkboxes__input" id="id_{}_{}" value="{}"{}>'
                '<label class="govuk-label govuk-checkboxes__label" for="id_{}_{}">{}</label>'
                "</div>",
                field.html_name,
                field.html_name,
                n,
                code,
                " checked" if code in chosen else "",
                field.html_name,
                n,
                labels[code],
            )

        lists = format_html_join(
            "\n",
            '<fieldset class="govuk-fieldset govuk-!-margin-bottom-4">'
            '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{}</legend>'
            '<div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">'
            "{}</div></fieldset>",
            (
                (
                    group.heading,
                    format_html_join("", "{}", ((box(r.principle.code),) for r in group.ratings)),
                )
                for group in self.groups
            ),
        )
        return format_html(
            '<div id="div_{}" class="govuk-form-group{}">'
            '<fieldset class="govuk-fieldset" aria-describedby="{}">'
            '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{}</legend>'
            '<div id="{}_hint" class="govuk-hint">{}</div>{}{}</fieldset></div>',
            field.auto_id,
            " govuk-form-group--error" if errors else "",
            " ".join([f"{field.auto_id}_hint", *errors]),
            field.label,
            field.auto_id,
            field.help_text,
            format_html_join(
                "",
                '<p id="{}_{}_error" class="govuk-error-message">'
                '<span class="govuk-visually-hidden">Error:</span> {}</p>',
                ((field.auto_id, n, e) for n, e in enumerate(field.errors, start=1)),
            ),
            lists,
        )


def _return_page(request, assessment, form, ratings):
    """The return page; for a set in lists (Scotland's), its principles list by list."""
    groups = selectors.set_lists(ratings)
    if groups:
        form.helper.layout.fields[1] = ListedCheckboxes("codes", groups)
    return render(request, "assessments/return.html", {"assessment": assessment, "form": form})


def return_for_changes(request, pk):
    """A lead or approver sends a submitted assessment back to draft with a comment."""
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    if not Allowed.for_user(request.user, assessment).return_:
        return state_refusal(
            request,
            assessment,
            RETURN,
            message="Only a lead or approver can return a submitted assessment.",
            form=lambda: ReturnForm(
                request.POST, ratings=selectors.ratings_for_assessment(assessment)
            ),
        )
    ratings = selectors.ratings_for_assessment(assessment)
    if request.method == "POST":
        # The saved version, drawn only in place of a tampered one (forms.fields.VersionField).
        saved = {"version": assessment.version}
        form = ReturnForm(request.POST, initial=saved, ratings=ratings)
        if form.is_valid():
            return _transition(
                request,
                assessment,
                lambda: services.assessment_return(
                    user=request.user,
                    assessment_id=assessment.pk,
                    expected_version=form.cleaned_data["version"],
                    comment=form.cleaned_data["comment"],
                    codes=form.cleaned_data["codes"],
                ),
                f"{assessment.title} has been returned for changes",
                task=RETURN,
                form=form,
            )
    else:
        form = ReturnForm(initial={"version": assessment.version}, ratings=ratings)
    return _return_page(request, assessment, form, ratings)


def sign_off(request, pk):
    """An approver records the board's decision on a submitted assessment."""
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    if not Allowed.for_user(request.user, assessment).sign_off:
        return state_refusal(
            request,
            assessment,
            SIGN_OFF,
            message="Only an approver can record sign-off of a submitted assessment.",
            form=lambda: SignOffForm(request.POST),
        )
    if request.method == "POST":
        # The saved version, drawn only in place of a tampered one (forms.fields.VersionField).
        saved = {"version": assessment.version}
        form = SignOffForm(request.POST, initial=saved, period=assessment.period)
        if form.is_valid():
            data = form.cleaned_data
            return _transition(
                request,
                assessment,
                lambda: services.assessment_sign_off(
                    user=request.user,
                    assessment_id=assessment.pk,
                    expected_version=data["version"],
                    body=data["body"],
                    decision=data["decision"],
                    decision_date=data["decision_date"],
                    minute_reference=data["minute_reference"],
                ),
                f"Sign-off of {assessment.title} has been recorded",
                task=SIGN_OFF,
                form=form,
            )
    else:
        form = SignOffForm(
            initial={
                "version": assessment.version,
                "body": assessment.service.partnership.signoff_body,
            }
        )
    return render(
        request,
        "assessments/sign_off.html",
        {"assessment": assessment, "form": form, **board_selectors.signing_off(assessment)},
    )
