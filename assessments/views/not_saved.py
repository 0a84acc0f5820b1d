"""A change the user's role allows but the assessment's state no longer does: the page says
what state it is in now, who moved it there and when and, for a form sent, shows everything
that was typed so it can be copied (409), nothing saved.

Used wherever someone may still have a page open when a lead submits, an approver signs off
or returns the assessment, or a lead opens team agreement: their change is refused by the
workflow, not by their role, so it is not "You cannot do this" (403), which would blame
their role and lose what they typed. Someone whose role never allows the change still gets
the 403.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from partnerships.permissions import can

from .. import selectors, workflow
from ..models import AssessmentState, RatingPhase


@dataclass(frozen=True)
class Typed:
    label: str
    value: str


@dataclass(frozen=True)
class Section:
    """What was typed in one part of a form, under its heading ("" for none)."""

    heading: str
    rows: list[Typed]
    empty: str = ""  # shown when nothing was typed here; "" leaves the section out


def _shown(bound_field) -> str:
    """What the user typed or chose in one field, as text."""
    value = bound_field.value()
    choices = getattr(bound_field.field, "choices", None)
    labels = {str(key): str(label) for key, label in choices} if choices is not None else {}
    if isinstance(value, list | tuple):  # boxes ticked, or a date's day, month and year
        parts = [str(part).strip() for part in value if part not in (None, "")]
        if labels:
            return ", ".join(labels.get(part, part) for part in parts)
        return "/".join(parts)
    if labels and value not in (None, ""):
        return labels.get(str(value), str(value))
    return "" if value is None or isinstance(value, bool) else str(value).strip()


def typed(form, names=None) -> list[Typed]:
    """Each visible field's label and what was typed in it, leaving out empty ones;
    ``names`` picks and orders the fields."""
    fields = [form[name] for name in names] if names is not None else form.visible_fields()
    rows = [Typed(str(f.label), _shown(f)) for f in fields if f.name != "DELETE"]
    return [row for row in rows if row.value]


def everything_typed(form) -> list[Section]:
    return [Section("", typed(form))]


@dataclass(frozen=True)
class Task:
    """A change a page makes, in the words its refusal uses."""

    transition: workflow.Transition
    doing: str  # as in "You cannot change the weights now"
    not_saved: str  # the heading after a form was sent: "Your weights have not been saved"
    # How to show what a form sent for this change held; None where nothing is typed.
    sections: Callable[[Form], list[Section]] | None = everything_typed


@dataclass(frozen=True)
class Back:
    url: str
    label: str


def back_to_assessment(assessment) -> Back:
    return Back(reverse("assessments:overview", args=[assessment.pk]), f"Go to {assessment.title}")


@dataclass(frozen=True)
class MovedOn:
    """What the assessment's state or rating phase is now, who moved it there and when."""

    who: str  # "" when nobody did (a phase it was started in)
    did: str  # "submitted this assessment for sign-off"
    when: datetime | None
    so: str  # what that means for the change
    # For a form sent: what to do with what was typed ("" for nothing to add).
    advice: str = ""


def person_name(user, *, viewer=None) -> str:
    """Who did something, as these pages name them: "Someone" for an account since deleted,
    and "You" for the ``viewer`` themselves (a double click, or another tab)."""
    if user is None:
        return "Someone"
    if viewer is not None and user.pk == viewer.pk:
        return "You"
    return user.name or user.username


def moved_on(assessment, transition: workflow.Transition, *, viewer=None) -> MovedOn:
    """Why the assessment's state (or, where the state allows the change, its rating phase)
    refuses ``transition``, as ``workflow.check`` decides between the two; whoever moved it
    is "You" to the ``viewer`` who did."""
    a = assessment

    def name(user) -> str:
        return person_name(user, viewer=viewer)

    if transition.allows(a):  # moved on and back during the save: nothing to name
        return MovedOn("", "", None, "It cannot be changed in this way now.")
    if transition.starts_from(a.state):
        if a.rating_phase == RatingPhase.AGREEMENT:
            return MovedOn(
                name(a.agreement_opened_by),
                "opened agreement",
                a.agreement_opened_at,
                workflow.PHASE_REFUSALS[RatingPhase.AGREEMENT],
            )
        if a.rating_phase == RatingPhase.INDIVIDUAL:
            return _rating_individually(a, viewer)
        return MovedOn("", "", None, workflow.PHASE_REFUSALS[a.rating_phase])
    if a.state == AssessmentState.SIGNED_OFF:
        return MovedOn(
            name(a.signed_off_by),
            "recorded the board's sign-off of this assessment",
            a.signed_off_at,
            "A signed-off assessment cannot be changed.",
        )
    if a.state == AssessmentState.SUBMITTED:
        return MovedOn(
            name(a.submitted_by),
            "submitted this assessment for sign-off",
            a.submitted_at,
            "It cannot be changed while it waits for sign-off.",
            "If what you typed needs to go in, ask a lead or approver to return it for changes.",
        )
    if a.returned_at:
        return MovedOn(
            name(a.returned_by),
            "returned this assessment for changes",
            a.returned_at,
            "It is a draft again: it can be returned or signed off once a lead submits it.",
        )
    return MovedOn(
        name(a.created_by),
        "started this assessment",
        a.created_at,
        "It has not been submitted for sign-off, so it cannot be returned or signed off yet.",
    )


def _rating_individually(assessment, viewer) -> MovedOn:
    """Who switched the draft to individual ratings first, and when, from its history (no
    column keeps it); nobody if it was started that way."""
    record = (
        assessment.history.filter(rating_phase=RatingPhase.INDIVIDUAL)
        .select_related("history_user")
        .order_by("history_date", "history_id")
        .first()
    )
    so = workflow.PHASE_REFUSALS[RatingPhase.INDIVIDUAL]
    if record is None or record.history_type == "+":
        return MovedOn("", "", None, so)
    who = person_name(record.history_user, viewer=viewer)
    return MovedOn(who, "switched this assessment to individual ratings", record.history_date, so)


def role_allows(user, transition: workflow.Transition, assessment) -> bool:
    """Whether the user's role allows the change, whatever the assessment's state."""
    return can(user, transition.action, assessment.service.partnership_id)


def may_edit_drafts(user, assessment) -> bool:
    """Whether the user's role lets them edit this assessment when it is a draft."""
    return role_allows(user, workflow.EDIT, assessment)


def not_now(
    request,
    *,
    assessment,
    task: Task | None = None,
    back: Back | None = None,
    title: str = "",
    moved: MovedOn | None = None,
    status: int = 200,
) -> HttpResponse:
    """The page for a change the state does not allow now: what happened, and a way back.

    ``title`` and ``moved`` say it instead of ``task``'s words and the state's, for a page
    refused for another reason (a rater removed, say), with its ``status``."""
    context = {
        "assessment": assessment,
        "title": title or f"You cannot {task.doing} now",
        "moved": moved or moved_on(assessment, task.transition, viewer=request.user),
        "back": back or back_to_assessment(assessment),
    }
    return render(request, "assessments/not_now.html", context, status=status)


def not_saved(
    request,
    *,
    assessment,
    task: Task,
    form: Form | None,
    sections: list[Section] | None = None,
    back: Back | None = None,
    template: str = "assessments/not_saved.html",
    moved: MovedOn | None = None,
    status: int = 409,
    **extra,
) -> HttpResponse:
    """409: the assessment's new state, who moved it there and when, and what was typed.

    ``moved`` says what happened instead, for a refusal that is not the state's (with its
    ``status``: 403 for one the user's role refuses)."""
    # Read again: the assessment may have moved on during this request (a refused save).
    assessment = selectors.assessment_get(user=request.user, pk=assessment.pk)
    if sections is None and task.sections is not None and form is not None:
        sections = task.sections(form)
    if sections is not None and not any(s.rows or s.empty for s in sections):
        sections = [Section("", [], empty="You had not typed anything.")]
    context = {
        "assessment": assessment,
        "heading": task.not_saved,
        "moved": moved or moved_on(assessment, task.transition, viewer=request.user),
        "sections": sections,
        "back": back or back_to_assessment(assessment),
        **extra,
    }
    return render(request, template, context, status=status)


def state_refusal(
    request,
    assessment,
    task: Task,
    *,
    message: str,
    form: Callable[[], Form] | None = None,
    back: Back | None = None,
) -> HttpResponse:
    """What a page answers when the workflow refuses ``task``: "You cannot do this" (403,
    with ``message``) if the user's role never allows it; else the state page, or for a
    form sent (``form`` makes it from what was sent) the 409 with what was typed."""
    if not role_allows(request.user, task.transition, assessment):
        raise PermissionDenied(message)
    if request.method != "POST":
        return not_now(request, assessment=assessment, task=task, back=back)
    sent = form() if form is not None else None
    return not_saved(request, assessment=assessment, task=task, form=sent, back=back)


def _deleting(action_form) -> bool:
    return "DELETE" in action_form.fields and bool(action_form["DELETE"].value())


EDIT_PRINCIPLE = Task(workflow.EDIT, "change this principle", "Your answers have not been saved.")


def not_saved_page(request, *, assessment, rating, form, formset):
    """A principle's answers and improvement actions, not saved (409)."""
    actions = [
        typed(action) for action in formset.forms if action.has_changed() and not _deleting(action)
    ]
    sections = [
        Section("", typed(form), empty="You had not chosen a rating or typed any evidence."),
        *(
            Section(f"Improvement action {n}", rows)
            for n, rows in enumerate([rows for rows in actions if rows], 1)
        ),
    ]
    return not_saved(
        request,
        assessment=assessment,
        task=EDIT_PRINCIPLE,
        form=form,
        sections=sections,
        template="assessments/principle_not_saved.html",
        rating=rating,
    )
