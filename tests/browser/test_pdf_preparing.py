"""The "Preparing your PDF" page in a real browser: its script asks for the PDF's status and
says what happened in its status message, without reloading the page or moving focus.

A queue with no worker keeps the PDFs waiting until the test does the worker's job, and the
script is told to ask every half second, so this takes seconds.
"""

import contextlib
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from reporting import pdf as pdf_module
from reporting import tasks
from reporting.views import downloads as download_views

from .actions import heading, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STUB_PDF = b"%PDF-stub"
# Runs in the page: what would be lost if it reloaded, and where focus is.
_STATE_JS = """() => ({
  same: window.appSamePage === true,
  focus: document.activeElement.textContent.trim(),
})"""


@pytest.fixture
def queue(settings, monkeypatch):
    """The key of each PDF queued: tasks are kept, not run, and the page's script asks every
    half second. (Each thread has its own queue backend, so the live server's is not ours
    to read: the keys are noted as jobs start.)"""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    monkeypatch.setattr(download_views, "CHECK_SECONDS", 0.5)
    keys = []
    job_start = pdf_module.job_start
    monkeypatch.setattr(
        pdf_module, "job_start", lambda key, html: job_start(key, html) and not keys.append(key)
    )
    return keys


def run_worker(queue) -> None:
    """Do what the worker does with each queued PDF (a failure is the PDF's, not ours)."""
    while queue:
        with contextlib.suppress(ValueError):
            tasks.pdf_render.call(key=queue.pop())


def test_the_page_says_when_the_pdf_is_ready_failed_or_slow_and_never_reloads(
    page, check, people, partnership, draft, queue, monkeypatch, downloads
):
    """Ready: the status says so and a download button appears, focus and page unchanged;
    failed and slow say so too, and nothing downloads until the person chooses."""
    monkeypatch.setattr(pdf_module, "html_to_pdf", lambda html: STUB_PDF)
    asked = []
    page.on("request", lambda request: "status=1" in request.url and asked.append(request.url))
    sign_in(page, check, people["viewer"].username)

    page.goto(reverse("assessments:report_pdf", args=[draft.pk]))
    heading(page, "Preparing your PDF")
    status = page.get_by_role("status")
    expect(status).to_have_text(
        "Your PDF is being prepared. This usually takes less than a minute."
    )
    expect(page.get_by_text("Stay on this page")).to_be_visible()
    expect(page.get_by_role("button", name="Check if your PDF is ready")).to_be_hidden()
    check("preparing")
    page.evaluate("() => { window.appSamePage = true; }")
    page.get_by_role("link", name="Back to the report", exact=True).focus()

    run_worker(queue)
    expect(status).to_have_text("Your PDF is ready to download.")
    heading(page, "Your PDF is ready")
    assert page.title().startswith("Your PDF is ready – Report: ")
    assert page.evaluate(_STATE_JS) == {"same": True, "focus": "Back to the report"}
    download_button = page.get_by_role("button", name=re.compile(r"^Download the PDF \("))
    expect(download_button).to_have_text(re.compile(r"^Download the PDF \(.+\.pdf, 1 KB\)$"))
    check("ready")
    with page.expect_download() as download_info:
        download_button.click()
    saved = downloads / download_info.value.suggested_filename
    download_info.value.save_as(saved)
    assert saved.read_bytes() == STUB_PDF

    # The worker fails: the status says so, with what to do, and the asking stops.
    def broken(html):
        raise ValueError("layout failed")

    monkeypatch.setattr(pdf_module, "html_to_pdf", broken)
    pack = reverse("assessments:board_pack_pdf", args=[partnership.slug, "national-voices"])
    page.goto(f"{pack}?assessment={draft.pk}")
    heading(page, "Preparing your PDF")
    check("preparing-board-pack")
    run_worker(queue)
    expect(status).to_have_text(re.compile(r"could not be made as a PDF\. Try again in \d+ min"))
    heading(page, "Sorry, there is a problem making this PDF")
    expect(page.get_by_role("link", name="back to the board pack", exact=True)).to_be_visible()
    check("failed")
    count = len(asked)
    page.wait_for_timeout(1_200)  # more than two checks' time
    assert len(asked) == count

    # Nobody does the work: after the time given, the page stops asking and offers to retry.
    monkeypatch.setattr(download_views, "GIVE_UP_SECONDS", 1)
    page.goto(pack)
    heading(page, "Preparing your PDF")
    expect(status).to_have_text(re.compile(r"^This is taking longer than usual\."))
    expect(page.get_by_role("button", name="Try again")).to_have_attribute("href", pack)
    check("slow")
