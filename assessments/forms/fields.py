"""Form fields shared by the assessment forms, with GOV.UK error wording and codes."""

import re
from datetime import date

from crispy_forms_gds.fields import DateInputField
from django import forms
from django.core.exceptions import ValidationError

from ..errors import OUT_OF_DATE_MESSAGE
from ..rules import FIRST_YEAR, LAST_YEAR

# Versions are stored in PositiveIntegerField, which holds up to this on every database;
# an id (an action's version is its latest update's) is a BigAutoField.
VERSION_MAX = 2_147_483_647
ID_MAX = 9_223_372_036_854_775_807
VERSION_MESSAGE = OUT_OF_DATE_MESSAGE
_DIGITS = re.compile(r"[0-9]+")


class VersionField(forms.IntegerField):
    """The version the user started editing from, used to refuse stale saves.

    Only a tampered or broken page sends a version that is missing, not a whole number, or
    one no record could have. Whichever it is (the error's code says: ``required``,
    ``invalid``, ``min_value`` or ``max_value``), the message is one the user can act on,
    since they cannot see the field; the error summary lists it with the form's own errors.
    The page is then drawn with the version the view gives as ``initial`` (the one saved
    now), so saving again works, and what was typed stays in the form.
    """

    widget = forms.HiddenInput

    def __init__(self, *, min_value: int = 1, max_value: int = VERSION_MAX, **kwargs):
        codes = ("required", "invalid", "min_value", "max_value")
        super().__init__(
            min_value=min_value,
            max_value=max_value,
            error_messages=dict.fromkeys(codes, VERSION_MESSAGE),
            **kwargs,
        )

    def bound_data(self, data, initial):
        try:
            self.clean(data)
        except ValidationError:
            return initial
        return data


class GovukDateField(DateInputField):
    """Day, month and year boxes whose errors name the date and carry error codes.

    The pack's own field reports Python's date errors ("day is out of range for
    month") without codes; GOV.UK asks for messages like "Due date must be a real date".
    """

    PARTS = ("day", "month", "year")

    def __init__(self, *, label: str, required_message: str, **kwargs):
        super().__init__(label=label, require_all_fields=False, **kwargs)
        self.required_message = required_message
        # GOV.UK's date input: phones show a number keypad for the day, month and year.
        # The pack leaves it out; a text input (not type="number") keeps leading zeros.
        for widget in self.widget.widgets:
            widget.attrs["inputmode"] = "numeric"

    def _fail(self, message: str, code: str, parts) -> None:
        for index, name in enumerate(self.PARTS):
            if name in parts:
                self.fields[index].widget.errors = [message]
        raise ValidationError(message, code=code)

    def clean(self, value):
        for field in self.fields:
            field.widget.errors = []
        values = list(value or [])[:3] if isinstance(value, list | tuple) else []
        values += [""] * (3 - len(values))
        values = ["" if v is None else str(v).strip() for v in values]
        if not any(values):
            if self.required:
                raise ValidationError(self.required_message, code="required")
            return None
        missing = [name for name, v in zip(self.PARTS, values, strict=True) if not v]
        if missing:
            self._fail(
                f"{self.label} must include a {' and '.join(missing)}", "incomplete", missing
            )
        # 0 to 9 only, as everywhere else (README): int() would also read other scripts'
        # digits, such as Arabic-Indic ones, and "²" is a digit to isdigit().
        if not all(_DIGITS.fullmatch(v) for v in values):
            self._fail(f"{self.label} must be a real date", "invalid", self.PARTS)
        try:
            day, month, year = (int(v) for v in values)
            result = date(year, month, day)
        except (ValueError, OverflowError):  # "31/2/2027", or digits too long for a date
            self._fail(f"{self.label} must be a real date", "invalid", self.PARTS)
        if not FIRST_YEAR <= result.year <= LAST_YEAR:
            self._fail(
                f"{self.label} must be between the years {FIRST_YEAR} and {LAST_YEAR}",
                "year_out_of_range",
                ["year"],
            )
        return result
