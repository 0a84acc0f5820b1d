"""Numbers as readers see them: whole percentages rounded half up, and changes in words.

Plain functions, so Python code (the board pack, the charts) and the template filters
(``templatetags/report_tags.py``, thin wrappers) format every number the same way.
"""

from decimal import ROUND_HALF_UP, Decimal

NOT_SCORED = "Not scored"


def whole(value: float) -> int:
    """A whole number, half up as people round: 12.5 -> 13, 59.615 -> 60, 62.4 -> 62.

    round() and format() round half to even (12.5 -> 12), which readers take for a
    mistake. Going through the float's shortest decimal text makes 62.5 exactly half.
    Halves go away from zero, so a fall of 2.5 points reads as 3, as a rise would.
    """
    return int(Decimal(str(value)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def percent(value: float | None) -> str:
    """A 0 to 100 score as a whole percentage: 62.5 -> "63%"; None -> "Not scored"."""
    return NOT_SCORED if value is None else f"{whole(value)}%"


def share(value: float | None) -> str:
    """A 0 to 1 share as a whole percentage: 0.75 -> "75%"; None -> "None"."""
    return "None" if value is None else f"{whole(value * 100)}%"


def change(value: float | None) -> str:
    """A change in percentage points, its direction in words as well as the sign."""
    if value is None:
        return "No comparison"
    points = whole(value)
    if points == 0:
        return "No change"
    unit = "point" if abs(points) == 1 else "points"
    return f"Up {points} {unit}" if points > 0 else f"Down {-points} {unit}"
