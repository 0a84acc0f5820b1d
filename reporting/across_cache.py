"""The board pack page's lowest-scoring principles across services, kept once worked out.

They average each principle's score over every service in the pack: at a hundred services
by a hundred and twenty principles, reading and averaging 12,000 scores on every request.
A signed-off assessment never changes, and neither do its stored scores, so for the same
signed-off assessments the averages are always the same. They are kept in the "figures"
cache (a database table every app server shares), under a key made from the assessments'
ids, which are never reused. A pack showing a draft is worked out on every request: its
ratings can change at any time.
"""

import hashlib
from collections.abc import Iterable

from django.core.cache import caches

from assessments import score_figures

from .across_services import Column, LowAcrossServices

CACHE_ALIAS = "figures"


def across_key(principle_set_id: int, assessments: Iterable) -> str | None:
    """The key of these assessments' figures across services; None unless every one is
    signed off (and there is at least one)."""
    assessments = list(assessments)
    if not assessments or not all(a.is_signed_off for a in assessments):
        return None
    ids = ",".join(str(pk) for pk in sorted(a.pk for a in assessments))
    digest = hashlib.sha256(ids.encode()).hexdigest()
    # The stored scores' version: figures worked out from another shape are never read.
    return f"board-lowest:{score_figures.VERSION}:{principle_set_id}:{digest}"


def lowest_get(key: str | None) -> list[LowAcrossServices] | None:
    """The lowest-scoring principles kept under ``key``, or None when none are kept."""
    kept = None if key is None else caches[CACHE_ALIAS].get(key)
    if kept is None:
        return None
    return [
        LowAcrossServices(Column(principle_id, order, code, title), mean, rated_count)
        for principle_id, order, code, title, mean, rated_count in kept
    ]


def lowest_keep(key: str | None, lowest: list[LowAcrossServices]) -> None:
    """Keep ``lowest`` under ``key`` (nothing when there is no key) as plain values, which
    are read back several times quicker than the objects."""
    if key is not None:
        kept = [
            (c.principle_id, c.order, c.code, c.short_title, low.mean, low.rated_count)
            for low in lowest
            for c in (low.column,)
        ]
        caches[CACHE_ALIAS].set(key, kept)
