"""Real-browser tests: Playwright (sync API) driving Debian's Chromium against the live server.

They run with the rest of the suite (``make test``). Without /usr/bin/chromium they are
skipped with an install hint; with REQUIRE_BROWSER=1 (as in CI) that is a failure instead.
See ``environment.py``.

The live server is pytest-django's: it serves static files from the finders (so the
compiled static/dist/app.css and GOV.UK Frontend's JavaScript from node_modules) and
shares the in-memory SQLite database with the test thread. Every test here gets a
transactional database (``live_server`` asks for one) and loads the principle sets.
"""

import re
import shutil
from pathlib import Path

import pytest

from .audit import DESKTOP, PageChecker
from .environment import CHROMIUM_ARGS, chromium_executable, unavailable

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
DOWNLOADS = ARTIFACTS / "downloads"


@pytest.fixture(scope="package")
def chromium():
    """One headless Chromium for every browser test, closed when they have all run.

    Package scope rather than session scope on purpose: while Playwright's sync API is
    running it keeps an asyncio event loop running in the main thread, and Django then
    refuses ORM calls (SynchronousOnlyOperation) unless DJANGO_ALLOW_ASYNC_UNSAFE is set.
    Closing Playwright when the last browser test is done keeps that setting, and the
    event loop, out of every other test in the session. It is still one browser launch.
    """
    executable = chromium_executable()
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        unavailable("Playwright is not installed", "Install the dev dependencies: make install")
    expect.set_options(timeout=15_000)  # as generous as actions, for slow shared CI machines
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(executable), headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()


@pytest.fixture
def page(chromium, live_server, principle_sets):
    """A fresh browser context (no cookies) per test, opening pages on the live server."""
    context = chromium.new_context(
        base_url=live_server.url,
        viewport=DESKTOP,
        accept_downloads=True,
        locale="en-GB",
        timezone_id="Europe/London",
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def _artifact_name(request) -> str:
    return re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.journey_failed = report.failed
    return report


@pytest.fixture
def check(page, request):
    """``check("name")`` runs axe and the 320px reflow check on the current page and saves
    a full-page screenshot as test-artifacts/screenshots/<test>/<nn>-<name>.png.

    A journey that loads a page of ours and moves on without checking it fails.
    """
    directory = SCREENSHOTS / _artifact_name(request)
    shutil.rmtree(directory, ignore_errors=True)
    checker = PageChecker(page, directory)
    yield checker
    if not getattr(request.node, "journey_failed", True):
        checker.assert_every_page_checked()


@pytest.fixture
def downloads(request) -> Path:
    directory = DOWNLOADS / _artifact_name(request)
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    return directory
