"""A principle saved after the assessment moved on: nothing is saved, and the page says who
moved it on and when, and shows everything that was typed so it can be copied.

Used when a lead submits (or an approver signs off) while someone who may edit drafts still
has a principle open: their save is refused by the workflow, not by their role, so it is not
"You cannot do this" (403), which would lose what they typed.
"""

from dataclasses import dataclass

from django.shortcuts import render

from partnerships.permissions import can

from .. import selectors, workflow
from ..models import AssessmentState


def may_edit_drafts(user, assessment) -> bool:
    """Whether the user's role lets them edit this assessment when it is a draft."""
    return can(user, workflow.EDIT.action, assessment.service.partnership_id)


@dataclass(frozen=True)
class Typed:
    label: str
    value: str


def _shown(bound_field) -> str:
    """What the user typed or chose in one field, as text."""
    value = bound_field.value()
    if isinstance(value, list | tuple):  # a date's day, month and year
        parts = [str(part).strip() for part in value if part not in (None, "")]
        return "/".join(parts)
    choices = getattr(bound_field.field, "choices", None)
    if choices is not None and value not in (None, ""):
        labels = {str(key): str(label) for key, label in choices}
        return labels.get(str(value), str(value))
    return "" if value is None or isinstance(value, bool) else str(value).strip()


def _typed(form) -> list[Typed]:
    rows = [Typed(str(f.label), _shown(f)) for f in form.visible_fields() if f.name != "DELETE"]
    return [row for row in rows if row.value]


def _deleting(action_form) -> bool:
    return "DELETE" in action_form.fields and bool(action_form["DELETE"].value())


def not_saved_page(request, *, assessment, rating, form, formset):
    """409: the assessment's new state, who moved it there and when, and what was typed."""
    # Read again: the assessment has moved on since this request first read it.
    assessment = selectors.assessment_get(user=request.user, pk=assessment.pk)
    actions = [
        _typed(action) for action in formset.forms if action.has_changed() and not _deleting(action)
    ]
    context = {
        "assessment": assessment,
        "rating": rating,
        "answers": _typed(form),
        "actions": [rows for rows in actions if rows],
        "submitted": assessment.state == AssessmentState.SUBMITTED,
        "signed_off": assessment.state == AssessmentState.SIGNED_OFF,
    }
    return render(request, "assessments/principle_not_saved.html", context, status=409)
