"""The weights page after a conflict: the latest saved weights, and the other person's change
beside what you typed, so saving again never silently undoes their change.

The page sends back, with each weight and reason, the values it showed (``seen_weight_<id>``,
``seen_reason_<id>``). After a refused save:

- a weight and reason the user left as they were shown take the saved values now;
- a weight or reason the user changed keeps what they typed;
- wherever the saved value differs from what was shown, a note beside it says who changed
  it (or that the user did, in another tab or window), from what, to what, and why.

The page then shows the saved version, so saving again replaces only what the user chose to.
The same values let a save that changes none of the page's weights through when someone
saved something else (the targets, say) meanwhile: ``seen_weights``.
"""

import re
from dataclasses import dataclass

from django.http import QueryDict

from ..errors import ConflictError
from ..models import Assessment, Rating
from ..rules import as_stored
from . import who_saved

_WHOLE = re.compile(r"[0-9]{1,3}")


@dataclass(frozen=True)
class WeightChange:
    """Another person's saved change to one principle's weight, for the note beside it."""

    weight: int
    reason: str
    was_weight: int | None  # None when the page sent something that was not a weight
    was_reason: str
    kept_yours: bool  # the user changed this weight too: the box keeps theirs
    saver: who_saved.Saver | None = None  # who changed it; None: the banner's ``saved_by``


@dataclass(frozen=True)
class WeightsConflict:
    data: QueryDict
    changes: dict[str, WeightChange]
    saved_by: str
    saved_at: object  # an aware datetime, or None
    yours: bool  # only the user saved these weights since, in another tab or window
    error: ConflictError  # in the user's words: "you" where ``yours``


def _weight(value) -> str:
    """A weight as typed, compared as a number where it is one ("02" is 2)."""
    text = str(value or "").strip()
    return str(int(text)) if _WHOLE.fullmatch(text) else text


def seen_weights(data: QueryDict, ratings: list[Rating]) -> dict[int, tuple[int, str]] | None:
    """Each weight and reason as the page showed them, by rating id, for the service; None
    from a page without them, or with a weight that is not a whole number (a broken page:
    its save is checked by version alone)."""
    seen = {}
    for rating in ratings:
        weight = _weight(data.get(f"seen_weight_{rating.pk}"))
        if f"seen_weight_{rating.pk}" not in data or not _WHOLE.fullmatch(weight):
            return None
        reason = as_stored(data.get(f"seen_reason_{rating.pk}"))
        seen[rating.pk] = (int(weight), reason)
    return seen


def weights_conflict(
    data: QueryDict, assessment: Assessment, ratings: list[Rating], *, since: int, user
) -> WeightsConflict:
    """What the page shows after a conflict: ``ratings`` and ``assessment`` as saved now,
    ``since`` the version the page was opened at."""
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
            changes[str(rating.pk)] = (rating, shown, yours)
    savers = {}
    if changes:
        seen = {rating.pk: shown for rating, shown, _ in changes.values()}
        savers = who_saved.rating_savers(
            assessment,
            since=since,
            seen=seen,
            value=lambda r: (str(r.weight), r.weight_reason),
            user=user,
        )
    changes = {
        key: WeightChange(
            weight=rating.weight,
            reason=rating.weight_reason,
            was_weight=int(shown[0]) if _WHOLE.fullmatch(shown[0]) else None,
            was_reason=shown[1],
            kept_yours=yours,
            saver=savers.get(rating.pk, who_saved.UNKNOWN),
        )
        for key, (rating, shown, yours) in changes.items()
    }
    saver = who_saved.latest(change.saver for change in changes.values())
    return WeightsConflict(
        data=merged,
        changes=changes,
        saved_by=saver.name,
        saved_at=saver.at,
        yours=saver.yours,
        error=ConflictError(assessment, yours=saver.yours),
    )
