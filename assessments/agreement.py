"""How far a team's individual ratings of one principle agree: plain values in, a frozen
dataclass out, like ``scoring`` and as free of Django.

The rule a published SCIROCCO consensus (Delphi) study applied to 12 raters: a principle
is "split" when at least four ratings lie outside a three-level region containing the
median. Generalised to any team size: split when at least a third of the ratings
(rounded up) lie outside the best three-level window that contains the median, the
best window being the one that holds the most ratings.
"""

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

AGREEMENT_WINDOW = 3  # levels


@dataclass(frozen=True)
class Agreement:
    """How far a team's individual ratings of one principle agree; None when nobody rated."""

    count: int
    median: float | None
    lowest: int | None
    highest: int | None
    window: tuple[int, int] | None  # the best window's lowest and highest level
    outside: int  # ratings outside that window
    split: bool

    @property
    def agreed(self) -> bool:
        return self.count > 0 and not self.split


def agreement(levels: Sequence[int]) -> Agreement:
    """Count, median, range and split/agreed for individual levels (not applicable excluded)."""
    if not levels:
        return Agreement(0, None, None, None, None, 0, False)
    median = statistics.median(levels)
    span = AGREEMENT_WINDOW - 1
    # Windows [low, low + span] on whole levels that contain the median.
    candidates = range(math.ceil(median - span), math.floor(median) + 1)
    inside, low = max(
        (sum(low <= level <= low + span for level in levels), -low) for low in candidates
    )
    low = -low  # ties go to the lowest window, so the result is deterministic
    outside = len(levels) - inside
    return Agreement(
        count=len(levels),
        median=median,
        lowest=min(levels),
        highest=max(levels),
        window=(low, low + span),
        outside=outside,
        split=outside >= math.ceil(len(levels) / 3),
    )
