"""The example under the date of an update is a date the form accepts: a little before
today, never in the future, and no earlier than the last update or the period allow."""

import datetime
import re

import pytest
from django.utils import timezone

from actions import rules
from actions.forms import ActionUpdateForm, noted_on_example
from assessments.models import ActionStatus

pytestmark = pytest.mark.django_db

DUE = datetime.date(2030, 3, 31)


def form(*, period, last_noted_on=None, data=None) -> ActionUpdateForm:
    return ActionUpdateForm(
        data,
        current_status=ActionStatus.PROPOSED,
        current_due_date=DUE,
        period=period,
        last_noted_on=last_noted_on,
    )


def hinted(update_form) -> datetime.date:
    """The date the hint gives, as "For example, 27 3 2026"."""
    match = re.fullmatch(
        r"For example, (\d+) (\d+) (\d+)", update_form.fields["noted_on"].help_text
    )
    assert match, update_form.fields["noted_on"].help_text
    day, month, year = (int(part) for part in match.groups())
    return datetime.date(year, month, day)


def this_period() -> str:
    year = timezone.localdate().year
    return f"{year}/{(year + 1) % 100:02d}"


@pytest.mark.parametrize("days_since_last_update", [None, 0, 3, 400])
def test_the_hint_is_a_past_date_the_form_accepts(days_since_last_update):
    """Sent back as typed, the example is a valid date of the update."""
    today = timezone.localdate()
    last = (
        None
        if days_since_last_update is None
        else today - datetime.timedelta(days=days_since_last_update)
    )
    example = hinted(form(period=this_period(), last_noted_on=last))
    assert example <= today
    sent = form(
        period=this_period(),
        last_noted_on=last,
        data={
            "status": ActionStatus.IN_PROGRESS,
            "note": "Started on two wards",
            "noted_on_0": str(example.day),
            "noted_on_1": str(example.month),
            "noted_on_2": str(example.year),
            "due_date_0": str(DUE.day),
            "due_date_1": str(DUE.month),
            "due_date_2": str(DUE.year),
            "version": "0",
        },
    )
    assert sent.is_valid(), sent.errors


DAY = datetime.date(2026, 12, 4)


@pytest.mark.parametrize(
    ("today", "period", "last_noted_on", "expected"),
    [
        (DAY, "2026/27", None, datetime.date(2026, 11, 20)),  # two weeks back, usually
        (DAY, "2026/27", datetime.date(2026, 12, 1), datetime.date(2026, 12, 1)),  # last update
        (DAY, "2026/27", DAY, DAY),  # the last update was today
        (datetime.date(2027, 1, 5), "2028/29", None, datetime.date(2027, 1, 1)),  # the period
    ],
)
def test_the_hint_keeps_within_the_dates_allowed(today, period, last_noted_on, expected):
    """A little before today, moved later where an earlier date would be refused."""
    example = noted_on_example(today=today, period=period, last_noted_on=last_noted_on)
    assert example == expected
    assert (
        rules.noted_on_refusal(example, today=today, period=period, last_noted_on=last_noted_on)
        is None
    )


def test_the_hint_is_never_after_today():
    """Even where no date is allowed (a last update recorded after today), it is today."""
    late = datetime.date(2026, 12, 9)
    assert noted_on_example(today=DAY, period="2026/27", last_noted_on=late) == DAY
