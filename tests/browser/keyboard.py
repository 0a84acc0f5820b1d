"""Using the service with the keyboard alone, checking focus is visible at every step.

GOV.UK focus style: the focus colour #ffdd00 as an outline, box-shadow or background.
For radios and checkboxes the input is transparent and the ring is drawn by the label's
::before, so that is checked too.
"""

from playwright.sync_api import Page, expect

from .actions import PASSWORD, email_of, heading

FOCUS_COLOUR = "rgb(255, 221, 0)"  # $govuk-focus-colour, #ffdd00

_FOCUS_JS = """([selector, yellow]) => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) {
    return {visible: false, matches: false, id: '', what: 'nothing (the page itself)'};
  }
  const styles = [getComputedStyle(el)];
  if (el.matches('.govuk-radios__input, .govuk-checkboxes__input') && el.labels.length) {
    styles.push(getComputedStyle(el.labels[0], '::before'));
  }
  const visible = styles.some(s =>
    (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 && s.outlineColor === yellow)
    || s.boxShadow.includes(yellow) || s.backgroundColor === yellow);
  const box = el.getBoundingClientRect();
  const label = ((el.labels && el.labels[0] && el.labels[0].innerText) || el.innerText
    || el.getAttribute('aria-label') || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
  return {
    visible: visible && box.width > 0 && box.height > 0,
    matches: selector ? el.matches(selector) : false,
    id: el.id,
    classes: el.className,
    what: `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} "${label}"`,
  };
}"""


def focused(page: Page, selector: str = "") -> dict:
    return page.evaluate(_FOCUS_JS, [selector, FOCUS_COLOUR])


def assert_focus_visible(page: Page) -> dict:
    state = focused(page)
    assert state["visible"], f"Focus is not visible on {state['what']} at {page.url}"
    return state


def tab_to(page: Page, selector: str, *, limit: int = 60) -> dict:
    """Press Tab until ``selector`` has focus, checking focus is visible after each press."""
    # GOV.UK Frontend's scripts start once the page has loaded and redraw parts of the
    # header; a Tab pressed before then can lose focus to the page on a busy machine.
    page.wait_for_load_state("load")
    passed = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = focused(page, selector)
        passed.append(state["what"])
        assert state["visible"], (
            f"Focus is not visible on {state['what']} at {page.url}; "
            f"tabbed through: {', '.join(passed)}"
        )
        if state["matches"]:
            return state
    raise AssertionError(f"Tab never reached {selector} at {page.url}: {', '.join(passed)}")


def press(page: Page, key: str) -> dict:
    """Press a key on the focused element and check focus is still visible."""
    page.keyboard.press(key)
    return assert_focus_visible(page)


def type_into(page: Page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def choose_rating(page: Page, position: int) -> None:
    """Tab to the ratings, select the first with Space, then move down with the arrow keys."""
    tab_to(page, "input[name=answer]")
    press(page, "Space")
    for _ in range(position - 1):
        press(page, "ArrowDown")
    assert focused(page)["id"] == f"id_answer_{position}"
    assert page.locator(f"#id_answer_{position}").is_checked()


def activate(page: Page, selector: str) -> None:
    """Tab to a link or button and press Enter."""
    tab_to(page, selector)
    page.keyboard.press("Enter")


def follow_error_link(page: Page, field_id: str) -> None:
    """After a failed submit the error summary has focus; its link moves focus to the field."""
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    assert_focus_visible(page)
    activate(page, ".govuk-error-summary a")
    expect(page.locator(f"#{field_id}")).to_be_focused()
    assert_focus_visible(page)


def keyboard_sign_in(page: Page, check, username: str) -> None:
    page.goto("/sign-in/")
    heading(page, "Sign in")
    check("sign-in")
    type_into(page, "#id_username", email_of(username))
    type_into(page, "#id_password", PASSWORD)
    page.keyboard.press("Enter")
    heading(page, "Your assessments")
