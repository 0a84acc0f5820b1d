"""Assessing in a real browser: a commissioner over two sittings, and the same with the
keyboard only.

``check(name)`` runs axe and the 320px reflow check on the page as it is and saves a
screenshot (see audit.py). It is called on every page of ours a journey reaches, in each
state: empty, with errors, completed. Django admin pages are only photographed. The journeys
after submission are in test_sign_off_journeys.py."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from assessments.models import Assessment, AssessmentState

from .actions import (
    LEVEL_LABELS,
    choose_level,
    expect_errors,
    fill_action,
    heading,
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
    sign_in_after_mistyping,
    start_assessment_after_mistakes,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_commissioner_completes_an_assessment_over_two_sittings(page, check, people, service):
    """The lead starts it, the contributor rates over two sittings, with every error on the way."""
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
