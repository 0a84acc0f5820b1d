"""Whole journeys in a real browser, as each role would take them.

``check(name)`` runs axe and the 320px reflow check on the page as it is and saves a
screenshot (see audit.py). It is called on every page of ours a journey reaches, in each
state: empty, with errors, completed. Django admin pages are only photographed.
"""

import datetime
import re

import pytest
from playwright.sync_api import expect

from assessments.models import Assessment, AssessmentState
from principles.models import Principle
from tests import builders
from tests.factories import ServiceFactory, UserFactory

from . import data
from .actions import (
    LEVEL_LABELS,
    choose_level,
    expect_errors,
    expect_refused,
    fill_action,
    heading,
    main_forms,
    open_from_dashboard,
    open_principle,
    principle_title,
    rate,
    save_and_continue,
    sign_in,
    sign_out,
)
from .keyboard import (
    activate,
    choose_rating,
    follow_error_link,
    keyboard_sign_in,
    press,
    tab_to,
    type_into,
)
from .steps import (
    change_statement_in_admin,
    read_report_and_its_pdf,
    record_sign_off_after_mistakes,
    sign_in_after_mistyping,
    start_assessment_after_mistakes,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_commissioner_completes_an_assessment_over_two_sittings(page, check, people, service):
    title = "Discharge to assess 2026/27"
    # The lead signs in (after a mistyped password) and starts the assessment.
    sign_in_after_mistyping(page, check, "lead-user", "dashboard-lead-no-assessments")
    start_assessment_after_mistakes(page, check, service, title)
    sign_out(page, check)

    # The contributor rates the first seven principles, then saves a draft.
    sign_in(page, check, "contributor-user", "dashboard-contributor-new-draft")
    expect(page.get_by_role("link", name=re.compile("Start an assessment"))).to_have_count(0)
    open_from_dashboard(page, check, title, "overview-not-started")
    open_principle(page, "NV-01")
    check("principle-NV-01-empty")
    save_and_continue(page)
    expect_errors(page, ["Select a rating, or select not applicable"])
    check("principle-NV-01-error-no-rating")
    choose_level(page, 3)
    save_and_continue(page)
    expect_errors(page, ["Enter evidence for this rating"])
    expect(page.get_by_label(LEVEL_LABELS[3])).to_be_checked()
    check("principle-NV-01-error-no-evidence")
    page.get_by_label("Evidence", exact=True).fill("Care plans audit: 8 of 10 co-produced.")
    save_and_continue(page)
    heading(page, principle_title("NV-02"))

    check("principle-NV-02-empty")
    rate(page, 4, "Readmissions fell from 14% to 11%.")
    fill_action(
        page,
        0,
        "Share discharge summaries with GPs within 24 hours.",
        "Discharge team manager",
        "31 3 2027",
        "Agreed",
    )
    page.get_by_role("button", name="Save and add another action").click()
    expect(page.get_by_role("group", name="Improvement action 1")).to_be_visible()
    expect(page.locator("#id_actions-0-owner")).to_have_value("Discharge team manager")
    check("principle-NV-02-with-action")
    save_and_continue(page)
    heading(page, principle_title("NV-03"))

    check("principle-NV-03-empty")
    page.get_by_label("Not applicable", exact=True).check()
    reason = page.get_by_label("Why is this principle not applicable?")
    expect(reason).to_be_visible()
    check("principle-NV-03-not-applicable-chosen")
    reason.fill("Outcome measures are set by the integrated care board, not this service.")
    save_and_continue(page)
    for code, level in (("NV-04", 2), ("NV-05", 3), ("NV-06", 4), ("NV-07", 2)):
        heading(page, principle_title(code))
        check(f"principle-{code}-empty")
        rate(page, level, f"Evidence for {code}: discharge audit, carers' survey.")
        if code != "NV-07":
            save_and_continue(page)
    page.get_by_role("button", name="Save as draft").click()
    heading(page, title)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("NV-07")
    expect(page.get_by_text("You have completed 7 of 12 principles.")).to_be_visible()
    check("overview-draft-saved")
    sign_out(page, check)

    # Later: signs in again, opens the draft from the dashboard and finishes it.
    sign_in(page, check, "contributor-user", "dashboard-contributor-draft-in-progress")
    expect(page.get_by_text("is a draft: 7 of 12 principles completed")).to_be_visible()
    open_from_dashboard(page, check, title)
    open_principle(page, "NV-08")
    for code, level in (("NV-08", 3), ("NV-09", 2), ("NV-10", 1), ("NV-11", 3), ("NV-12", 4)):
        heading(page, principle_title(code))
        check(f"principle-{code}-empty")
        rate(page, level, f"Evidence for {code}: discharge audit, carers' survey.")
        save_and_continue(page)
    heading(page, "Answers")  # check your answers, as a contributor (who cannot submit)
    expect(page.get_by_text("You have completed 12 of 12 principles.")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Change"))).to_have_count(12)
    expect(page.get_by_text("Share discharge summaries with GPs within 24 hours.")).to_be_visible()
    check("check-answers-contributor")
    sign_out(page, check)

    # The lead sees the same answers, ready to submit.
    sign_in(page, check, "lead-user")
    open_from_dashboard(page, check, title)
    page.get_by_role("link", name="Check your answers and submit for sign-off").click()
    heading(page, "Check your answers before submitting")
    expect(page.get_by_role("button", name="Submit for sign-off")).to_be_visible()
    check("check-answers-lead")

    assessment = Assessment.objects.get(title=title)
    ratings = {r.principle.code: r for r in assessment.ratings.select_related("principle", "level")}
    assert all(r.is_complete for r in ratings.values())
    assert ratings["NV-01"].level.value == 3 and ratings["NV-12"].level.value == 4
    assert ratings["NV-03"].not_applicable
    assert "integrated care board" in ratings["NV-03"].not_applicable_reason
    action = ratings["NV-02"].actions.get()
    assert (action.owner, action.due_date, action.status) == (
        "Discharge team manager",
        datetime.date(2027, 3, 31),
        "agreed",
    )


def test_lead_submits_approver_returns_then_signs_off(page, check, people, service):
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
    page.get_by_role("button", name="Submit for sign-off").click()
    heading(page, "Assessment submitted for sign-off")
    check("submitted")
    sign_out(page, check)

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
    page.get_by_role("button", name="Submit for sign-off").click()
    heading(page, "Assessment submitted for sign-off")
    check("submitted-again")
    sign_out(page, check)

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


def test_keyboard_only_assessment(page, check, people, service):
    """Tab, Space, Enter and arrow keys only, with focus visible after every key."""
    title = "Keyboard discharge assessment 2026/27"
    keyboard_sign_in(page, check, "lead-user")
    check("dashboard")
    activate(page, "a[href^='/assessments/start/']")
    heading(page, "Start an assessment")
    check("start")
    expect(page.locator("#id_service")).to_have_value(str(service.pk))
    type_into(page, "#id_period", "2026/27")
    type_into(page, "#id_title", title)
    activate(page, "#id_start")
    heading(page, title)
    check("overview")
    activate(page, "a.govuk-task-list__link")

    # NV-01: two failed submits, each corrected from the error summary's link.
    heading(page, principle_title("NV-01"))
    check("principle-NV-01")
    activate(page, "button[name=save_continue]")
    expect_errors(page, ["Select a rating, or select not applicable"])
    check("principle-NV-01-error-no-rating")
    follow_error_link(page, "id_answer_1")
    press(page, "Space")
    press(page, "ArrowDown")
    press(page, "ArrowDown")
    expect(page.locator("#id_answer_3")).to_be_checked()
    activate(page, "button[name=save_continue]")
    expect_errors(page, ["Enter evidence for this rating"])
    check("principle-NV-01-error-no-evidence")
    follow_error_link(page, "id_evidence")
    page.keyboard.type("Care plans audit, typed without a mouse.")
    activate(page, "button[name=save_continue]")

    # NV-02 with an improvement action; its status is chosen with the arrow keys.
    heading(page, principle_title("NV-02"))
    check("principle-NV-02")
    choose_rating(page, 4)
    type_into(page, "#id_evidence", "Readmissions audit.")
    type_into(page, "#id_actions-0-description", "Share discharge summaries with GPs.")
    type_into(page, "#id_actions-0-owner", "Discharge team manager")
    for part, value in enumerate(("30", "9", "2027")):
        type_into(page, f"#id_actions-0-due_date_{part}", value)
    tab_to(page, "#id_actions-0-status")
    press(page, "ArrowDown")
    expect(page.locator("#id_actions-0-status")).to_have_value("agreed")
    activate(page, "button[name=save_continue]")

    # NV-03 is not applicable: choosing it reveals the reason, the next Tab stop.
    heading(page, principle_title("NV-03"))
    check("principle-NV-03")
    choose_rating(page, 6)
    expect(page.locator("#id_not_applicable_reason")).to_be_visible()
    type_into(page, "#id_not_applicable_reason", "Outcome measures are set elsewhere.")
    activate(page, "button[name=save_continue]")

    for number in range(4, 13):
        code = f"NV-{number:02d}"
        heading(page, principle_title(code))
        check(f"principle-{code}")
        choose_rating(page, 3)
        type_into(page, "#id_evidence", f"Evidence for {code}.")
        activate(page, "button[name=save_continue]")
    heading(page, "Check your answers before submitting")
    check("check-answers")
    activate(page, "main form button[type=submit]")
    heading(page, "Assessment submitted for sign-off")
    check("submitted")

    assessment = Assessment.objects.get(title=title)
    assert assessment.state == AssessmentState.SUBMITTED
    ratings = {r.principle.code: r for r in assessment.ratings.select_related("principle", "level")}
    assert ratings["NV-01"].level.value == 3 and ratings["NV-03"].not_applicable
    assert ratings["NV-02"].actions.get().status == "agreed"
