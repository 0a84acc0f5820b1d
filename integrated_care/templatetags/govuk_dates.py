"""Times and dates as the GOV.UK style guide writes them: "5:13am", "12:30pm", "10am",
"midday", "midnight", "4 December 2026", and together "5:13am on 4 December 2026".

``{% load govuk_dates %}``, then ``{{ moment|govuk_time }}``, ``{{ moment|govuk_date }}`` or
``{{ moment|govuk_datetime }}``. As Django's ``date`` filter does, an aware datetime is
shown in local time (``TIME_ZONE``, Europe/London), so a time saved in winter or summer
reads as the clock on the wall did. Each function works from Python code as well.
"""

from datetime import date, datetime, time

from django import template
from django.utils import dateformat, timezone

register = template.Library()

NBSP = "\u00a0"


def _local(value):
    """An aware datetime in local time; anything else as it is."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.filter(expects_localtime=True)
def govuk_time(value) -> str:
    """A time as "5:13am", "10am", "12:30pm", "midday" or "midnight"; "" for no time."""
    value = _local(value)
    if not isinstance(value, datetime | time):
        return ""
    hour, minute = value.hour, value.minute
    if minute == 0 and hour in (0, 12):
        return "midnight" if hour == 0 else "midday"
    clock = hour % 12 or 12
    suffix = "am" if hour < 12 else "pm"
    return f"{clock}{suffix}" if minute == 0 else f"{clock}:{minute:02d}{suffix}"


DATE_OPTIONS = {"short", "nowrap"}
# As the GOV.UK Design System's dates pattern shortens them where space is limited.
SHORT_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec"]


@register.filter(expects_localtime=True)
def govuk_date(value, options: str = "") -> str:
    """A date as "4 December 2026" (the local date of an aware datetime); "" for no date.

    ``options``, for a table cell where space is tight: "short" writes the month as "Dec"
    ("Sept" for September), as GOV.UK allows where space is limited; "nowrap" joins the
    day, month and year with non-breaking spaces, so the date is never split across lines.
    Both: "short nowrap".
    """
    chosen = set(options.split())
    if chosen - DATE_OPTIONS:
        raise ValueError(f"govuk_date takes {sorted(DATE_OPTIONS)}, not {options!r}")
    value = _local(value)
    if not isinstance(value, date):
        return ""
    if "short" in chosen:
        text = f"{value.day} {SHORT_MONTHS[value.month - 1]} {value.year}"
    else:
        text = dateformat.format(value, "j F Y")
    return text.replace(" ", NBSP) if "nowrap" in chosen else text


@register.filter(expects_localtime=True)
def govuk_datetime(value) -> str:
    """A moment as "5:13am on 4 December 2026" (local time); "" for no moment."""
    value = _local(value)
    if not isinstance(value, datetime):
        return ""
    return f"{govuk_time(value)} on {govuk_date(value)}"
