"""Who saved each change a page did not show, and when, from the history: for the pages that,
after a conflict, show another person's change beside what the user typed.

Weights, targets and the summary share the assessment's version, so the latest save is not
always the one that changed what a page shows: each change is traced to the save that made
it, among those since the page was opened (its version). Where the history does not say (a
page sent no version that was saved), it is "Someone else", at no time.
"""

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Subquery
from django.utils import timezone

from ..models import Assessment, Rating
from .not_saved import person_name


@dataclass(frozen=True)
class Saver:
    name: str
    at: datetime | None  # local time
    yours: bool  # the user themself, in another tab or window


UNKNOWN = Saver("Someone else", None, False)


def _saver(record, user) -> Saver:
    return Saver(
        person_name(record.history_user),
        timezone.localtime(record.history_date),
        record.history_user_id is not None and record.history_user_id == user.pk,
    )


def _trace(
    records, key: Callable | None, value: Callable, seen: dict, user
) -> dict[Hashable, Saver]:
    """Who last changed each of ``seen``'s values, walking ``records`` oldest first: ``key``
    names the one value a record holds, or None for a record holding every one."""
    last, found = dict(seen), {}
    for record in records:
        for name in last if key is None else [key(record)]:
            now = value(record, name)
            if name in last and now != last[name]:
                last[name], found[name] = now, _saver(record, user)
    return found


def assessment_savers(
    assessment: Assessment, *, since: int, seen: dict[str, object], user
) -> dict[str, Saver]:
    """Who last changed each of the assessment's fields in ``seen`` (field name: the value
    the page showed) since the page was opened at version ``since``, in one query."""
    records = (
        assessment.history.filter(version__gt=since)
        .select_related("history_user")
        .order_by("version", "history_id")
    )
    return _trace(records, None, lambda record, name: getattr(record, name), seen, user)


def rating_savers(
    assessment: Assessment,
    *,
    since: int,
    seen: dict[int, object],
    value: Callable[[object], object],
    user,
) -> dict[int, Saver]:
    """Who last changed ``value`` (of a rating or its history record) of each rating in
    ``seen`` (rating id: the value the page showed) since the page was opened at version
    ``since``, in one query."""
    # Each save moves the assessment's version on after its ratings' history is written,
    # so the changes since are those after the page's version was saved.
    opened = assessment.history.filter(version=since).order_by("-history_id")
    records = (
        Rating.history.filter(
            id__in=list(seen), history_date__gt=Subquery(opened.values("history_date")[:1])
        )
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    return _trace(records, lambda record: record.id, lambda r, _: value(r), seen, user)


def latest(savers: Iterable[Saver]) -> Saver:
    """The latest of ``savers``, for the banner: "you" only if every one was the user."""
    savers = list(savers)
    known = [s for s in savers if s.at is not None]
    if not known:
        return UNKNOWN
    last = max(known, key=lambda s: s.at)
    return Saver(last.name, last.at, all(s.yours for s in savers))
