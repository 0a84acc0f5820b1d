"""What people do in the browser, in the words of the page: labels, buttons and links."""

import re

from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

PASSWORD = "a-long-password-1"  # every factory-made user's password (tests/factories.py)
LEVEL_LABELS = {
    1: "1 – Not evident",
    2: "2 – Limited",
    3: "3 – Growing",
    4: "4 – Strengthening",
    5: "5 – Embedded",
}


def heading(page: Page, text: str | re.Pattern) -> None:
    """Wait for the page's main heading, so the request behind it has finished."""
    expect(page.locator("main h1")).to_have_text(text)


def sign_in(page: Page, check, username: str, dashboard: str = "dashboard") -> None:
    """Sign in from the sign-in page and check the dashboard it leads to."""
    page.goto("/sign-in/")
    heading(page, "Sign in")
    check("sign-in")
    page.get_by_label("Email address").fill(email_of(username))
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    heading(page, "Your assessments")
    check(dashboard)


def sign_out(page: Page, check) -> None:
    page.get_by_role("button", name="Sign out").click()
    heading(page, "Sign in")
    check("signed-out")


def submit_and_sign_out(page: Page, check, name: str) -> None:
    """Submit from check your answers, check the confirmation as ``name``, and sign out."""
    page.get_by_role("button", name="Submit for sign-off").click()
    heading(page, "Assessment submitted for sign-off")
    check(name)
    sign_out(page, check)


def open_principle(page: Page, code: str) -> None:
    """Open a principle from the assessment's task list."""
    page.get_by_role("link", name=re.compile(rf"^{code} ")).click()
    expect(page.locator("main .govuk-caption-l")).to_contain_text(code)


def choose_level(page: Page, value: int) -> None:
    page.get_by_label(LEVEL_LABELS[value], exact=True).check()


def rate(page: Page, value: int, evidence: str) -> None:
    choose_level(page, value)
    page.get_by_label("Evidence", exact=True).fill(evidence)


def save_and_continue(page: Page) -> None:
    page.get_by_role("button", name="Save and continue").click()


def fill_action(page: Page, index: int, description: str, owner: str, due: str, status: str):
    """Fill in improvement action ``index``; ``due`` is day, month and year: "31 3 2027"."""
    prefix = f"#id_actions-{index}-"
    page.locator(f"{prefix}description").fill(description)
    page.locator(f"{prefix}owner").fill(owner)
    for part, value in enumerate(due.split()):
        page.locator(f"{prefix}due_date_{part}").fill(value)
    page.locator(f"{prefix}status").select_option(label=status)


def expect_errors(page: Page, messages: list[str]) -> None:
    """The error summary lists exactly these messages (waiting for the new page, if any)."""
    expect(page.locator(".govuk-error-summary li")).to_have_text(messages)


def expect_refused(page: Page, check, path: str, name: str) -> None:
    """A GET the user's role does not allow: the "You cannot do this" page, status 403."""
    response = page.goto(path)
    assert response is not None and response.status == 403, f"{path} was not refused"
    heading(page, "You cannot do this")
    check(name)


def main_forms(page: Page) -> int:
    """Forms in the page's content (the header's sign-out form does not count)."""
    return page.locator("main form").count()


def principle_title(code: str) -> str:
    """A National Voices principle's short title: the heading of its page."""
    from principles.models import Principle

    return Principle.objects.get(principle_set__slug="national-voices", code=code).short_title


def open_from_dashboard(page: Page, check, title: str, name: str = "overview") -> None:
    page.get_by_role("link", name=title, exact=True).first.click()
    heading(page, title)
    check(name)


def email_of(username: str) -> str:
    """People sign in with their email address; the tests name them by username."""
    return get_user_model().objects.get(username=username).email
