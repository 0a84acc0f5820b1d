"""Team scoring in a real browser, by keyboard alone: private ratings, agreement, the PDF.

Three raters rate privately (one principle each here, the rest through the services, as
if typed earlier), the lead opens agreement before the last rater has finished, the team
records two agreed ratings (one two levels from the median, with its note), the lead
submits, chooses to name raters in reports, and the report's PDF shows the spread. Every
page is checked with axe and at 320px (``check``), and focus is visible after every key
press (``keyboard``).
"""

import re

import pytest
from playwright.sync_api import expect

from assessments.models import Assessment, AssessmentState
from partnerships.models import Role
from tests import builders
from tests import team_builders as team
from tests.factories import member
from tests.pdftext import pdf_text

from .actions import heading, principle_title
from .documents import render_first_pages
from .keyboard import (
    activate,
    choose_rating,
    focused,
    follow_error_link,
    keyboard_sign_in,
    press,
    tab_to,
)
from .keyboard import type_into as type_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Discharge to assess, team view 2026/27"
SECRET = "Only I can see this until agreement opens."
# Each rater's level of NV-01 (typed in the browser) and of the other principles.
NV01 = {"contributor": 2, "approver": 2, "second": 3}  # median 2
OTHERS = {"contributor": 1, "approver": 3, "second": 5}  # split everywhere else


def sign_out(page, check) -> None:
    """Shift+Tab back up to the header's Sign out button (focus may start below it, on a
    success banner), checking focus is visible on the way, then Enter."""
    for _ in range(80):
        page.keyboard.press("Shift+Tab")
        state = focused(page, ".app-sign-out button")
        assert state["visible"] or state["what"].startswith("nothing"), state["what"]
        if state["matches"]:
            break
    else:
        raise AssertionError(f"Shift+Tab never reached Sign out at {page.url}")
    page.keyboard.press("Enter")
    heading(page, "Sign in")
    check("signed-out")


def open_assessment(page, check, assessment, name: str) -> None:
    activate(page, f"main a[href='/assessments/{assessment.pk}/']")
    heading(page, TITLE)
    check(name)


def test_a_team_rates_privately_then_agrees_and_the_pdf_shows_the_spread(
    page, check, people, service, partnership, downloads
):
    lead = people["lead"]
    raters = {
        "contributor": people["contributor"],
        "approver": people["approver"],
        "second": member(partnership, Role.CONTRIBUTOR, username="second-contributor"),
    }

    # The lead starts the assessment, choosing individual ratings, then chooses the raters.
    keyboard_sign_in(page, check, "lead-user")
    check("dashboard-lead")
    activate(page, "a[href^='/assessments/start/']")
    heading(page, "Start an assessment")
    check("start")
    type_in(page, "#id_period", "2026/27")
    type_in(page, "#id_title", TITLE)
    tab_to(page, "input[name=rating_mode]")
    press(page, "ArrowDown")
    expect(page.locator("input[name=rating_mode][value=individual]")).to_be_checked()
    activate(page, "#id_start")
    heading(page, "Raters and their progress")
    check("team-no-raters")
    assessment = Assessment.objects.get(title=TITLE)
    offered = page.locator("input[name=users]").evaluate_all("boxes => boxes.map(b => b.value)")
    wanted = {str(user.pk) for user in raters.values()}
    for value in [v for v in offered if v in wanted]:  # in the page's order: Tab goes forward
        tab_to(page, f"input[name=users][value='{value}']")
        press(page, "Space")
    activate(page, "button[name=add]")
    heading(page, "Raters and their progress")
    expect(page.locator("main .govuk-summary-card")).to_have_count(3)
    check("team-three-raters")
    sign_out(page, check)

    # Each rater rates NV-01 privately in the browser; the first also meets an error.
    for key, user in raters.items():
        keyboard_sign_in(page, check, user.username)
        check(f"dashboard-{key}")
        open_assessment(page, check, assessment, f"overview-{key}")
        activate(page, f"a[href='/assessments/{assessment.pk}/team/my-ratings/']")
        heading(page, "Your individual ratings")
        check(f"my-ratings-{key}")
        activate(page, "a.govuk-task-list__link")
        heading(page, principle_title("NV-01"))
        check(f"my-rating-NV-01-{key}")
        expect(page.locator("main")).not_to_contain_text(SECRET)  # nobody else's rating
        choose_rating(page, NV01[key])
        if key == "contributor":
            activate(page, "button[name=save_continue]")
            expect(page.locator(".govuk-error-summary li")).to_have_text(
                ["Enter why you chose this rating"]
            )
            check("my-rating-NV-01-error")
            follow_error_link(page, "id_rationale")
            page.keyboard.type(SECRET)
        else:
            type_in(page, "#id_rationale", f"The {key}'s view, from this year's visits.")
        activate(page, "button[name=save_continue]")
        heading(page, principle_title("NV-02"))
        check(f"my-rating-NV-02-{key}")
        # The rest as if typed earlier, through the same services.
        for number in range(2, 13):
            team.rate_individually(
                user=user, assessment=assessment, code=f"NV-{number:02d}", value=OTHERS[key]
            )
        if key != "second":
            activate(page, f"a.govuk-breadcrumbs__link[href='/assessments/{assessment.pk}/']")
            heading(page, TITLE)
            check(f"overview-rated-{key}")
            activate(page, f"a[href='/assessments/{assessment.pk}/team/my-ratings/']")
            heading(page, "Your individual ratings")
            check(f"my-ratings-complete-{key}")
            activate(page, "main form button[type=submit]")
            expect(page.locator(".govuk-notification-banner")).to_contain_text("finished")
            check(f"my-ratings-finished-{key}")
        sign_out(page, check)

    # The lead sees progress, never values, and opens agreement before the third finishes.
    keyboard_sign_in(page, check, "lead-user")
    check("dashboard-lead-again")
    open_assessment(page, check, assessment, "overview-lead-individual")
    activate(page, f"a[href='/assessments/{assessment.pk}/team/']")
    heading(page, "Raters and their progress")
    expect(page.locator("main")).not_to_contain_text(SECRET)
    check("team-progress")
    activate(page, f"main a[href='/assessments/{assessment.pk}/team/open-agreement/']")
    heading(page, "Open agreement")
    check("open-agreement")
    activate(page, "button[name=open]")
    expect(page.locator(".govuk-error-summary li")).to_have_text(
        ["Confirm that you want to open agreement before everyone has finished"]
    )
    check("open-agreement-error")
    follow_error_link(page, "id_although_unfinished")
    press(page, "Space")
    activate(page, "button[name=open]")
    heading(page, "The team's ratings")
    expect(page.locator("main")).to_contain_text(raters["second"].name)  # had not finished
    check("agreement")
    sign_out(page, check)

    # The contributor records two agreed ratings: NV-01 two levels above the median.
    keyboard_sign_in(page, check, "contributor-user")
    check("dashboard-contributor-agreement")
    open_assessment(page, check, assessment, "overview-agreement")
    activate(page, f"a[href='/assessments/{assessment.pk}/team/agreement/']")
    heading(page, "The team's ratings")
    check("agreement-contributor")
    activate(page, f"a[href='/assessments/{assessment.pk}/principles/NV-01/']")
    heading(page, principle_title("NV-01"))
    expect(page.locator("#team-ratings")).to_contain_text(
        "3 ratings: median 2 – Limited, range 2 – Limited to 3 – Growing"
    )
    expect(page.locator("#team-ratings")).to_contain_text(SECRET)  # the team sees it now
    check("agree-NV-01")
    choose_rating(page, 4)
    type_in(page, "#id_evidence", "The carers' audit came after the individual ratings.")
    activate(page, "button[name=save_continue]")
    expect(page.locator(".govuk-error-summary li")).to_have_text(
        ["Enter why the agreed rating is more than one level from the team's median"]
    )
    check("agree-NV-01-error")
    follow_error_link(page, "id_divergence_note")
    page.keyboard.type("The carers' audit, which two of us had not seen, shows more.")
    activate(page, "button[name=save_continue]")
    heading(page, principle_title("NV-02"))
    check("agree-NV-02")
    choose_rating(page, 3)
    type_in(page, "#id_evidence", "Agreed at the workshop: the middle of our views.")
    activate(page, "button[name=save_continue]")
    heading(page, principle_title("NV-03"))
    check("agree-NV-03")
    sign_out(page, check)
    for number in range(3, 13):  # the others as agreed at the same workshop
        team.agree(user=lead, assessment=assessment, code=f"NV-{number:02d}", value=3)

    # The lead submits, then reads the report and its PDF, which show the spread.
    keyboard_sign_in(page, check, "lead-user")
    check("dashboard-lead-to-submit")
    open_assessment(page, check, assessment, "overview-agreed")
    activate(page, f"a[href='/assessments/{assessment.pk}/check/']")
    heading(page, "Check your answers before submitting")
    check("check-answers")
    activate(page, "main form button[type=submit]")
    heading(page, "Assessment submitted for sign-off")
    check("submitted")
    assert builders.reload(assessment=assessment).state == AssessmentState.SUBMITTED
    page.goto(f"/assessments/{assessment.pk}/report/")
    heading(page, f"Report: {TITLE}")
    expect(page.locator("#disagreed")).to_be_visible()
    for user in raters.values():  # rationales without names in reports
        expect(page.locator("main")).not_to_contain_text(user.name)
    check("report")

    # Before sign-off, the lead chooses to show raters' names beside rationales in reports.
    page.goto(f"/assessments/{assessment.pk}/team/")
    heading(page, "Raters and their progress")
    check("team-submitted")
    tab_to(page, "input[name=show]")
    press(page, "ArrowDown")
    expect(page.locator("input[name=show][value=yes]")).to_be_checked()
    activate(page, "button[name=save_names]")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Reports show raters' names")
    check("team-names-in-reports")
    page.goto(f"/assessments/{assessment.pk}/report/")
    heading(page, f"Report: {TITLE}")
    expect(page.locator("main")).to_contain_text(f"{raters['second'].name}: ")
    check("report-with-names")
    with page.expect_download(timeout=60_000) as download_info:
        activate(page, f"a[href='/assessments/{assessment.pk}/report.pdf']")
    pdf = downloads / download_info.value.suggested_filename
    download_info.value.save_as(pdf)
    text = pdf_text(pdf)
    assert "How the team rated each principle" in text
    assert "Where the team disagreed" in text
    said = "3 ratings: median 2 – Limited, range 2 – Limited to 3 – Growing, agreed"
    assert re.search(said, text), text[:2000]
    assert "The carers' audit, which two of us had not seen, shows more." in text
    render_first_pages(pdf, check, "report-pdf")
