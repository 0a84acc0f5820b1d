"""The weights page after a conflict: the latest saved weights, and the other person's change
beside what you typed, so saving again never silently undoes their change.

The page sends back, with each weight and reason, the values it showed (``seen_weight_<id>``,
``seen_reason_<id>``). After a refused save:

- a weight and reason the user left as they were shown take the saved values now;
- a weight or reason the user changed keeps what they typed;
- wherever the saved value differs from what was shown, a note beside it says who changed
  it, from what, to what, and why.

The page then shows the saved version, so saving again replaces only what the user chose to.
"""

import re
from dataclasses import dataclass

from django.http import QueryDict
from django.utils import timezone

from ..models import Assessment, Rating

_WHOLE = re.compile(r"[0-9]{1,3}")


@dataclass(frozen=True)
class WeightChange:
    """Another person's saved change to one principle's weight, for the note beside it."""

    weight: int
    reason: str
    was_weight: int | None  # None when the page sent something that was not a weight
    was_reason: str
    kept_yours: bool  # the user changed this weight too: the box keeps theirs


@dataclass(frozen=True)
class WeightsConflict:
    data: QueryDict
    changes: dict[str, WeightChange]
    saved_by: str
    saved_at: object  # an aware datetime, or None


def _weight(value) -> str:
    """A weight as typed, compared as a number where it is one ("02" is 2)."""
    text = str(value or "").strip()
    return str(int(text)) if _WHOLE.fullmatch(text) else text


def weights_conflict(data: QueryDict, assessment: Assessment, ratings: list[Rating]):
    """What the page shows after a conflict: ``ratings`` and ``assessment`` as saved now."""
    merged = data.copy()
    merged["version"] = str(assessment.version)
    changes = {}
    for rating in ratings:
        weight, reason = f"weight_{rating.pk}", f"reason_{rating.pk}"
        seen_weight, seen_reason = f"seen_weight_{rating.pk}", f"seen_reason_{rating.pk}"
        saved = (str(rating.weight), rating.weight_reason)
        if seen_weight not in data:  # a page from before this was added: keep what was typed
            continue
        shown = (_weight(data.get(seen_weight)), data.get(seen_reason, "").strip())
        typed = (_weight(data.get(weight)), data.get(reason, "").strip())
        yours = typed != shown
        if not yours:
            merged[weight], merged[reason] = saved
        merged[seen_weight], merged[seen_reason] = saved
        if saved != shown:
            changes[str(rating.pk)] = WeightChange(
                weight=rating.weight,
                reason=rating.weight_reason,
                was_weight=int(shown[0]) if _WHOLE.fullmatch(shown[0]) else None,
                was_reason=shown[1],
                kept_yours=yours,
            )
    last = assessment.history.select_related("history_user").order_by("-history_date").first()
    user = last.history_user if last else None
    return WeightsConflict(
        data=merged,
        changes=changes,
        saved_by=(user.name or user.username) if user else "Someone else",
        saved_at=timezone.localtime(last.history_date) if last else None,
    )
