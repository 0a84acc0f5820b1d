"""The scale's own words for scores: bands of whole percentages, one per level.

Pure Python like ``scoring``, which names every band through this module. A band follows
the figure readers see, so the rounding readers see (``half_up``) lives here too, and
``reporting.number_format`` formats every figure with it.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

# (lower bound in whole per cent, label), lowest band first.
Bands = tuple[tuple[int, str], ...]


def half_up(value: float) -> int:
    """A whole number, half up as people round: 12.5 -> 13, 59.615 -> 60, 62.4 -> 62.

    round() and format() round half to even (12.5 -> 12), which readers take for a
    mistake. Going through the float's shortest decimal text makes 62.5 exactly half.
    Halves go away from zero, so a fall of 2.5 points reads as 3, as a rise would.
    """
    return int(Decimal(str(value)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def validate_bands(bands: Sequence[tuple[float, str]]) -> None:
    bounds = [bound for bound, _ in bands]
    if not bounds:
        raise ValueError("At least one band is required.")
    # Every score 0..100 must land in a band, so the first band has to start at 0.
    if bounds[0] != 0:
        raise ValueError("The first band must start at 0.")
    if any(a >= b for a, b in itertools.pairwise(bounds)):
        raise ValueError("Band lower bounds must be strictly increasing (no duplicates).")
    if bounds[-1] > 100:
        raise ValueError("Band lower bounds must be within 0..100.")


def bands_from_levels(levels: Sequence[tuple[int, str]]) -> Bands:
    """The scale's own words as bands of whole percentages: ``(value, label)`` in, bands out.

    A score falls in the band of the level nearest it; a score exactly halfway between two
    levels goes to the higher one, as rounding does. On a 1 to 5 scale the levels score 0,
    25, 50, 75 and 100%, so the bands are 0 to 12%, 13 to 37%, 38 to 62%, 63 to 87% and 88
    to 100%: a service rated at the middle level throughout scores 50% and reads as that
    level's word. On a scale so fine that two levels share a whole percentage, the higher
    level's word is used.
    """
    ordered = sorted(levels)
    values = [value for value, _ in ordered]
    if len(values) < 2 or any(a >= b for a, b in itertools.pairwise(values)):
        raise ValueError("A scale needs two or more levels with different values.")
    lowest, span = values[0], values[-1] - values[0]
    bands: dict[int, str] = {}
    for index, (value, label) in enumerate(ordered):
        if index == 0:
            bands[0] = label
            continue
        # Exact arithmetic: the halfway point between this level's score and the one below.
        halfway = Fraction(100 * (values[index - 1] - lowest + value - lowest), 2 * span)
        bands[math.ceil(halfway)] = label
    return tuple(bands.items())


def band_for(score: float | None, bands: Sequence[tuple[float, str]]) -> str | None:
    """The label of the band holding ``score`` as readers see it, a whole percentage.

    A score of 59.6 is shown as 60%, so it takes the band that 60% is in: the word always
    agrees with the figure beside it and with the legend.
    """
    index = band_index(score, bands)
    return None if index is None else bands[index][1]


def band_index(score: float | None, bands: Sequence[tuple[float, str]]) -> int | None:
    """Which band holds ``score`` as readers see it (``band_for``), 0 the lowest: by place,
    not by label, as two levels of a scale may share a label (the heat map's shades)."""
    validate_bands(bands)
    if score is None:
        return None
    if score < 0:
        raise ValueError("Scores cannot be negative.")
    shown = half_up(score)
    index = 0
    for place, (bound, _) in enumerate(bands):
        if bound <= shown:
            index = place
    return index
