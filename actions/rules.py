"""What an update to an action may store: the limits its form shows and its service enforces.

Built on the assessments' ``TextRule`` and ``DateRule`` so wording and codes follow the
same pattern everywhere.
"""

from datetime import date

from assessments.rules import REASON_MAX_LENGTH, DateRule, TextRule

NOTE_MAX_LENGTH = 2000

PROGRESS_NOTE = TextRule("Progress note", "note", NOTE_MAX_LENGTH)
DUE_DATE_REASON = TextRule(
    "Reason for the new due date",
    "due_date_reason",
    REASON_MAX_LENGTH,
    required="Enter why the due date has changed",
)
DROPPED_REASON = TextRule(
    "Reason for dropping the action",
    "dropped_reason",
    REASON_MAX_LENGTH,
    required="Enter why the action has been dropped",
)
NOTED_ON = DateRule("Date of the update", "noted_on", "Enter the date of the update")
NOTHING_CHANGED = "Enter a progress note, or change the status or the due date"


def noted_on_refusal(
    value: date, *, today: date, period: str, last_noted_on: date | None
) -> tuple[str, str] | None:
    """Why an update cannot be dated ``value``, as (message, code); None if it can.

    An update records what has happened, so it is dated today or earlier, and no earlier
    than the action's last update (``last_noted_on``): each update holds the status and
    due date after the one before it, and the action's page lists them under their dates.
    The earliest date is the earliest the board could have signed off the ``period``
    assessment (in the calendar year before it starts, as ``decision_date_refusal``
    allows): 1 1 2020 for 2026/27 is a slip of the keyboard. It is not the day of the
    meeting, since work often starts before the board meets, nor the day the action was
    typed in, which is after the work when an assessment is entered afterwards.
    """
    if value > today:
        return NOTED_ON.in_future, "noted_on_in_future"
    if last_noted_on is not None and value < last_noted_on:
        return (
            f"{NOTED_ON.name} must be the same as or after {last_noted_on.day} "
            f"{last_noted_on:%B %Y}, the date of the last update",
            "noted_on_before_last_update",
        )
    earliest = int(period[:4]) - 1
    if value.year < earliest:
        return (
            f"{NOTED_ON.name} must be in {earliest} or later, for an action from the "
            f"{period} assessment",
            "noted_on_before_period",
        )
    return None
