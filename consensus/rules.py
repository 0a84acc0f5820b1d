"""What team scoring may store: the limits its forms show and its services enforce.

As ``assessments.rules``: forms take their limits and wording from here, services call
the ``clean`` functions, so every caller meets the same rules.
"""

from assessments.rules import REASON_MAX_LENGTH, TextRule

RATIONALE_MAX_LENGTH = 1000

RATIONALE = TextRule("Rationale", "rationale", RATIONALE_MAX_LENGTH)
NOT_APPLICABLE_REASON = TextRule("Reason", "not_applicable_reason", REASON_MAX_LENGTH)

# A median this far (in levels) or nearer needs no note; further needs one.
DIVERGENCE_ALLOWED = 1


def needs_divergence_note(level: int | None, median: float | None) -> bool:
    """Whether an agreed level is more than one level from the median of individual ratings.

    Not applicable, not rated, and a principle nobody rated with a level need no note.
    """
    if level is None or median is None:
        return False
    return abs(level - median) > DIVERGENCE_ALLOWED


def last_rater(name: str) -> str:
    """Why the only rater cannot be removed: agreement needs at least one person's ratings,
    so a team rating individually always keeps one rater."""
    return f"{name} is the only rater. Add another rater before you remove them"
