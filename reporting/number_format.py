"""Numbers as readers see them: whole percentages rounded half up, and changes in words.

Plain functions, so Python code (the board pack, the charts) and the template filters
(``templatetags/report_tags.py``, thin wrappers) format every number the same way.
"""

from typing import NamedTuple

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


class NotCompared(NamedTuple):
    """Why a headline gives no change since an earlier assessment: what is so now ("Not
    scored yet"), then what the earlier one scored. Reads "Not scored yet. 2026/27: Growing,
    48%."; a PDF's headline shows ``lead`` large and ``detail`` under it."""

    lead: str
    detail: str

    def __str__(self) -> str:
        return f"{self.lead}. {self.detail}."


def not_compared(
    now: float | None, before: float | None, before_band: str | None, period: str
) -> NotCompared:
    """What to say in place of a change when ``now`` or ``before`` (the earlier assessment's
    score, for ``period``, read as ``before_band``) is not scored: "No comparison (was 48%)"
    left the reader to work out which one was missing, and what 48% had meant."""
    if now is None and before is not None:
        then = f"{before_band}, {percent(before)}" if before_band else percent(before)
        return NotCompared("Not scored yet", f"{period}: {then}")
    if now is None:
        return NotCompared("Not scored yet", f"Nothing was scored in {period} either")
    return NotCompared("No change to give", f"Nothing was scored in {period}")
