"""Journeys for board-ready reports: the approver's sign-off, and actions through the year.

Every page is checked with axe and at 320px (``check``), in each state it is reached in.
"""

import datetime
import re

import pytest
from playwright.sync_api import expect

from actions.models import ActionUpdate
from assessments.models import ActionStatus, AssessmentState, ImprovementAction
from tests import builders

from .actions import (
    expect_errors,
    heading,
    open_from_dashboard,
    sign_in,
    sign_out,
    submit_and_sign_out,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = datetime.date.today()


def _weak_draft(service, lead):
    """Complete at 3, with NV-02 at 1 and no action, NV-04 at 2 with one; a summary."""
    draft = builders.start(user=lead, service=service, title="Discharge to assess 2026/27")
    builders.complete(user=lead, assessment=draft)
    builders.rate(user=lead, assessment=draft, code="NV-02", value=1, evidence="Little sign.")
    builders.rate(
        user=lead,
        assessment=draft,
        code="NV-04",
        value=2,
        evidence="Two charities only.",
        actions=[builders.new_action(description="Invite the carers' centre to huddles.")],
    )
    return draft


def test_lead_says_why_no_action_and_approver_returns_then_signs_off(page, check, people, service):
    draft = _weak_draft(service, people["lead"])
    title = draft.title

    # The lead writes for the board, then submits, first forgetting why NV-02 has no action.
    sign_in(page, check, "lead-user")
    open_from_dashboard(page, check, title)
    page.get_by_role("link", name="Write the summary for the board").click()
    heading(page, "For the board")
    check("for-the-board")
    page.get_by_label("Summary for the board").fill("Discharge is faster; carers are the gap.")
    page.get_by_label("The board is asked to…").fill("Approve the actions.")
    page.get_by_role("button", name="Save").click()
    heading(page, "Check your answers before submitting")
    expect(page.get_by_text("Weak principles with no action")).to_be_visible()
    check("check-weak-without-action")
    page.get_by_role("button", name="Submit for sign-off").click()
    expect_errors(page, ["Enter why NV-02 needs no action, or add an action to it"])
    check("check-reason-missing")
    page.get_by_label(re.compile("Why does NV-02 .* need no action")).fill(
        "The council's carers strategy covers it."
    )
    submit_and_sign_out(page, check, "submitted")

    # The approver sees what is being signed off, and returns it naming NV-02.
    sign_in(page, check, "approver-user", "dashboard-approver")
    open_from_dashboard(page, check, title, "overview-submitted")
    page.get_by_role("button", name="Record sign-off").click()
    heading(page, "Record sign-off")
    signing = page.locator(".app-signing-off")
    expect(signing).to_contain_text("Growing")
    expect(signing).to_contain_text("No action: The council's carers strategy covers it.")
    expect(signing).to_contain_text("Invite the carers' centre to huddles.")
    check("sign-off-what-is-signed")
    page.get_by_role("button", name="Return for changes").click()
    heading(page, "Return for changes")
    check("return")
    page.get_by_label("What needs to change?").fill("Carers need an action, not a reason.")
    page.get_by_label("NV-02 Benefit to service users").check()
    page.get_by_role("button", name="Return for changes").click()
    heading(page, title)
    check("overview-returned")
    sign_out(page, check)

    # The lead sees the comment on NV-02, adds an action and submits again.
    sign_in(page, check, "lead-user", "dashboard-lead-returned")
    open_from_dashboard(page, check, title, "overview-returned-lead")
    # The returned comment links to the principles it names.
    page.locator(".app-returned").get_by_role("link", name=re.compile("^NV-02 ")).click()
    heading(page, "Benefit to service users")
    expect(
        page.get_by_text("This principle was named when the assessment was returned for changes")
    ).to_be_visible()
    check("principle-named-in-return")
    page.locator("#id_actions-0-description").fill("Offer every carer an assessment.")
    page.locator("#id_actions-0-owner").fill("Carers lead")
    for part, value in enumerate(("31", "3", "2027")):
        page.locator(f"#id_actions-0-due_date_{part}").fill(value)
    page.get_by_role("button", name="Save as draft").click()
    heading(page, title)
    check("overview-action-added")
    page.get_by_role("link", name="Check your answers and submit for sign-off").click()
    heading(page, "Check your answers before submitting")
    expect(page.get_by_text("Named in the return")).to_be_visible()
    expect(page.get_by_text("Weak principles with no action")).to_have_count(0)
    check("check-again")
    submit_and_sign_out(page, check, "submitted-again")

    # The approver sees what changed since the return, and records the sign-off.
    sign_in(page, check, "approver-user", "dashboard-approver-again")
    open_from_dashboard(page, check, title, "overview-resubmitted")
    page.get_by_role("button", name="Record sign-off").click()
    heading(page, "Record sign-off")
    changes = page.locator("main ul", has_text="Action added")
    # The action replaces the reason the lead gave for having none, and both show.
    expect(changes).to_contain_text(
        "NV-02 Benefit to service users: Reason for no action removed; Action added"
    )
    check("sign-off-changes-since-return")
    meeting = TODAY - datetime.timedelta(days=7)
    page.get_by_label("Approved").check()
    for part, value in enumerate((meeting.day, meeting.month, meeting.year)):
        page.locator(f"#id_decision_date_{part}").fill(str(value))
    page.get_by_label("Minute reference").fill("HWB 2027/02")
    page.get_by_role("button", name="Record sign-off").click()
    heading(page, title)
    check("overview-signed-off")
    draft.refresh_from_db()
    assert draft.state == AssessmentState.SIGNED_OFF and draft.lead_summary.startswith("Discharge")


def test_contributor_updates_an_action_through_the_year_and_the_board_sees_it(
    page, check, people, service
):
    lead = people["lead"]
    signed = builders.start(user=lead, service=service, period="2025/26")
    builders.complete(user=lead, assessment=signed)
    builders.rate(
        user=lead,
        assessment=signed,
        code="NV-08",
        value=2,
        actions=[
            builders.new_action(
                description="Offer every carer an assessment at first contact.",
                owner="Carers lead",
                due_date=datetime.date(2021, 3, 31),
                status=ActionStatus.AGREED,
            )
        ],
    )
    builders.submit(user=lead, assessment=signed)
    builders.sign_off(user=people["approver"], assessment=signed)
    action = ImprovementAction.objects.get()

    # The contributor finds the overdue action and updates it, after two mistakes.
    sign_in(page, check, "contributor-user")
    page.get_by_role("link", name=re.compile("^Improvement actions: progress")).click()
    heading(page, "Improvement actions")
    check("actions")
    page.get_by_label("Due").select_option(label="Overdue")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", name=re.compile("1 action"))).to_be_visible()
    check("actions-overdue")
    page.get_by_role("link", name="Offer every carer an assessment at first contact.").click()
    heading(page, "Improvement action")
    check("action")
    page.get_by_role("button", name="Update progress").click()
    heading(page, "Update progress")
    check("update")
    page.get_by_role("button", name="Save update").click()
    expect_errors(page, ["Enter a progress note, or change the status or the due date"])
    check("update-nothing-changed")
    page.get_by_label("In progress").check()
    page.locator("#id_due_date_2").fill(str(TODAY.year + 1))
    page.get_by_role("button", name="Save update").click()
    expect_errors(page, ["Enter why the due date has changed"])
    check("update-no-reason")
    page.get_by_label("Reason for the new due date").fill("The new assessment form arrives in May.")
    page.get_by_label("Progress note (optional)").fill("Piloted on two wards.")
    page.get_by_role("button", name="Save update").click()
    heading(page, "Improvement action")
    expect(page.get_by_text("Piloted on two wards.")).to_be_visible()
    check("action-updated-once")

    # Later in the year it is completed.
    page.get_by_role("button", name="Update progress").click()
    heading(page, "Update progress")
    check("update-again")
    page.get_by_label("Completed").check()
    page.get_by_label("Progress note (optional)").fill("Every carer is now offered one.")
    page.get_by_role("button", name="Save update").click()
    heading(page, "Improvement action")
    check("action-completed")
    assert ActionUpdate.objects.filter(action=action).count() == 2
    sign_out(page, check)

    # A board member sees it completed in the board pack, and as signed off in the report.
    sign_in(page, check, "viewer-user", "dashboard-viewer-headlines")
    expect(page.locator("main h2").first).to_have_text("Latest signed-off results")
    page.get_by_role("link", name=re.compile("^Board pack")).click()
    heading(page, re.compile("Board pack"))
    follow = page.locator("table", has_text="Improvement actions by service and cycle")
    expect(follow).to_contain_text(re.compile(r"2025/26 \(this cycle\)\s*1\s*0\s*0\s*0"))
    check("board-pack-follow-through")
    page.goto(f"/assessments/{signed.pk}/report/")
    heading(page, f"Report: {signed.title}")
    expect(page.locator("#weakest ~ div table")).to_contain_text("Offer every carer")
    check("report-page-one")
