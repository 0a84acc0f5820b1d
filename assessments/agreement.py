"""How far a team's individual ratings of one principle agree: plain values in, a frozen
dataclass out, like ``scoring`` and as free of Django.

The rule a published SCIROCCO consensus (Delphi) study applied to 12 raters: a principle
is "split" when at least four ratings lie outside a three-level region containing the
median. Generalised to any team size: split when at least a third of the ratings
(rounded up) lie outside the best three-level window that contains the median, the
best window being the one that holds the most ratings.

A "level" is a step along the scale, not a unit of its values: admins may number a
scale's levels 10, 20, 30, 40 and 50, or 1, 2, 5 and 10, and three neighbouring levels
are still three steps. So the rule works on positions (1 for the lowest level, 2 for the
next...) and gives the median back in the scale's own values.
"""

import bisect
import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

AGREEMENT_WINDOW = 3  # levels


@dataclass(frozen=True)
class Agreement:
    """How far a team's individual ratings of one principle agree; None when nobody rated.

    ``median``, ``lowest`` and ``highest`` are in the scale's values, as people read them;
    ``window`` and ``median_position`` count the scale's levels, 1 for the lowest.
    """

    count: int
    median: float | None  # a level's value, or halfway between two neighbouring levels'
    lowest: int | None
    highest: int | None
    window: tuple[int, int] | None  # the best window's lowest and highest position
    outside: int  # ratings outside that window
    split: bool
    median_position: float | None = None

    @property
    def agreed(self) -> bool:
        return self.count > 0 and not self.split

    @property
    def median_on_a_level(self) -> bool:
        """Whether the median is one of the scale's levels, not between two of them."""
        return self.median_position is not None and self.median_position == int(
            self.median_position
        )


def agreement(levels: Sequence[int], scale: Iterable[int] | None = None) -> Agreement:
    """Count, median, range and split/agreed for individual levels (not applicable excluded).

    ``scale`` is the values of the scale's levels, so that the rule counts steps along it;
    a level given that the scale lacks (changed some other way) is one more step where its
    value falls. With no scale the values are the positions themselves (1, 2, 3...).
    """
    if not levels:
        return Agreement(0, None, None, None, None, 0, False)
    ordered = sorted({*scale, *levels}) if scale else None
    places = [position(level, ordered) for level in levels]
    median = statistics.median(places)
    span = AGREEMENT_WINDOW - 1
    # Windows [low, low + span] on whole positions that contain the median.
    candidates = range(math.ceil(median - span), math.floor(median) + 1)
    inside, low = max(
        (sum(low <= place <= low + span for place in places), -low) for low in candidates
    )
    low = -low  # ties go to the lowest window, so the result is deterministic
    outside = len(levels) - inside
    return Agreement(
        count=len(levels),
        median=value_at(median, ordered),
        lowest=min(levels),
        highest=max(levels),
        window=(low, low + span),
        outside=outside,
        split=outside >= math.ceil(len(levels) / 3),
        median_position=median,
    )


def position(value: float, scale: Iterable[int] | None) -> float:
    """Where ``value`` lies on the scale, counting its levels 1, 2, 3... from the lowest.

    A value between two neighbouring levels (a median halfway between them) lies as far
    between their positions; one beyond either end is a level the scale lacks, one step
    further. With no scale, a value is its own position.
    """
    ordered = sorted(set(scale)) if scale else []
    if not ordered:
        return value
    if value < ordered[0] or value > ordered[-1]:
        ordered = sorted({*ordered, value})
    above = bisect.bisect_left(ordered, value)
    if ordered[above] == value:
        return above + 1
    below = above - 1
    return above + (value - ordered[below]) / (ordered[above] - ordered[below])


def value_at(place: float, ordered: Sequence[int] | None) -> float:
    """The value at a position on the scale (``ordered`` lowest first): a level's own value,
    or between two levels as far between their values. With no scale, the position itself."""
    if not ordered:
        return place
    if place == int(place):
        return ordered[int(place) - 1]
    below, above = ordered[math.floor(place) - 1], ordered[math.ceil(place) - 1]
    return below + (place - math.floor(place)) * (above - below)
