"""Plain scoring inputs for the pure scoring tests: the shipped 1-5 scale, its words as bands,
and one principle rated, not applicable or unrated."""

from assessments.bands import bands_from_levels
from assessments.scoring import PrincipleInput, ScaleInput

SCALE = ScaleInput(lowest=1, highest=5, values=(1, 2, 3, 4, 5))
# The shipped scale's words, as bands: 0-12%, 13-37%, 38-62%, 63-87%, 88-100%.
WORDS = ("Not evident", "Limited", "Growing", "Strengthening", "Embedded")
BANDS = bands_from_levels(tuple(zip(SCALE.values, WORDS, strict=True)))


def rated(code, weight, level, group="G1"):
    """A principle rated at ``level``."""
    return PrincipleInput(code=code, group=group, weight=weight, level=level)


def not_applicable(code, weight, group="G1"):
    """A principle marked not applicable."""
    return PrincipleInput(code=code, group=group, weight=weight, level=None, not_applicable=True)


def unrated(code, weight, group="G1"):
    """A principle not rated yet."""
    return PrincipleInput(code=code, group=group, weight=weight, level=None)
