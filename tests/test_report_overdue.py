"""Overdue actions in a report: judged today in a draft, and on the day of sign-off once
signed off, so a signed-off report never changes as due dates pass."""

import datetime

import pytest
from django.utils import timezone

from partnerships.models import Role
from reporting.documents import assessment_report_html
from reporting.pdf import pdf_key
from reporting.reports import build_report
from tests.builders import complete, new_action, rate, sign_off, submit
from tests.test_pdf_jobs import clock_moved

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_action(draft, people):
    """Complete, with NV-01's action due 30 days from now."""
    lead = people[Role.LEAD]
    complete(user=lead, assessment=draft)
    due = timezone.localdate() + datetime.timedelta(days=30)
    action = new_action(description="Joint huddle", owner="Head of discharge", due_date=due)
    rate(user=lead, assessment=draft, code="NV-01", value=2, actions=[action])
    return draft


def test_a_drafts_action_is_overdue_once_its_due_date_passes(with_action, monkeypatch):
    """A draft's report lists the action as overdue the day after it was due."""
    assert build_report(with_action).overdue == []
    with clock_moved(monkeypatch, days=31):
        report = build_report(with_action)
        assert [action.description for _, action in report.overdue] == ["Joint huddle"]
        assert report.overdue_caption == "Overdue actions"
        assert "(overdue)" in assessment_report_html(with_action)


def test_a_signed_off_report_does_not_change_as_due_dates_pass(with_action, people, monkeypatch):
    """Signed off before the due date: months later the report, its overdue list and its
    PDF's cache key are the same, and the caption says when overdue was judged."""
    submit(user=people[Role.LEAD], assessment=with_action)
    signed_off = sign_off(user=people[Role.APPROVER], assessment=with_action)
    html = assessment_report_html(signed_off)
    with clock_moved(monkeypatch, days=200):
        report = build_report(signed_off)
        assert report.overdue == [] and "(overdue)" not in assessment_report_html(signed_off)
        assert pdf_key(assessment_report_html(signed_off)) == pdf_key(html)
    signed_on = timezone.localdate(signed_off.signed_off_at).strftime("%-d %B %Y")
    assert report.overdue_caption == f"Overdue actions when sign-off was recorded, on {signed_on}"
