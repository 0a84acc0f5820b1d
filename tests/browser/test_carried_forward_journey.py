"""A lead starts this year's assessment from last year's signed-off one (issue 10, item 8).

The start page names the assessment copied; every copied answer counts as not yet rated in
the task list and the report until someone confirms it; the history names the source.
``check(name)`` runs axe and the 320px reflow check on each page (see audit.py).
"""

import re

import pytest
from playwright.sync_api import expect

from assessments.models import Assessment
from tests import builders

from . import data
from .actions import heading, open_principle, principle_title, save_and_continue, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lead_starts_from_last_years_signed_off_assessment(page, check, people, service):
    lead = people["lead"]
    last_year = data.signed_off(service, lead, people["approver"], period="2025/26")
    # A draft for a later year that was never finished must not be what is copied.
    abandoned = builders.start(user=lead, service=service, period="2026/27")
    builders.rate(user=lead, assessment=abandoned, code="NV-01", value=5)
    title = "Discharge to assess 2027/28"

    sign_in(page, check, "lead-user")
    page.get_by_role("link", name=f"Start an assessment of {service.name}").click()
    heading(page, "Start an assessment")
    page.get_by_text("Which assessment is copied").click()
    # The year in brackets only where the title does not already give it.
    year = "" if "2025/26" in last_year.title else " (2025/26)"
    copied = f"{last_year.title}{year}, signed off on 4 March 2026"
    expect(page.locator("main .govuk-details__text")).to_contain_text(copied)
    check("start-names-the-assessment-copied")
    page.get_by_label("Which year does the assessment cover?").fill("2027/28")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Start from the service's latest signed-off assessment").check()
    page.get_by_role("button", name="Start assessment").click()
    heading(page, title)

    # The task list: nothing counts as done until someone confirms it.
    expect(page.get_by_text("You have completed 0 of 12 principles.")).to_be_visible()
    expect(page.get_by_text("Check answer", exact=True)).to_have_count(12)
    check("overview-carried-forward")

    # The report scores nothing yet, and says why.
    page.get_by_role("link", name="Read the report, with scores and charts").click()
    heading(page, f"Report: {title}")
    expect(page.locator("main dd strong").first).to_have_text("Not scored")
    expect(page.locator("main")).to_contain_text(
        f"12 of the 12 answers were carried forward from {last_year.title}{year}"
    )
    expect(page.locator("main")).to_contain_text("0 of 12, 12 carried forward")
    check("report-nothing-confirmed")

    # The lead confirms the first answer as it stands.
    page.get_by_role("link", name=title, exact=True).click()
    heading(page, title)
    check("overview-before-confirming")
    open_principle(page, "NV-01")
    expect(page.locator("main")).to_contain_text("copied from the previous assessment")
    check("principle-NV-01-carried-forward")
    save_and_continue(page)
    heading(page, principle_title("NV-02"))
    check("principle-NV-02-carried-forward")

    page.get_by_role("link", name=title, exact=True).click()
    heading(page, title)
    expect(page.get_by_text("You have completed 1 of 12 principles.")).to_be_visible()
    check("overview-one-confirmed")
    page.get_by_role("link", name="Read the report, with scores and charts").click()
    heading(page, f"Report: {title}")
    expect(page.locator("main")).to_contain_text("1 of 12, 11 carried forward")
    expect(page.locator("main .govuk-tag--yellow")).to_have_text("Provisional")
    check("report-one-confirmed")

    page.get_by_role("link", name=title, exact=True).click()
    heading(page, title)
    check("overview-before-history")
    page.get_by_role("link", name="See the history of changes").click()
    heading(page, "History of changes")
    expect(page.locator("main")).to_contain_text(
        re.compile(rf"Started the assessment, copying answers from {re.escape(copied)}")
    )
    check("history-names-the-assessment-copied")

    assessment = Assessment.objects.get(title=title)
    assert assessment.previous == last_year
    assert assessment.ratings.filter(carried_forward=True).count() == 11
