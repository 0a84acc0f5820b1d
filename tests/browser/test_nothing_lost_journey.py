"""Nothing typed is lost, in a real browser: a save after the lead submitted, the timeout
warning and signing back in to find the answers put back, Enter in a text box; and the
board pack, whose heat map must scroll on its own, never the page.

``check(name)`` runs axe and the 320px reflow check on every page (see audit.py).
"""

import re

import pytest
from playwright.sync_api import expect

from partnerships.models import Role
from tests import builders

from . import data
from .actions import (
    PASSWORD,
    choose_level,
    email_of,
    heading,
    open_from_dashboard,
    open_principle,
    principle_title,
    sign_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE = {"width": 1280, "height": 800}


def _page_width(page) -> dict:
    return page.evaluate(
        "() => ({window: window.innerWidth, page: document.documentElement.scrollWidth})"
    )


def test_a_board_member_reads_the_board_pack_at_any_width(page, check, people, service):
    """The board pack, with a not-applicable principle in its heat map: only the tables
    scroll sideways, at 1280px as at 320px (audit.py), and axe finds nothing."""
    signed = data.signed_off(service, people[Role.LEAD], people[Role.APPROVER], period="2025/26")
    assert signed.ratings.filter(not_applicable=True).exists()  # "not applicable" in a cell

    sign_in(page, check, "viewer-user", "dashboard-viewer")
    page.get_by_role("link", name=re.compile("^Board pack for ")).click()
    heading(page, re.compile("^Board pack: "))
    heat_map = page.get_by_role("region", name=re.compile("^Scores by principle"))
    expect(heat_map).to_contain_text("not applicable")
    check("board-pack")
    page.set_viewport_size(WIDE)
    try:
        width = _page_width(page)
    finally:
        page.set_viewport_size({"width": 1024, "height": 768})
    assert width["page"] <= width["window"], f"The board pack scrolls sideways at 1280px: {width}"


def test_a_save_after_the_lead_submitted_says_so_and_keeps_the_text(page, check, people, draft):
    """A contributor saves a principle the lead has just submitted: the page says who
    submitted it and when, and shows what they typed, not "You cannot do this"."""
    builders.complete(user=people[Role.LEAD], assessment=draft)
    sign_in(page, check, "contributor-user", "dashboard-contributor")
    open_from_dashboard(page, check, draft.title)
    open_principle(page, "NV-02")
    check("principle-NV-02-before-submission")
    evidence = "Typed while the lead was submitting: carers' survey, 41 replies."
    choose_level(page, 4)
    page.get_by_label("Evidence", exact=True).fill(evidence)

    builders.submit(user=people[Role.LEAD], assessment=draft)  # meanwhile, the lead submits
    page.get_by_role("button", name="Save and continue").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"{people[Role.LEAD].name} submitted this assessment for sign-off"
    )
    expect(page.locator("main")).to_contain_text(evidence)
    expect(page.locator("main")).to_contain_text("4 – Strengthening")
    check("principle-not-saved-after-submission")
    assert builders.rating_for(assessment=draft, code="NV-02").evidence == "Evidence for NV-02."


def test_enter_in_a_text_box_saves_and_continues(page, check, people, draft):
    """Pressing Enter in the action's owner box saves the principle and goes to the next."""
    sign_in(page, check, "contributor-user", "dashboard-contributor")
    open_from_dashboard(page, check, draft.title)
    open_principle(page, "NV-01")
    check("principle-NV-01")
    choose_level(page, 3)
    page.get_by_label("Evidence", exact=True).fill("Care plans audit: 8 of 10 co-produced.")
    page.locator("#id_actions-0-description").fill("Share discharge summaries with GPs.")
    page.locator("#id_actions-0-owner").fill("Discharge team manager")
    for part, value in enumerate(("31", "3", "2027")):
        page.locator(f"#id_actions-0-due_date_{part}").fill(value)
    page.locator("#id_actions-0-owner").press("Enter")

    heading(page, principle_title("NV-02"))
    check("principle-NV-02-after-enter")
    saved = builders.rating_for(assessment=draft, code="NV-01")
    assert saved.level.value == 3 and saved.actions.get().owner == "Discharge team manager"


def test_the_timeout_warning_then_the_answers_are_put_back_after_signing_in(
    page, check, people, draft, settings
):
    """Warned before the idle limit, the contributor stays signed in; later the limit
    passes with answers typed and unsaved: they are told why they must sign in, and after
    signing in the answers are back in the form, not saved, until they save them."""
    settings.SESSION_COOKIE_AGE = 30 * 60  # the warning opens 5 minutes before
    page.clock.install()  # the page's own clock, moved on below; the server's runs as usual
    sign_in(page, check, "contributor-user", "dashboard-contributor")
    open_from_dashboard(page, check, draft.title)
    open_principle(page, "NV-01")
    check("principle-NV-01-before-idle")
    evidence = "Typed before a long meeting: discharge audit, 9 of 10 plans co-produced."
    choose_level(page, 4)
    page.get_by_label("Evidence", exact=True).fill(evidence)

    # 25 minutes later: the warning, with focus inside it.
    page.clock.fast_forward("25:01")
    dialog = page.get_by_role("dialog", name="You’re about to be signed out")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("we will sign you out in 5 minutes")
    expect(dialog.get_by_role("button", name="Stay signed in")).to_be_focused()
    check("timeout-warning")
    with page.expect_response("**/session/keep-alive/") as kept:
        dialog.get_by_role("button", name="Stay signed in").click()
    assert kept.value.status == 204
    expect(dialog).to_be_hidden()
    expect(page.get_by_label("Evidence", exact=True)).to_have_value(evidence)

    # Then 30 minutes pass with nothing done: the session ends (its cookie expires), and
    # the page posts what was typed on its way to sign in.
    page.context.clear_cookies(name="sessionid")
    page.clock.fast_forward("30:01")
    heading(page, "Sign in")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "You were signed out after 30 minutes without using the service."
    )
    check("signed-out-after-idle")
    assert builders.rating_for(assessment=draft, code="NV-01").evidence == ""

    page.get_by_label("Email address").fill(email_of("contributor-user"))
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    heading(page, principle_title("NV-01"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "These answers are not saved yet: check them and save."
    )
    expect(page.get_by_label("Evidence", exact=True)).to_have_value(evidence)
    expect(page.get_by_label("4 – Strengthening", exact=True)).to_be_checked()
    check("principle-NV-01-answers-put-back")
    assert builders.rating_for(assessment=draft, code="NV-01").evidence == ""

    page.get_by_role("button", name="Save and continue").click()
    heading(page, principle_title("NV-02"))
    check("principle-NV-02-after-saving-put-back-answers")
    saved = builders.rating_for(assessment=draft, code="NV-01")
    assert (saved.level.value, saved.evidence) == (4, evidence)


def test_weights_saved_after_submission_keep_the_reason_typed(page, check, people, draft):
    """The lead changes a weight and submits from another tab: the page says who submitted it
    and shows the weight and reason typed; opened again, the weights page says why not."""
    builders.complete(user=people[Role.LEAD], assessment=draft)
    rating = builders.rating_for(assessment=draft, code="NV-01")
    sign_in(page, check, "lead-user", "dashboard-lead")
    page.goto(f"/assessments/{draft.pk}/weights/")
    check("weights-before-submission")
    reason = "The board asked for person-centred care to count twice as much."
    page.locator(f"#id_weight_{rating.pk}").fill("2")
    page.locator(f"#id_reason_{rating.pk}").fill(reason)

    builders.submit(user=people[Role.LEAD], assessment=draft)  # meanwhile, from another tab
    page.get_by_role("button", name="Save weights").click()

    heading(page, "Your weights have not been saved")
    expect(page.locator("main")).to_contain_text("submitted this assessment for sign-off")
    expect(page.locator("main")).to_contain_text(reason)
    check("weights-not-saved-after-submission")
    page.goto(f"/assessments/{draft.pk}/weights/")
    heading(page, "You cannot change the weights now")
    check("weights-not-now")
    assert builders.rating_for(assessment=draft, code="NV-01").weight == 1
