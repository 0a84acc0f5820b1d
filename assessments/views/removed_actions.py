"""Improvement actions on a principle page, matched to what is saved by their id.

Someone may remove an action while another person has the page open. The second person's
change to it is then refused (``action_removed``), and their wording comes back as a new
action, with a note saying who removed it: saving again adds it, or they can remove it.
"""

import re

from django.core.exceptions import ValidationError

from integrated_care.templatetags.govuk_dates import govuk_datetime

from ..errors import OUT_OF_DATE_MESSAGE
from ..models import ImprovementAction

REMOVED = "action_removed"
UNKNOWN = "action_unknown"
_ID = re.compile(r"[0-9]{1,18}")


def _posted_id(data, prefix: str) -> int | None:
    raw = str(data.get(f"{prefix}-id", "")).strip()
    return int(raw) if _ID.fullmatch(raw) else None


def _count(data, prefix: str, most: int) -> int:
    raw = str(data.get(f"{prefix}-TOTAL_FORMS", "")).strip()
    return min(int(raw), most) if _ID.fullmatch(raw) else 0


def _in_place(saved: list[dict], index: int, claimed: set[int]) -> dict:
    """The saved action drawn at ``index`` when the page was opened, unless another form
    sent its id: where a tampered page's id says nothing, its place is the best guess, and
    it never lets a second form take the same action."""
    row = saved[index] if index < len(saved) else None
    if row is None or row["id"] in claimed:
        return {}
    claimed.add(row["id"])
    return row


def posted_initial(data, saved: list[dict], *, prefix: str = "actions", most: int = 51):
    """Each posted action form's saved values, found by the id it sent, not by its place:
    after a removal the places move, and comparing with the wrong action would mark every
    action below it as changed. A form whose id is no longer saved gets none; one whose id
    is not an id at all (a tampered page) gets the action in its place, so that saving
    again changes that action rather than adding a copy of it."""
    by_id = {row["id"]: row for row in saved}
    sent = [data.get(f"{prefix}-{index}-id", "") for index in range(_count(data, prefix, most))]
    ids = [_posted_id(data, f"{prefix}-{index}") for index in range(len(sent))]
    claimed = {action_id for action_id in ids if action_id in by_id}
    initial = []
    for raw, action_id in zip(sent, ids, strict=True):
        if action_id in by_id:
            initial.append(by_id[action_id])
        elif str(raw).strip() and not action_id:
            initial.append(_in_place(saved, len(initial), claimed))
        else:
            initial.append({})
    return initial


def _removals(rating, action_ids: set[int]) -> dict[int, str]:
    """Who removed each of these actions and when, from the history of this rating alone: an
    id it has no removal for was never this rating's action."""
    records = (
        ImprovementAction.history.filter(id__in=action_ids, rating_id=rating.pk, history_type="-")
        .select_related("history_user")
        .order_by("history_date")
    )
    return {record.id: _removal_note(record) for record in records}  # the latest wins


def _removal_note(record) -> str:
    who = "Someone else"
    if record.history_user is not None:
        who = record.history_user.name or record.history_user.username
    return (
        f"{who} removed this action at {govuk_datetime(record.history_date)}, after you opened "
        "this page. Your wording is kept below: save to add it as a new action, or select "
        "“Remove this action” to leave it out."
    )


def keep_removed_actions(formset, rating, saved: list[dict]):
    """The formset again, each changed action that is no longer saved turned into a new one
    with a note saying who removed it. The same formset if there are none.

    An action id this rating never had comes only from a tampered page: that form gets the
    out-of-date message and the action saved in its place (as ``posted_initial`` does),
    so saving again can never add a copy of an action.
    """
    saved_ids = {row["id"] for row in saved}
    gone = {}
    for index, form in enumerate(formset.forms):
        action_id = _posted_id(formset.data, form.prefix)
        deleting = "DELETE" in form.fields and bool(form["DELETE"].value())
        if action_id is not None and action_id not in saved_ids and not deleting:
            gone[index] = action_id
    if not gone:
        return formset
    notes = _removals(rating, set(gone.values()))
    claimed = {_posted_id(formset.data, form.prefix) for form in formset.forms} & saved_ids
    data, initial = formset.data.copy(), list(formset.initial or [])
    initial += [{}] * (len(formset.forms) - len(initial))
    for index, action_id in gone.items():
        if action_id not in notes:
            initial[index] = _in_place(saved, index, claimed)
        data[f"{formset.forms[index].prefix}-id"] = initial[index].get("id", "")
    again = type(formset)(data, prefix=formset.prefix, initial=initial)
    again.is_valid()
    for index, action_id in gone.items():
        if action_id in notes:
            again.forms[index].mark_removed(ValidationError(notes[action_id], code=REMOVED))
        else:
            again.forms[index].add_error(None, ValidationError(OUT_OF_DATE_MESSAGE, code=UNKNOWN))
    return again
