"""Principles' and rating levels' words as they were at a moment, for a draft's history.

A draft's history words each change as it read when it was made: an admin renaming a
principle's code or a level's label today never rewrites what was recorded on 9 November.
django-simple-history keeps every saved version of principles and levels; each is read
here with the rows as they are now in one query (a UNION), however many entries there are.

The shipped sets and scale are loaded by ``loaddata``, which records no version; the
release step records a first one ("+") for each row it loads, and for rows loaded before it
did so, dated when it ran: such a row read the same from its loading until then. A row an
admin edited before the release step first recorded one has that edit as its first version:
what it read before then is not in its history. Until then it never changed (every later
save is recorded), and the text frozen on the ratings of an assessment submitted before
that edit says what it was; one more query reads those, only when some row has such a gap.
With no such assessment either, the row reads as it is now, which is all that is known.
"""

import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import (
    Case,
    CharField,
    DateTimeField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from principles.models import Principle, RatingLevel

from .models import Rating


@dataclass(frozen=True)
class AsAt:
    """Some rows' values now, every version of them (oldest first), and for a row whose
    first version is a change, its values before it where a frozen rating tells them."""

    now: dict[int, tuple] = field(default_factory=dict)
    dates: dict[int, list[datetime]] = field(default_factory=dict)
    versions: dict[int, list[tuple]] = field(default_factory=dict)
    gaps: set[int] = field(default_factory=set)  # first version a change ("~"), not "+"
    before: dict[int, tuple] = field(default_factory=dict)

    def at(self, pk: int | None, moment: datetime) -> tuple | None:
        """The row's values at ``moment``: its latest version saved by then; before its
        first version, as created when that is a "+", as known before it when a change,
        else as now; None for no row."""
        dates = self.dates.get(pk, [])
        index = bisect.bisect_right(dates, moment)
        if index:
            return self.versions[pk][index - 1]
        if dates and pk not in self.gaps:
            # A row is named only once it exists, so a "+" later than an entry naming it was
            # recorded after the row was loaded (``principles.services``): the row read so
            # from its loading until then, as any save since would have been a version.
            return self.versions[pk][0]
        return self.before.get(pk) or self.now.get(pk)


def level_text(value: int, label: str) -> str:
    """A level as every page words it: its value, an en dash and its label."""
    return f"{value} – {label}" if label else str(value)


@dataclass(frozen=True)
class Wording:
    """How one assessment's entries name its principles and levels.

    ``labels`` names each rating's principle by rating id, and ``levels`` each level by id:
    as frozen at submission, else as now. A rating in ``as_was`` (a draft's) is named, with
    its levels, as they read at each entry's moment instead.
    """

    labels: dict[int, str]
    levels: dict[int, str]
    principles: AsAt = field(default_factory=AsAt)
    scale: AsAt = field(default_factory=AsAt)
    as_was: frozenset[int] = frozenset()
    principle_of: dict[int, int] = field(default_factory=dict)  # by rating id

    def principle(self, rating_id: int, moment: datetime) -> str:
        """The rating's principle as "NV-01 Person-centred"."""
        if rating_id in self.as_was:
            found = self.principles.at(self.principle_of.get(rating_id), moment)
            if found:
                return f"{found[0]} {found[1]}"
        return self.labels.get(rating_id, "a principle")

    def levels_at(self, rating_id: int, ids, moment: datetime) -> dict[int, str]:
        """Words (``level_text``) for the levels ``ids`` chosen for the rating, by id."""
        if rating_id not in self.as_was:
            return self.levels
        return {pk: level_text(*found) for pk in ids if pk and (found := self.scale.at(pk, moment))}


def principles_as_at(principle_set_id: int) -> AsAt:
    """The set's principles' (code, short title), now and as they were: one query."""
    return _as_at(
        Principle.objects.filter(principle_set_id=principle_set_id),
        Principle.history.filter(principle_set_id=principle_set_id),
        ("code", "short_title"),
    )


def levels_as_at(scale_id: int) -> AsAt:
    """The scale's levels' (value, label), now and as they were: one query."""
    return _as_at(
        RatingLevel.objects.filter(scale_id=scale_id),
        RatingLevel.history.filter(scale_id=scale_id),
        ("value", "label"),
    )


def gaps_fill(*, principle_set_id: int, principles: AsAt, levels: AsAt) -> None:
    """Fill ``before`` of the rows whose first version is a change, from the text frozen on
    ratings of assessments submitted before it: one query, none without such a row."""
    if not principles.gaps and not levels.gaps:
        return
    # Every partnership's submissions of a shared set hold frozen words: the database picks,
    # for each row with a gap, only the latest rating submitted before its first version, so
    # what is read stays one rating a gap however many submissions there are.
    chosen = Q()
    for model, column, rows in (
        (Principle, "principle_id", principles),
        (RatingLevel, "level_id", levels),
    ):
        if rows.gaps:
            chosen |= Q(pk__in=_latest_before(model, column, rows, principle_set_id))
    frozen = (
        Rating.objects.filter(chosen)
        .order_by("assessment__submitted_at", "pk")
        .values_list(
            "assessment__submitted_at",
            "principle_id",
            "frozen_code",
            "frozen_short_title",
            "level_id",
            "frozen_level_value",
            "frozen_level_label",
        )
    )
    for when, principle_id, code, short_title, level_id, value, label in frozen:
        # Oldest first, so the latest before the first version stays: a rating chosen for
        # its level may be an earlier one of a principle with a gap, and the reverse.
        if principle_id in principles.gaps and when < principles.dates[principle_id][0]:
            principles.before[principle_id] = (code, short_title)
        if level_id in levels.gaps and value is not None and when < levels.dates[level_id][0]:
            levels.before[level_id] = (value, label)


def _latest_before(model, column: str, rows: AsAt, principle_set_id: int) -> QuerySet:
    """For each of ``rows``' gaps, the id of the latest rating of the set holding frozen
    words, of that row, submitted before the row's first version."""
    # Each row's own first version date, as read with its versions, bounds its ratings: the
    # date the rows' history says, not one worked out again in SQL.
    first = Case(
        *(When(pk=pk, then=Value(rows.dates[pk][0])) for pk in rows.gaps),
        output_field=DateTimeField(),
    )
    frozen = Rating.objects.filter(
        principle__principle_set_id=principle_set_id,
        assessment__submitted_at__lt=OuterRef("first"),
        **{column: OuterRef("pk")},
    ).exclude(frozen_code="")
    if column == "level_id":
        frozen = frozen.filter(frozen_level_value__isnull=False)
    latest = frozen.order_by("-assessment__submitted_at", "-pk").values("pk")[:1]
    return (
        model.objects.filter(pk__in=rows.gaps)
        .order_by()
        .annotate(first=first)
        .annotate(latest=Subquery(latest))
        .values("latest")
    )


def _as_at(current: QuerySet, historical: QuerySet, fields: tuple[str, ...]) -> AsAt:
    # A current row has no history date: null tells it from its versions in the one result.
    # Expressions come after the fields in SQL, so both sides' columns line up.
    rows = current.order_by().values_list(
        "pk",
        *fields,
        Value(None, output_field=DateTimeField()),
        Value(0, output_field=IntegerField()),
        Value("", output_field=CharField()),
    )
    versions = historical.order_by().values_list(
        "id", *fields, "history_date", "history_id", "history_type"
    )
    now: dict[int, tuple] = {}
    found: dict[int, list[tuple]] = defaultdict(list)
    for pk, *values, when, history_id, kind in rows.union(versions, all=True).order_by():
        if when is None:
            now[pk] = tuple(values)
        else:
            found[pk].append((when, history_id, kind, tuple(values)))
    result = AsAt(now=now)
    for pk, records in found.items():
        records.sort(key=lambda record: record[:2])
        result.dates[pk] = [when for when, *_ in records]
        result.versions[pk] = [values for *_, values in records]
        if records[0][2] == "~":
            result.gaps.add(pk)
    return result
