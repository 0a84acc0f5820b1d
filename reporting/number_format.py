"""Numbers as readers see them: whole percentages rounded half up, and changes in words.

Plain functions, so Python code (the board pack, the charts) and the template filters
(``templatetags/report_tags.py``, thin wrappers) format every number the same way.
"""

from assessments.bands import half_up

NOT_SCORED = "Not scored"


def whole(value: float) -> int:
    """A whole number, half up as people round: 12.5 -> 13, 59.615 -> 60, 62.4 -> 62.

    The rounding the bands are read from (``assessments.bands.half_up``), so a band
    always agrees with the figure printed beside it.
    """
    return half_up(value)


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
