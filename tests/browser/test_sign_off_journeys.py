"""After submission, in a real browser: a return and sign-off, a board member reading the
report, and an admin's edit that signed-off reports do not follow.

``check(name)`` runs axe and the 320px reflow check on the page and saves a screenshot
(see audit.py); Django admin pages are only photographed."""

import re

import pytest
from playwright.sync_api import expect

from assessments.models import Assessment, AssessmentState
from principles.models import Principle
from tests import builders
from tests.factories import PrincipleSetFactory, ServiceFactory, UserFactory

from . import data
from .actions import (
    expect_errors,
    expect_refused,
    heading,
    main_forms,
    open_from_dashboard,
    open_principle,
    rate,
    sign_in,
    sign_out,
    submit_and_sign_out,
)
from .steps import (
    change_statement_in_admin,
    read_report_and_its_pdf,
    record_sign_off_after_mistakes,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lead_submits_approver_returns_then_signs_off(page, check, people, service):
    """The lead changes a weight and submits; the approver returns it, then signs it off."""
    assessment = data.rated(service, people["lead"], period="2026/27")
    title = assessment.title

    # The lead changes a weight (a reason is required) and submits.
    sign_in(page, check, "lead-user")
    open_from_dashboard(page, check, title, "overview-draft-complete")
    page.get_by_role("link", name="Change weights").click()
    heading(page, "Weights")
    check("weights")
    nv05 = page.get_by_role("group", name=re.compile("^NV-05 "))
    nv05.get_by_label("Weight", exact=True).fill("2")
    page.get_by_role("button", name="Save weights").click()
    expect_errors(page, ["Enter why the weight for NV-05 differs from its default"])
    check("weights-errors")
    nv05.get_by_label("Reason for changing the weight").fill("Inclusion is this year's focus.")
    page.get_by_role("button", name="Save weights").click()
    heading(page, title)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("weights have been saved")
    check("overview-weights-saved")
    page.get_by_role("link", name="Check your answers and submit for sign-off").click()
    heading(page, "Check your answers before submitting")
    expect(page.get_by_text("Inclusion is this year's focus.")).to_be_visible()
    check("check-answers-ready")
    submit_and_sign_out(page, check, "submitted")

    # The approver returns it with a comment (after first forgetting to write one).
    sign_in(page, check, "approver-user", "dashboard-approver-to-sign-off")
    expect(page.get_by_text("is waiting for sign-off")).to_be_visible()
    open_from_dashboard(page, check, title, "overview-submitted")
    page.get_by_role("button", name="Return for changes").click()  # a link styled as a button
    heading(page, "Return for changes")
    check("return")
    page.get_by_role("button", name="Return for changes").click()
    expect(page.locator(".govuk-error-summary li")).to_have_count(1)
    check("return-errors")
    comment = "NV-01 evidence is from 2024: add this year's care plan audit."
    page.get_by_label("What needs to change?").fill(comment)
    page.get_by_role("button", name="Return for changes").click()
    heading(page, title)
    expect(page.locator(".govuk-inset-text").first).to_contain_text(comment)
    check("overview-returned")
    sign_out(page, check)

    # The lead corrects it and submits it again.
    sign_in(page, check, "lead-user", "dashboard-lead-returned")
    expect(page.get_by_text("was returned for changes")).to_be_visible()
    open_from_dashboard(page, check, title)
    open_principle(page, "NV-01")
    check("principle-NV-01-returned")
    rate(page, 3, "2026 care plan audit: 9 of 10 plans co-produced with the person.")
    page.get_by_role("button", name="Save as draft").click()
    heading(page, title)
    check("overview-corrected")
    page.get_by_role("link", name="Check your answers and submit for sign-off").click()
    heading(page, "Check your answers before submitting")
    check("check-answers-corrected")
    submit_and_sign_out(page, check, "submitted-again")

    # The approver records the board's sign-off (the first attempt has mistakes).
    sign_in(page, check, "approver-user")
    open_from_dashboard(page, check, title)
    meeting = record_sign_off_after_mistakes(page, check, title)
    page.get_by_role("link", name="See the history of changes").click()
    heading(page, "History of changes")
    check("history")

    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.SIGNED_OFF
    assert (assessment.signoff_decision, assessment.signoff_date) == ("approved", meeting)
    assert assessment.signoff_minute_reference == "HWB 2026/44"
    assert assessment.returned_comment == comment
    nv05 = assessment.ratings.get(principle__code="NV-05")
    assert (nv05.weight, nv05.weight_reason) == (2, "Inclusion is this year's focus.")
    assert assessment.ratings.get(principle__code="NV-01").evidence.startswith("2026 care plan")


def test_board_member_reads_the_report_and_cannot_change_anything(
    page, check, downloads, people, service, partnership
):
    """A viewer reads the report and its PDF, finds nothing to change and is refused at every
    address that would change something."""
    lead = people["lead"]
    signed = data.signed_off(service, lead, people["approver"], period="2025/26")
    draft = data.rated(service, lead, period="2026/27")
    waiting = data.submitted(
        ServiceFactory(partnership=partnership, name="Reablement"), lead, period="2026/27"
    )

    sign_in(page, check, "viewer-user", "dashboard-viewer")
    expect(page.get_by_role("link", name=re.compile("Start an assessment"))).to_have_count(0)
    open_from_dashboard(page, check, signed.title, "overview-signed-off-viewer")
    for action in ("Change weights", "Record sign-off", "Return for changes"):
        expect(page.get_by_role("link", name=action)).to_have_count(0)

    # The report: charts with text alternatives, the same figures as tables, and a PDF.
    read_report_and_its_pdf(page, check, downloads, signed)

    # Principle pages and answers are read-only: no forms, no "Change" links.
    page.get_by_role("link", name="Your assessments").click()
    heading(page, "Your assessments")
    check("dashboard-viewer-after-report")
    open_from_dashboard(page, check, draft.title, "overview-draft-viewer")
    expect(page.get_by_role("link", name="Change weights")).to_have_count(0)
    open_principle(page, "NV-01")
    assert main_forms(page) == 0
    expect(page.locator("main input, main textarea, main button")).to_have_count(0)
    check("principle-readonly-draft")
    page.get_by_role("link", name=draft.title, exact=True).click()
    heading(page, draft.title)
    check("overview-draft-viewer-again")
    page.get_by_role("link", name="Read all answers").click()
    heading(page, "Answers")
    expect(page.get_by_role("link", name=re.compile("^Change"))).to_have_count(0)
    assert main_forms(page) == 0
    check("answers-readonly-draft")

    # Typing the addresses does not help either.
    expect_refused(page, check, f"/assessments/{draft.pk}/weights/", "refused-weights")
    expect_refused(page, check, f"/assessments/{waiting.pk}/sign-off/", "refused-sign-off")
    expect_refused(page, check, f"/assessments/{waiting.pk}/return/", "refused-return")
    expect_refused(page, check, "/assessments/start/", "refused-start")
    assert Assessment.objects.get(pk=draft.pk).state == AssessmentState.DRAFT
    assert Assessment.objects.get(pk=waiting.pk).state == AssessmentState.SUBMITTED

    # The footer's pages.
    page.get_by_role("link", name="Accessibility statement").click()
    heading(page, "Accessibility statement")
    check("accessibility-statement")
    page.get_by_role("link", name="Cookies and privacy").click()
    heading(page, "Cookies and privacy")
    check("cookies")


def test_admin_edits_a_principle_and_signed_off_reports_keep_the_old_text(
    page, check, people, service
):
    """An admin's new principle text reaches a new draft, never a signed-off report."""
    lead = people["lead"]
    signed = data.signed_off(service, lead, people["approver"], period="2025/26")
    old = Principle.objects.get(principle_set__slug="national-voices", code="NV-01").statement
    new = "be planned with me, by people working together, to achieve the outcomes I choose."
    UserFactory(username="site-admin", is_staff=True, is_superuser=True)

    # The admin changes NV-01's statement in Django admin.
    sign_in(page, check, "site-admin", "dashboard-admin-no-partnerships")
    change_statement_in_admin(page, check, "NV-01", old, new)

    # A new assessment is rated against the new text...
    fresh = builders.start(user=lead, service=service, period="2026/27")
    sign_in(page, check, "lead-user")
    open_from_dashboard(page, check, fresh.title)
    open_principle(page, "NV-01")
    expect(page.locator(".app-principle-statement")).to_have_text(new)
    check("principle-NV-01-new-text")
    page.get_by_role("link", name="Principles", exact=True).click()
    heading(page, "Principle sets")
    check("principle-sets")
    page.get_by_role("link", name="Principles for integrated care").click()
    expect(page.locator("main")).to_contain_text(new)
    check("principle-set-new-text")

    # ...while the signed-off assessment keeps the text it was rated against.
    page.goto(f"/assessments/{signed.pk}/report/")
    heading(page, f"Report: {signed.title}")
    expect(page.locator("#principle-NV-01 + p.statement")).to_contain_text(old)
    expect(page.locator("main")).not_to_contain_text(new)
    check("report-signed-off-old-text")
    page.get_by_role("link", name=signed.title, exact=True).click()
    heading(page, signed.title)
    check("overview-signed-off")
    open_principle(page, "NV-01")
    expect(page.locator(".app-principle-statement")).to_have_text(old)
    check("principle-NV-01-signed-off-old-text")


def test_lead_weights_a_large_set_a_page_at_a_time(page, check, people, service):
    """On a set of 30 principles the lead moves to the second page of weights, changes one
    (a reason is required), saves, sees it in the saved weights, and follows a principle's
    link there to its page."""
    principle_set = PrincipleSetFactory(principles=30)
    assessment = builders.start(
        user=people["lead"], service=service, principle_set=principle_set, title="Local 2026/27"
    )
    ratings = list(assessment.ratings.select_related("principle").order_by("principle__order"))
    fifteenth, last = ratings[14].principle, ratings[29].principle

    sign_in(page, check, "lead-user")
    open_from_dashboard(page, check, "Local 2026/27", "overview-local-set")
    page.get_by_role("link", name="Change weights").click()
    heading(page, "Weights")
    expect(page.get_by_role("group")).to_have_count(12)
    check("weights-first-page")
    pages = page.get_by_role("navigation", name="Pages of principles")
    pages.get_by_role("link", name="Next").click()
    expect(page.get_by_text("This page has principles 13 to 24 of 30")).to_be_visible()
    check("weights-second-page")
    group = page.get_by_role("group", name=f"{fifteenth.code} {fifteenth.short_title}")
    group.get_by_label("Weight", exact=True).fill("4")
    page.get_by_role("button", name="Save weights").click()
    expect_errors(page, [f"Enter why the weight for {fifteenth.code} differs from its default"])
    check("weights-second-page-errors")
    group.get_by_label("Reason for changing the weight").fill("Our board's priority this year.")
    page.get_by_role("button", name="Save weights").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("weights have been saved")
    saved = page.get_by_role("table", name="Saved weights")
    expect(saved.get_by_role("row", name=re.compile(f"^{fifteenth.code} "))).to_contain_text("4")
    check("weights-second-page-saved")

    saved.get_by_role("link", name=f"{last.code} {last.short_title}").click()
    expect(page.get_by_text("This page has principles 25 to 30 of 30")).to_be_visible()
    expect(page.get_by_role("group")).to_have_count(6)
    check("weights-last-page")
    assert builders.rating_for(assessment=assessment, code=fifteenth.code).weight == 4
