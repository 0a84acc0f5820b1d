"""Longer steps of the journeys, each with its mistakes and its checks."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.pdftext import pdf_text

from .actions import email_of, expect_errors, heading, sign_in
from .documents import render_first_pages


def sign_in_after_mistyping(page: Page, check, username: str, dashboard: str) -> None:
    page.goto("/sign-in/")
    check("sign-in")
    page.get_by_label("Email address").fill(email_of(username))
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect_errors(
        page, ["Enter a correct email address and password. The password is case-sensitive."]
    )
    check("sign-in-errors")
    sign_in(page, check, username, dashboard)


def start_assessment_after_mistakes(page: Page, check, service, title: str) -> None:
    """A lead starts an assessment from the dashboard; the first try has errors."""
    page.get_by_role("link", name=f"Start an assessment of {service.name}").click()
    heading(page, "Start an assessment")
    check("start-empty")
    year = page.get_by_label("Which year does the assessment cover?")
    year.fill("2026/28")
    page.get_by_role("button", name="Start assessment").click()
    expect_errors(
        page,
        [
            "Enter the year as two consecutive years, for example 2026/27",
            "Enter a title",
        ],
    )
    check("start-errors")
    year.fill("2026/27")
    page.get_by_label("Title").fill(title)
    page.get_by_role("button", name="Start assessment").click()
    heading(page, title)
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"You have started {title}")
    check("overview-started")


def record_sign_off_after_mistakes(page: Page, check, title: str) -> datetime.date:
    """An approver records sign-off from the overview; the first try has errors."""
    page.get_by_role("button", name="Record sign-off").click()  # a link styled as a button
    heading(page, "Record sign-off")
    check("sign-off")
    meeting = timezone.localdate() - datetime.timedelta(days=30)
    page.locator("#id_decision_date_0").fill(str(meeting.day))
    page.locator("#id_decision_date_1").fill(str(meeting.month))
    page.locator("#id_decision_date_2").fill(str(meeting.year + 1))
    page.get_by_role("button", name="Record sign-off").click()
    expect_errors(
        page,
        [
            "Select what the board or committee decided",
            "Date of the meeting must be today or in the past",
            "Enter the minute reference",
        ],
    )
    check("sign-off-errors")
    page.get_by_label("Which board or committee made the decision?").fill(
        "Riverside Health and Wellbeing Board"
    )
    page.get_by_label("Approved", exact=True).check()
    page.locator("#id_decision_date_2").fill(str(meeting.year))
    page.get_by_label("Minute reference").fill("HWB 2026/44")
    page.get_by_role("button", name="Record sign-off").click()
    heading(page, title)
    expect(page.locator("main")).to_contain_text(
        f"Approved by Riverside Health and Wellbeing Board on {meeting.day} {meeting:%B %Y}"
        " (minute HWB 2026/44)"
    )
    check("overview-signed-off")
    return meeting


def read_report_and_its_pdf(page: Page, check, downloads, assessment) -> None:
    """From the overview: the report's charts and tables, and its PDF, which says the same."""
    page.get_by_role("link", name="Read the report, with scores and charts").click()
    heading(page, f"Report: {assessment.title}")
    charts = page.locator("main svg[role=img]")
    assert charts.count() >= 2  # the radar chart, and one chart for each section
    for chart in charts.all():
        expect(chart).to_be_visible()
        expect(chart).to_have_accessible_name(re.compile(r"\w"))
    scores = page.locator("main table").filter(has_text="Scores by principle")
    expect(scores.locator("tbody th[scope=row]")).to_have_count(12)
    expect(page.locator("main caption").filter(has_text="Summary of scores")).to_be_visible()
    # The headline leads with the scale's word; the weighted score follows it.
    expect(page.locator("main dd strong").first).to_have_text(re.compile(r"^[A-Z][a-z]+"))
    score = page.locator("main dd.app-weighted-score").inner_text().strip()
    assert re.fullmatch(r"\d{1,3}%", score), score
    check("report-signed-off")
    with page.expect_download(timeout=60_000) as download_info:  # WeasyPrint takes a while
        page.get_by_role("link", name=re.compile("^Download the report as a PDF")).click()
    pdf = downloads / download_info.value.suggested_filename
    download_info.value.save_as(pdf)
    assert pdf.suffix == ".pdf" and pdf.read_bytes().startswith(b"%PDF")
    text = pdf_text(pdf)
    assert assessment.service.name in text
    assert re.search(rf"Weighted score {re.escape(score)}(\D|$)", text), (score, text[:500])
    render_first_pages(pdf, check, "report-pdf")


def change_statement_in_admin(page: Page, check, code: str, old: str, new: str) -> None:
    """A signed-in admin changes a principle's statement in Django admin, then leaves."""
    page.get_by_role("link", name="Manage (admin)").click()
    expect(page).to_have_title(re.compile("Site administration"))
    check.screenshot("admin-index")
    page.locator("#principles-principle").get_by_role("link", name="Principles").click()
    page.locator("#searchbar").fill(code)
    page.locator("#searchbar").press("Enter")
    page.locator("#result_list").get_by_role("link", name=code).click()
    statement = page.locator("#id_statement")
    expect(statement).to_have_value(old)
    statement.fill(new)
    check.screenshot("admin-principle-edited")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    check.screenshot("admin-principle-saved")
    page.context.clear_cookies()
