"""What an update to an action may store: the limits its form shows and its service enforces.

Built on the assessments' ``TextRule`` and ``DateRule`` so wording and codes follow the
same pattern everywhere.
"""

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
