"""Improvement actions on a principle page, matched to what is saved by their id.

Someone may remove an action while another person has the page open. The second person's
change to it is then refused (``action_removed``), and their wording comes back as a new
action, with a note saying who removed it: saving again adds it, or they can remove it.
"""

import re

from django.core.exceptions import ValidationError
from django.utils import timezone

from ..models import ImprovementAction

REMOVED = "action_removed"
_ID = re.compile(r"[0-9]{1,18}")


def _posted_id(data, prefix: str) -> int | None:
    raw = str(data.get(f"{prefix}-id", "")).strip()
    return int(raw) if _ID.fullmatch(raw) else None


def _count(data, prefix: str, most: int) -> int:
    raw = str(data.get(f"{prefix}-TOTAL_FORMS", "")).strip()
    return min(int(raw), most) if _ID.fullmatch(raw) else 0


def posted_initial(data, saved: list[dict], *, prefix: str = "actions", most: int = 51):
    """Each posted action form's saved values, found by the id it sent, not by its place:
    after a removal the places move, and comparing with the wrong action would mark every
    action below it as changed. A form whose id is no longer saved gets none."""
    by_id = {row["id"]: row for row in saved}
    initial = []
    for index in range(_count(data, prefix, most)):
        initial.append(by_id.get(_posted_id(data, f"{prefix}-{index}"), {}))
    return initial


def _removal_note(rating, action_id: int) -> str:
    """Who removed the action and when, from its history (only this rating's, never another's)."""
    record = (
        ImprovementAction.history.filter(id=action_id, rating_id=rating.pk, history_type="-")
        .select_related("history_user")
        .order_by("-history_date")
        .first()
    )
    who = "Someone else"
    if record is not None and record.history_user is not None:
        who = record.history_user.name or record.history_user.username
    when = ""
    if record is not None:
        at = timezone.localtime(record.history_date)
        when = f" at {at:%H:%M} on {at.day} {at:%B %Y}"
    return (
        f"{who} removed this action{when}, after you opened this page. Your wording is kept "
        "below: save to add it as a new action, or select “Remove this action” to leave it out."
    )


def keep_removed_actions(formset, rating):
    """The formset again, each changed action that is no longer saved turned into a new one
    with a note saying who removed it. The same formset if there are none."""
    saved = set(rating.actions.values_list("pk", flat=True))
    data = formset.data.copy()
    removed = {}
    for index, form in enumerate(formset.forms):
        action_id = _posted_id(formset.data, form.prefix)
        deleting = "DELETE" in form.fields and bool(form["DELETE"].value())
        if action_id is None or action_id in saved or deleting:
            continue
        data[f"{form.prefix}-id"] = ""
        removed[index] = _removal_note(rating, action_id)
    if not removed:
        return formset
    again = type(formset)(data, prefix=formset.prefix, initial=formset.initial)
    again.is_valid()
    for index, note in removed.items():
        again.forms[index].mark_removed(ValidationError(note, code=REMOVED))
    return again
