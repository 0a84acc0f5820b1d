"""Checks run on every page of ours that a journey visits: axe, reflow at 320px, styles, errors.

Each check also saves a full-page screenshot, so a reviewer can see every page and state.
"""

import os
import re
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

DESKTOP = {"width": 1024, "height": 768}
NARROW = {"width": 320, "height": 640}  # WCAG 1.4.10 Reflow: 320 CSS pixels wide

_AXE = Axe()

# Runs in the page: what shows the stylesheet and GOV.UK Frontend's JavaScript both loaded.
_ASSETS_JS = """() => ({
  font: getComputedStyle(document.querySelector('main h1, main .govuk-body')).fontFamily,
  supported: document.body.classList.contains('govuk-frontend-supported'),
  skipLinkStarted: document.querySelector('.govuk-skip-link[data-govuk-skip-link-init]') !== null,
  mainMargin: getComputedStyle(document.querySelector('.govuk-width-container')).maxWidth,
})"""

# Runs in the page: resolves once the browser has drawn two frames. A change of window size
# reaches GOV.UK Frontend's media-query listeners (the service navigation swaps its menu
# and its "Menu" button) only at the next frame; until then the page is laid out for the
# old width, and a Tab can land on a button that is about to be hidden, losing focus.
_SETTLE_JS = """() => new Promise(done =>
  requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"""

# Runs in the page: whether the service navigation shows its "Menu" button exactly when the
# window is narrower than GOV.UK Frontend's tablet breakpoint, as its script leaves it.
_MENU_MATCHES_WIDTH_JS = """() => {
  const button = document.querySelector('.govuk-js-service-navigation-toggle');
  if (!button) return true;
  const tablet = getComputedStyle(document.documentElement)
    .getPropertyValue('--govuk-breakpoint-tablet').trim();
  return button.hidden === window.matchMedia(`(min-width: ${tablet})`).matches;
}"""


def settle(page) -> None:
    """Wait until the page has caught up with a change of window size."""
    page.evaluate(_SETTLE_JS)
    page.wait_for_function(_MENU_MATCHES_WIDTH_JS)


# Runs in the page: horizontal overflow of the whole page, and what causes it.
_REFLOW_JS = """() => {
  const width = window.innerWidth;
  const scrollWidth = document.documentElement.scrollWidth;
  const offenders = [];
  if (scrollWidth > width) {
    for (const el of document.body.querySelectorAll('*')) {
      const box = el.getBoundingClientRect();
      if (box.right > width + 1 && box.width > 0 && !el.closest('[role=region][tabindex]')) {
        const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
          (el.className && typeof el.className === 'string'
            ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
        offenders.push(`${name} (right edge ${Math.round(box.right)}px)`);
      }
    }
  }
  return {width, scrollWidth, offenders: offenders.slice(0, 12)};
}"""


# GOV.UK Frontend's radios and checkboxes that reveal a question put aria-expanded on the
# input, which ARIA does not allow for those roles. GDS keep it on purpose, because screen
# readers announce it (a documented known issue: alphagov/govuk-frontend#979 and #1280).
# Only that exact finding is accepted; any other attribute on any element still fails.
_GOVUK_ARIA_EXPANDED = re.compile(
    r'Fix all of the following:\s+ARIA attribute is not allowed: aria-expanded="(true|false)"'
)


def _is_known_govuk_issue(rule: str, node: dict) -> bool:
    return (
        rule == "aria-allowed-attr"
        and re.search(r'class="govuk-(radios|checkboxes)__input"', node["html"]) is not None
        and "aria-controls=" in node["html"]
        and _GOVUK_ARIA_EXPANDED.fullmatch(node.get("failureSummary", "").strip()) is not None
    )


def real_violations(violations: list[dict]) -> list[dict]:
    """axe's violations, less GOV.UK Frontend's documented aria-expanded known issue."""
    real = []
    for violation in violations:
        nodes = [n for n in violation["nodes"] if not _is_known_govuk_issue(violation["id"], n)]
        if nodes:
            real.append({**violation, "nodes": nodes})
    return real


def describe_violations(violations: list[dict]) -> str:
    """axe's violations as a readable list: rule, impact, help, and each failing element."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']}"
            f" [{violation['helpUrl']}]"
        )
        for node in violation["nodes"][:8]:
            target = " ".join(str(part) for part in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {target}: {summary[:300]}")
        if len(violation["nodes"]) > 8:
            lines.append(f"    ... and {len(violation['nodes']) - 8} more")
    return "\n".join(lines)


class PageChecker:
    """Call with a short name after each page (or page state) a journey reaches."""

    def __init__(self, page, directory: Path):
        self.page = page
        self.directory = directory
        self.count = 0
        self.problems: list[str] = []  # console errors, uncaught exceptions, failed loads
        self.pending: str | None = None  # the page loaded last, until it is checked
        self.unchecked: list[str] = []  # pages a journey left without checking them
        self.seen: set[int] = set()  # pages already checked, by address and content
        page.on("console", self._on_console)
        page.on("response", self._on_response)
        page.on("pageerror", lambda error: self._problem(f"Uncaught {error}"))

    def _problem(self, text: str) -> None:
        if "/admin/" not in self.page.url:  # Django admin is not ours to check
            self.problems.append(f"{text} on {self.page.url}")

    def _on_console(self, message) -> None:
        # A failed load is reported with its address by _on_response instead.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self._problem(f"Console error: {message.text}")

    def _on_response(self, response) -> None:
        if response.request.resource_type != "document":
            # A missing stylesheet, script, font or image is a problem on any page.
            # (Pages refused on purpose, 403, are documents: the journeys check those.)
            if response.status >= 400:
                self._problem(f"{response.status} for {response.url}")
            return
        attachment = "attachment" in response.headers.get("content-disposition", "")
        if (
            response.frame == self.page.main_frame
            and not 300 <= response.status < 400
            and not attachment
            and "/admin/" not in response.url
        ):
            if self.pending:
                self.unchecked.append(self.pending)
            self.pending = response.url

    def assert_every_page_checked(self) -> None:
        """Every page of ours that loaded was checked before the journey moved on."""
        unchecked = [*self.unchecked, *([self.pending] if self.pending else [])]
        assert not unchecked, "Pages loaded but never checked:\n" + "\n".join(unchecked)

    def screenshot(self, name: str) -> Path:
        self.count += 1
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / f"{self.count:02d}-{name}.png"
        self.page.screenshot(path=path, full_page=True)
        return path

    def __call__(self, name: str) -> None:
        page = self.page
        page.wait_for_load_state("load")
        self.pending = None
        where = f"{name} ({page.url})"
        assets = page.evaluate(_ASSETS_JS)
        assert "arial" in assets["font"].lower(), (
            f"static/dist/app.css did not load on {where} (build it with `make install` or "
            f"`npm run build`): {assets}"
        )
        assert assets["mainMargin"] == "960px", f"GOV.UK styles missing on {where}: {assets}"
        assert assets["supported"] and assets["skipLinkStarted"], (
            f"GOV.UK Frontend JavaScript did not start on {where}: {assets}"
        )
        assert not self.problems, f"Browser errors before {where}:\n" + "\n".join(self.problems)
        if page.locator(".govuk-error-summary").count():  # GOV.UK: say so in the title too
            assert page.title().startswith("Error: "), f"No 'Error: ' in the title of {where}"

        self.screenshot(name)
        # The same page with the same content (signing in again, say) is checked once.
        state = hash((page.url, page.title(), page.locator("main").inner_text()))
        if state in self.seen:
            return
        self.seen.add(state)
        violations = real_violations(_AXE.run(page).response["violations"])
        assert not violations, (
            f"axe found {len(violations)} accessibility problem(s) on {where}:\n"
            + describe_violations(violations)
        )
        self.assert_reflows(name, where)

    def assert_reflows(self, name: str, where: str) -> None:
        """At 320 CSS pixels wide the page must not scroll sideways (regions may)."""
        page = self.page
        page.set_viewport_size(NARROW)
        try:
            settle(page)  # as a person at 320px sees it, menu button and all
            result = page.evaluate(_REFLOW_JS)
            if result["scrollWidth"] > result["width"]:
                self.screenshot(f"{name}-FAILED-reflow-320px")
            elif os.environ.get("NARROW_SCREENSHOTS") == "1":  # to look at every page at 320px
                self.screenshot(f"{name}-320px")
        finally:
            page.set_viewport_size(DESKTOP)
            settle(page)  # the journey goes on at desktop width, menu and all
        assert result["scrollWidth"] <= result["width"], (
            f"{where} scrolls sideways at 320px: {result['scrollWidth']}px wide. "
            f"Wider than the window: {', '.join(result['offenders']) or 'unknown'}"
        )
