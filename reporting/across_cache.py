"""The board pack page's figures across services, kept once worked out: the heat map's
columns (every principle any service rated) and the lowest-scoring principles across
services.

Both come from every service's scores: at a hundred services by a hundred and twenty
principles, reading and averaging 12,000 scores on every request. A signed-off assessment
never changes, and neither do its stored scores, so for the same signed-off assessments
these figures are always the same. They are kept in the "figures" cache (a database table
every app server shares), under a key made from the assessments' ids, which are never
reused. A pack showing a draft is worked out on every request: its ratings can change at
any time. So is one with no lowest-scoring principle (all at 100%, or nothing rated), whose
words depend on every service's scores.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import caches

from assessments import score_figures

from .across_services import Column, LowAcrossServices

CACHE_ALIAS = "figures"


@dataclass(frozen=True)
class Across:
    """A set of assessments' columns (in the set's order) and lowest-scoring principles."""

    columns: list[Column]
    lowest: list[LowAcrossServices]


def across_key(principle_set_id: int, assessments: Iterable) -> str | None:
    """The key of these assessments' figures across services; None unless every one is
    signed off (and there is at least one)."""
    assessments = list(assessments)
    if not assessments or not all(a.is_signed_off for a in assessments):
        return None
    ids = ",".join(str(pk) for pk in sorted(a.pk for a in assessments))
    digest = hashlib.sha256(ids.encode()).hexdigest()
    # The stored scores' version: figures worked out from another shape are never read.
    return f"board-across:{score_figures.VERSION}:{principle_set_id}:{digest}"


def across_get(key: str | None) -> Across | None:
    """The figures kept under ``key``, or None when none are kept."""
    kept = None if key is None else caches[CACHE_ALIAS].get(key)
    if not kept or not kept[1]:
        return None
    columns, lowest = kept
    by_principle = {values[0]: Column(*values) for values in columns}
    return Across(
        columns=list(by_principle.values()),
        lowest=[
            LowAcrossServices(by_principle[principle_id], mean, rated_count)
            for principle_id, mean, rated_count in lowest
        ],
    )


def across_keep(key: str | None, across: Across) -> None:
    """Keep ``across`` under ``key`` (nothing without a key, or without a lowest-scoring
    principle) as plain values, which are read back several times quicker than objects."""
    if key is None or not across.lowest:
        return
    columns = [(c.principle_id, c.order, c.code, c.short_title) for c in across.columns]
    lowest = [(low.column.principle_id, low.mean, low.rated_count) for low in across.lowest]
    caches[CACHE_ALIAS].set(key, (columns, lowest))
