"""What may be stored: the limits the forms show and the services enforce for every caller.

Forms take their limits and wording from here for their field errors; services call the
``clean`` functions, so demo data, commands and anything else that skips the forms meet
the same rules. Services store text stripped, so whitespace-only text is stored as ""
and counts as empty everywhere (see ``Rating.is_complete``).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError

from integrated_care.line_breaks import one_line_break, visible_or_empty

from .errors import RefusedError

EVIDENCE_MAX_LENGTH = 5000
REASON_MAX_LENGTH = 1000
ACTION_MAX_LENGTH = 1000
OWNER_MAX_LENGTH = 200
TITLE_MAX_LENGTH = 200
COMMENT_MAX_LENGTH = 2000
BODY_MAX_LENGTH = 200
MINUTE_REFERENCE_MAX_LENGTH = 100
MAX_ACTIONS = 50
DIVERGENCE_NOTE_MAX_LENGTH = 1000
SUMMARY_MAX_LENGTH = 5000
BOARD_ASK_MAX_LENGTH = 2000
WEIGHT_MIN, WEIGHT_MAX = 0, 10
# Dates outside these years are typing mistakes, not plans or meetings.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def as_stored(value) -> str:
    """Typed text as it is kept: one character per line break, stripped, and empty when it
    shows nothing (``visible_or_empty``). Pages that compare what they showed with what is
    saved read it the same way."""
    return visible_or_empty(one_line_break(str(value or "")).strip())


@dataclass(frozen=True)
class TextRule:
    """A text field's limit, and whether it may be empty. ``code`` starts its refusal codes."""

    name: str
    code: str
    max_length: int
    required: str = ""  # the message when it is empty, if it must not be

    @property
    def too_long(self) -> str:
        return f"{self.name} must be {self.max_length:,} characters or fewer"

    def clean(self, value: str) -> str:
        """The text as stored: stripped, so whitespace alone is empty, and each line break
        one character (as forms send them: ``integrated_care.line_breaks``),
        so the limit counts what a person sees."""
        text = as_stored(value)
        if "\x00" in text:  # PostgreSQL cannot store it; forms refuse it too
            raise RefusedError(
                f"{self.name} must not contain null characters", code=f"{self.code}_null_character"
            )
        if len(text) > self.max_length:
            raise RefusedError(self.too_long, code=f"{self.code}_too_long")
        if self.required and not text:
            raise RefusedError(self.required, code=f"{self.code}_required")
        return text


EVIDENCE = TextRule("Evidence", "evidence", EVIDENCE_MAX_LENGTH)
NOT_APPLICABLE_REASON = TextRule("Reason", "not_applicable_reason", REASON_MAX_LENGTH)
WEIGHT_REASON = TextRule("Reason", "weight_reason", REASON_MAX_LENGTH)
ACTION_DESCRIPTION = TextRule(
    "Action", "action_description", ACTION_MAX_LENGTH, required="Enter what will be done"
)
ACTION_OWNER = TextRule(
    "Owner", "action_owner", OWNER_MAX_LENGTH, required="Enter who owns the action"
)
TITLE = TextRule("Title", "title", TITLE_MAX_LENGTH, required="Enter a title")
# Team scoring: why the agreed rating is more than one level from the team's median.
DIVERGENCE_NOTE = TextRule(
    "Why the agreed rating differs",
    "divergence_note",
    DIVERGENCE_NOTE_MAX_LENGTH,
    required="Enter why the agreed rating is more than one level from the team's median",
)
RETURN_COMMENT = TextRule(
    "Comment", "comment", COMMENT_MAX_LENGTH, required="Enter what needs to change"
)
# What the lead writes for the board before submitting (frozen with the assessment).
LEAD_SUMMARY = TextRule("Summary", "lead_summary", SUMMARY_MAX_LENGTH)
BOARD_ASK = TextRule("What the board is asked to do", "board_ask", BOARD_ASK_MAX_LENGTH)
# Why a principle rated at a weak level (follow_up.weak_values) has no open improvement
# action.
NO_ACTION_REASON = TextRule(
    "Why no action is needed",
    "no_action_reason",
    REASON_MAX_LENGTH,
    required="Enter why no action is needed, or add an action",
)
SIGNOFF_BODY = TextRule(
    "Board or committee",
    "body",
    BODY_MAX_LENGTH,
    required="Enter the board or committee that made the decision",
)
MINUTE_REFERENCE = TextRule(
    "Minute reference",
    "minute_reference",
    MINUTE_REFERENCE_MAX_LENGTH,
    required="Enter the minute reference",
)


@dataclass(frozen=True)
class DateRule:
    name: str
    code: str
    required: str

    @property
    def out_of_range(self) -> str:
        return f"{self.name} must be between the years {FIRST_YEAR} and {LAST_YEAR}"

    @property
    def in_future(self) -> str:
        return f"{self.name} must be today or in the past"

    def clean(self, value: date | None) -> date:
        if value is None:
            raise RefusedError(self.required, code=f"{self.code}_required")
        if not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise RefusedError(self.out_of_range, code=f"{self.code}_out_of_range")
        return value


DUE_DATE = DateRule("Due date", "due_date", "Enter the date the action is due")
# The sign-off form also refuses a meeting after today (``in_future``). The service does
# not: what a caller may record would then depend on the day it runs, and demo data and
# tests record decisions at fixed dates.
DECISION_DATE = DateRule("Date of the meeting", "decision_date", "Enter the date of the meeting")


def decision_date_refusal(value: date, period: str) -> tuple[str, str] | None:
    """Why a meeting on ``value`` cannot have signed off an assessment of ``period``, as
    (message, code); None if it can. A board may sign off a year's assessment before the
    year starts (a plan for it, agreed in the months before April), so a meeting in the
    calendar year before is allowed, but not earlier: 1 1 2020 for 2026/27 is a slip of
    the keyboard, and would read as the board's decision on every report."""
    earliest = int(period[:4]) - 1
    if value.year < earliest:
        return (
            f"Date of the meeting must be in {earliest} or later, for an assessment of {period}",
            "decision_date_before_period",
        )
    return None


def clean_choice(value: str, choices: list[str], *, message: str, code: str) -> str:
    if value not in choices:
        raise RefusedError(message, code=code)
    return value


# Periods -------------------------------------------------------------------------------

PERIOD_MESSAGE = "Enter the year as two consecutive years, for example 2026/27"
# [0-9], not \d, which also matches other scripts' digits such as Arabic-Indic ones.
_PERIOD = re.compile(r"([0-9]{4})/([0-9]{2})")


def is_period(value: str) -> bool:
    """Two consecutive years written like 2026/27 (and 2099/00)."""
    match = _PERIOD.fullmatch(value)
    return match is not None and (int(match[1]) + 1) % 100 == int(match[2])


PERIOD_RANGE_MESSAGE = (
    f"Enter a year from {FIRST_YEAR}/{(FIRST_YEAR + 1) % 100:02d} "
    f"to {LAST_YEAR - 1}/{LAST_YEAR % 100:02d}"
)


def period_refusal(value: str) -> tuple[str, str] | None:
    """Why ``value`` is not a year an assessment can cover, as (message, code); None if it
    is. 0000/01 and 9999/00 are written correctly but cannot be right."""
    if not is_period(value):
        return PERIOD_MESSAGE, "invalid_period"
    if not FIRST_YEAR <= int(value[:4]) < LAST_YEAR:
        return PERIOD_RANGE_MESSAGE, "period_out_of_range"
    return None


def clean_period(value: str) -> str:
    if refusal := period_refusal(value):
        raise RefusedError(refusal[0], code=refusal[1])
    return value


def validate_period(value: str) -> None:
    """The same rule as a model field validator, for admin and ``full_clean``."""
    if refusal := period_refusal(value):
        raise ValidationError(refusal[0], code=refusal[1])


# Weights -------------------------------------------------------------------------------

ALL_ZERO_MESSAGE = "Give at least one principle a weight above 0"
# Weights only count for principles that apply: if every principle that applies weighs 0,
# nothing rated counts and the assessment cannot be scored.
NO_WEIGHT_APPLIES_MESSAGE = (
    "Give at least one principle that applies a weight above 0, so the assessment can be scored"
)


def marked_not_applicable(rating) -> bool:
    """Confirmed as not applicable: one carried forward from last time is not confirmed yet."""
    return rating.not_applicable and not rating.carried_forward


def weight_applies(weights: Iterable[tuple[int, bool]]) -> bool:
    """Whether a principle that applies has a weight above 0, from (weight, not applicable)."""
    return any(weight > 0 and not not_applicable for weight, not_applicable in weights)


def clean_weight(weight: int, *, code: str) -> int:
    """``code`` is the principle's, so the message says which weight is wrong."""
    whole = isinstance(weight, int) and not isinstance(weight, bool)
    if not whole or not WEIGHT_MIN <= weight <= WEIGHT_MAX:
        raise RefusedError(
            f"Weight for {code} must be a whole number from {WEIGHT_MIN} to {WEIGHT_MAX}",
            code="weight_out_of_range",
        )
    return weight


def weight_reason_message(code: str) -> str:
    return f"Enter why the weight for {code} differs from its default"


def weight_reason_too_long(code: str) -> str:
    """Named, as a page of weights has a reason box for every principle."""
    return f"Reason for the {code} weight must be {WEIGHT_REASON.max_length:,} characters or fewer"


def clean_weight_reason(reason: str, *, code: str) -> str:
    """``WEIGHT_REASON.clean``, its refusal naming the principle ``code``."""
    try:
        return WEIGHT_REASON.clean(reason)
    except RefusedError as refusal:
        if refusal.code == "weight_reason_too_long":
            raise RefusedError(weight_reason_too_long(code), code=refusal.code) from None
        raise
