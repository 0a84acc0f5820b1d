"""The targets and "For the board" pages after a conflict: the latest saved values, and the
other person's change beside what you typed, so saving again never silently undoes it.

As on the weights page (``weights_conflict``), each field is sent back with the value the
page showed (``seen_<name>``). After a refused save:

- a field the user left as it was shown takes the value saved now;
- a field the user changed keeps what they typed;
- wherever the saved value differs from what was shown, a note beside it says who changed
  it (or that the user did, in another tab or window), from what and to what.

The page then shows the saved version, so saving again replaces only what the user chose to.
"""

import re
from dataclasses import dataclass

from django.http import QueryDict

from ..errors import ConflictError
from ..models import Assessment
from ..rules import as_stored
from . import who_saved
from .who_saved import Saver

_DIGITS = re.compile(r"[0-9]{1,18}")  # 0 to 9 only, and no longer than an id


@dataclass(frozen=True)
class FieldChange:
    """Another person's (or the user's, elsewhere) saved change to one field."""

    was: str  # as the page showed it
    now: str  # as saved now
    saver: Saver
    kept_yours: bool  # the user changed it too, to something else: the field keeps theirs


@dataclass(frozen=True)
class PageConflict:
    data: QueryDict  # what the form is drawn from: see the module's docstring
    changes: dict[str, FieldChange]  # by field name
    saver: Saver  # for the banner: who saved last, and when
    error: ConflictError  # in the user's words: "you" if only they saved since

    @property
    def yours(self) -> bool:
        return self.saver.yours


def _merge(data: QueryDict, assessment: Assessment, saved: dict[str, str]):
    """The data to draw the form from, and the fields whose saved value is not the one the
    page showed, with what it showed and whether the user changed it too."""
    merged = data.copy()
    merged["version"] = str(assessment.version)
    differ = {}
    for name, now in saved.items():
        if f"seen_{name}" not in data:  # a page from before this was added: keep what was typed
            continue
        shown, typed = as_stored(data.get(f"seen_{name}")), as_stored(data.get(name))
        yours = typed != shown
        if not yours:
            merged[name] = now
        merged[f"seen_{name}"] = now
        if now != shown:
            differ[name] = (shown, yours and typed != now)
    return merged, differ


def _conflict(data, assessment, differ, savers, labels) -> PageConflict:
    changes = {
        name: FieldChange(
            was=labels(shown),
            now=labels(now),
            saver=savers.get(key, who_saved.UNKNOWN),
            kept_yours=kept,
        )
        for name, (key, shown, now, kept) in differ.items()
    }
    saver = who_saved.latest(change.saver for change in changes.values())
    return PageConflict(data, changes, saver, ConflictError(assessment, yours=saver.yours))


def summary_conflict(data: QueryDict, assessment: Assessment, *, since: int, user):
    """What "For the board" shows after a conflict: ``assessment`` as saved now, ``since``
    the version the page was opened at."""
    fields = {"summary": "lead_summary", "board_ask": "board_ask"}
    merged, differ = _merge(
        data, assessment, {name: getattr(assessment, field) for name, field in fields.items()}
    )
    savers = {}
    if differ:
        seen = {fields[name]: shown for name, (shown, _) in differ.items()}
        savers = who_saved.assessment_savers(assessment, since=since, seen=seen, user=user)
    differ = {
        name: (fields[name], shown, getattr(assessment, fields[name]), kept)
        for name, (shown, kept) in differ.items()
    }
    return _conflict(merged, assessment, differ, savers, lambda text: text)


def targets_conflict(data: QueryDict, assessment: Assessment, ratings, levels, *, since, user):
    """What the targets page shows after a conflict: ``assessment`` and ``ratings`` (those
    that may have a target) as saved now, ``since`` the version the page was opened at."""
    saved = {f"target_{r.pk}": str(r.target_level_id or "") for r in ratings}
    merged, differ = _merge(data, assessment, saved)
    ids = {f"target_{r.pk}": r.pk for r in ratings}
    savers = {}
    if differ:
        seen = {ids[name]: _level_id(shown) for name, (shown, _) in differ.items()}
        savers = who_saved.rating_savers(
            assessment, since=since, seen=seen, value=lambda r: r.target_level_id, user=user
        )
    names = {str(level.pk): f"{level.value} – {level.label}" for level in levels}
    differ = {name: (ids[name], shown, saved[name], kept) for name, (shown, kept) in differ.items()}
    return _conflict(merged, assessment, differ, savers, lambda pk: names.get(pk, "no target"))


def _level_id(text: str) -> int | str | None:
    """A target as the page showed it, as the history stores it (text if it was tampered)."""
    if text == "":
        return None
    return int(text) if _DIGITS.fullmatch(text) else text
