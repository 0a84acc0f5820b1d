"""What team scoring may store: the limits its forms show and its services enforce.

As ``assessments.rules``: forms take their limits and wording from here, services call
the ``clean`` functions, so every caller meets the same rules.
"""

from collections.abc import Iterable

from assessments.agreement import position
from assessments.rules import REASON_MAX_LENGTH, TextRule

RATIONALE_MAX_LENGTH = 1000

RATIONALE = TextRule("Rationale", "rationale", RATIONALE_MAX_LENGTH)
NOT_APPLICABLE_REASON = TextRule("Reason", "not_applicable_reason", REASON_MAX_LENGTH)

# A median this far (in levels: steps along the scale) or nearer needs no note; further
# needs one.
DIVERGENCE_ALLOWED = 1


def needs_divergence_note(
    level: int | None, median: float | None, *, scale: Iterable[int] | None = None
) -> bool:
    """Whether an agreed level is more than one level from the median of individual ratings.

    Both are values on ``scale`` (its levels' values), and the distance counts its levels, so
    on a scale numbered 10, 20, 30... 30 is one level from 20, not ten; with no scale the
    values are counted as levels themselves (1, 2, 3...). Not applicable, not rated, and a
    principle nobody rated with a level need no note.
    """
    if level is None or median is None:
        return False
    scale = {*scale, level} if scale else None  # a level the scale lacks is a step of its own
    return abs(position(level, scale) - position(median, scale)) > DIVERGENCE_ALLOWED


def last_rater(name: str) -> str:
    """Why the only rater cannot be removed: agreement needs at least one person's ratings,
    so a team rating individually always keeps one rater."""
    return f"{name} is the only rater. Add another rater before you remove them"
