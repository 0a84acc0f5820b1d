"""Times and dates in GOV.UK style (``integrated_care/templatetags/govuk_dates.py``): on the
12-hour clock in London time, with full month names except in a tight table cell."""

import calendar
import datetime
import html
import re
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat

from integrated_care.templatetags.govuk_dates import govuk_date, govuk_datetime, govuk_time
from partnerships.models import Role
from tests.builders import new_action, rate

NBSP = "\u00a0"
UTC = datetime.UTC
# In winter London is on UTC: 5:13pm.
WINTER = datetime.datetime(2026, 12, 4, 17, 13, tzinfo=UTC)
# In summer London is an hour ahead (BST): 4:13am UTC is 5:13am.
SUMMER = datetime.datetime(2026, 7, 1, 4, 13, tzinfo=UTC)


def words(markup: str) -> str:
    """The text a person reads: no tags, entities decoded, runs of spaces as one."""
    return re.sub(r"[ \n]+", " ", html.unescape(re.sub(r"<[^>]+>", "", markup))).strip()


# The filters ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hour", "minute", "said"),
    [
        (5, 13, "5:13am"),
        (10, 0, "10am"),
        (12, 30, "12:30pm"),
        (17, 5, "5:05pm"),
        (23, 59, "11:59pm"),
        (0, 5, "12:05am"),
        (12, 0, "midday"),
        (0, 0, "midnight"),
    ],
)
def test_a_time_is_on_the_12_hour_clock_with_midday_and_midnight(hour, minute, said):
    """Times read "5:13am", "10am" and "12:30pm", and 12 o'clock "midday" or "midnight"."""
    assert govuk_time(datetime.time(hour, minute)) == said


def test_a_moment_saved_in_utc_reads_as_the_clock_in_london():
    """An aware moment is shown in London time: an hour on in summer, unchanged in winter."""
    assert govuk_time(SUMMER) == "5:13am"
    assert govuk_time(WINTER) == "5:13pm"
    assert govuk_datetime(WINTER) == "5:13pm on 4 December 2026"


def test_the_date_is_londons_date_too():
    """11:30pm UTC on 30 June is 12:30am on 1 July in London, and the date says so."""
    late = datetime.datetime(2026, 6, 30, 23, 30, tzinfo=UTC)
    assert govuk_datetime(late) == "12:30am on 1 July 2026"
    assert govuk_date(late) == "1 July 2026"


def test_a_date_has_its_full_month_unless_a_table_cell_asks_for_less_room():
    """Full month names by default; "short" gives GOV.UK's short months ("Sept"), and
    "nowrap" joins the parts with non-breaking spaces."""
    day = datetime.date(2027, 9, 30)
    assert govuk_date(day) == "30 September 2027"
    assert govuk_date(day, "short") == "30 Sept 2027"
    assert govuk_date(day, "nowrap") == f"30{NBSP}September{NBSP}2027"
    assert govuk_date(datetime.date(2027, 3, 31), "short nowrap") == f"31{NBSP}Mar{NBSP}2027"


def test_a_mistyped_date_option_is_refused():
    """An option the filter does not know is an error, not a silently different date."""
    with pytest.raises(ValueError, match="nowrap"):
        govuk_date(datetime.date(2027, 3, 31), "no-wrap")


def test_no_moment_reads_as_nothing():
    """None or an empty value gives an empty string, as Django's date filter does."""
    assert [govuk_time(None), govuk_date(""), govuk_datetime(None)] == ["", "", ""]
    assert govuk_time(datetime.date(2026, 12, 4)) == ""  # a date has no time of day


def test_in_a_template_the_filters_read_london_time():
    """The filters in a template give the same words, in London time."""
    template = Template("{% load govuk_dates %}{{ t|govuk_time }}; {{ t|govuk_datetime }}")
    assert template.render(Context({"t": SUMMER})) == "5:13am; 5:13am on 1 July 2026"


# Every page that says when someone else saved first or moved the assessment on -----------

SAVER = SimpleNamespace(name="Helen Marsh", username="helen")
DUE = datetime.date(2027, 3, 31)

SAID = [
    (
        "assessments/_moved_on.html",
        {
            "moved": SimpleNamespace(
                who="Helen Marsh", did="submitted it", when=WINTER, so="", advice=""
            ),
            "sent": True,
        },
        "Helen Marsh submitted it at 5:13pm on 4 December 2026, after you opened this page.",
    ),
    (
        "assessments/_rating_conflict.html",
        {
            "conflict": SimpleNamespace(
                updated_by=SAVER,
                updated_at=WINTER,
                carried_forward=False,
                not_applicable=False,
                level_value=3,
                level_label="Growing",
                divergence_note="",
                evidence="",
                weight=1,
                weight_reason="",
                actions=SimpleNamespace(all=list),
            ),
            "assessment": SimpleNamespace(is_team_scored=False, rating_phase="shared"),
        },
        "Helen Marsh saved this principle at 5:13pm on 4 December 2026, after you opened it.",
    ),
    (
        "assessments/_board_conflict.html",
        {
            "conflict": SimpleNamespace(
                saver=SimpleNamespace(yours=False, name="Helen Marsh", at=WINTER), changes=[]
            ),
            "what": "targets",
            "field": "target",
            "fields": "targets",
        },
        "Helen Marsh saved targets at 5:13pm on 4 December 2026, after you opened this page.",
    ),
    (
        "assessments/_weights_conflict.html",
        {"conflict": SimpleNamespace(yours=False, saved_by="Helen Marsh", saved_at=WINTER)},
        "Helen Marsh saved weights at 5:13pm on 4 December 2026, after you opened this page.",
    ),
    (
        "assessments/_text_change.html",
        {
            "change": SimpleNamespace(
                saver=SimpleNamespace(yours=True, at=WINTER), now="Saved text", kept_yours=True
            )
        },
        "You changed this in another tab or window at 5:13pm. You saved:",
    ),
    (
        "actions/_update_conflict.html",
        {
            "conflict": SimpleNamespace(
                created_by=SAVER, created_at=WINTER, status="agreed", due_date=DUE, note=""
            )
        },
        "Helen Marsh recorded an update at 5:13pm on 4 December 2026, after you opened this "
        "page. The action is now agreed, due 31 March 2027.",
    ),
    (
        "voice/_manage_conflict.html",
        {
            "conflict": SimpleNamespace(
                who="Sam Second",
                did="closed the feedback form",
                when=WINTER,
                is_open=False,
                feedback_round=SimpleNamespace(closed_at=WINTER, closes_on=DUE),
            )
        },
        "Sam Second closed the feedback form at 5:13pm on 4 December 2026, after you opened "
        "this page.",
    ),
    (
        "consensus/_rate_conflict.html",
        {"conflict": SimpleNamespace(updated_at=WINTER)},
        "You saved this rating at 5:13pm on 4 December 2026, after you opened this page",
    ),
]


@pytest.mark.parametrize(("template", "context", "said"), SAID, ids=[t for t, _, _ in SAID])
def test_who_saved_first_or_moved_it_on_says_when_in_govuk_style(template, context, said):
    """Conflict and "moved on" messages give the time as "5:13pm", not "17:13"."""
    text = words(render_to_string(template, context))
    assert said in text
    assert "17:13" not in text


def test_a_summer_moment_on_the_moved_on_page_reads_in_british_summer_time():
    """The "moved on" message converts a UTC moment to London's clock, as the date filter did."""
    moved = SimpleNamespace(who="Helen Marsh", did="submitted it", when=SUMMER, so="", advice="")
    text = words(render_to_string("assessments/_moved_on.html", {"moved": moved}))
    assert "Helen Marsh submitted it at 5:13am on 1 July 2026." in text


# Dates in tables --------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_actions_table_gives_due_dates_with_full_month_names(client, draft, people):
    """The Actions page's Due column reads "30 September 2027", kept on one line, not "30 Sep
    2027"."""
    lead = people[Role.LEAD]
    due = datetime.date.today() + datetime.timedelta(days=300)
    action = new_action(description="Audit", owner="Team A", due_date=due)
    rate(user=lead, assessment=draft, code="NV-01", actions=[action])
    client.force_login(lead)
    response = client.get(reverse("actions:list", args=[draft.service.partnership.slug]))
    text = html.unescape(response.content.decode())
    month = calendar.month_name[due.month]
    assert f'<td class="govuk-table__cell">{due.day}{NBSP}{month}{NBSP}{due.year}</td>' in text
    assert f">{dateformat.format(due, 'j M Y')}<" not in text
