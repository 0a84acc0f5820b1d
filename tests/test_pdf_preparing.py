"""'Preparing your PDF': it never reloads by itself; its script asks a JSON status instead.

WCAG 2.2.1 (F41), 2.4.3 and 4.1.3: the page used to send ``Refresh: 3``, throwing focus to
the top and restarting screen readers every few seconds. Now the person, or the page's own
script (static/js/pdf-preparing.js, checked in tests/browser/test_pdf_preparing.py), asks.
"""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from partnerships.models import Role
from reporting import pdf as pdf_module
from reporting.views.downloads import CHECK_SECONDS, GIVE_UP_SECONDS, file_size
from tests import test_pdf_jobs
from tests.builders import rate
from tests.factories import PartnershipFactory, member

pytestmark = pytest.mark.django_db

STUB_PDF = b"%PDF-stub" + b"." * 3000


@pytest.fixture
def renders(monkeypatch):
    """Every HTML WeasyPrint is asked to render (it returns a stub PDF of about 3 KB)."""
    made = []
    monkeypatch.setattr(pdf_module, "html_to_pdf", lambda html: made.append(html) or STUB_PDF)
    return made


# The queue that keeps tasks until a worker takes them, and the worker's step, as there.
queue = test_pdf_jobs.queue
run = test_pdf_jobs.run


def report_pdf_url(assessment) -> str:
    return reverse("assessments:report_pdf", args=[assessment.pk])


def status_of(client, url: str, **query):
    """The script's question, as static/js/pdf-preparing.js asks it."""
    response = client.get(url, {**query, "status": "1"}, HTTP_ACCEPT="application/json")
    return response, (json.loads(response.content) if response.status_code < 300 else None)


def test_the_page_never_reloads_by_itself_and_offers_a_check_instead(
    viewer_client, draft, queue, renders
):
    """No Refresh header: a "Check if your PDF is ready" button asks again when the person
    chooses, and the page says how long it usually takes."""
    response = viewer_client.get(report_pdf_url(draft))
    assert response.status_code == 202
    assert "Refresh" not in response
    content = response.content.decode()
    assert "<meta http-equiv" not in content.lower()
    check = re.search(r'<a href="([^"]+)"[^>]*>Check if your PDF is ready</a>', content)
    assert check and check[1] == report_pdf_url(draft)
    assert "This usually takes less than a minute." in content
    assert renders == []


def test_the_page_loads_its_own_script_and_has_a_status_message(
    viewer_client, draft, queue, renders
):
    """The script is our static module (no inline script, as the CSP requires); the page has
    a role="status" message for it to update, and tells it where and how often to ask."""
    content = viewer_client.get(report_pdf_url(draft)).content.decode()
    assert re.search(r'<script type="module" src="[^"]*/js/pdf-preparing\.js"></script>', content)
    assert re.findall(r"<script[^>]*>\s*[^<\s]", content) == []  # no inline script anywhere
    assert 'role="status"' in content
    assert f'data-status-url="{report_pdf_url(draft)}?status=1"' in content
    assert f'data-check-seconds="{CHECK_SECONDS}"' in content
    assert f'data-give-up-seconds="{GIVE_UP_SECONDS}"' in content
    assert GIVE_UP_SECONDS <= 5 * 60  # it stops asking after a sensible time


def test_the_back_link_is_in_a_landmark(viewer_client, draft, queue, renders):
    """axe's rule "region": the back link above main is inside a navigation landmark."""
    content = viewer_client.get(report_pdf_url(draft)).content.decode()
    assert re.search(
        r'<nav aria-label="Back"><a href="[^"]+" class="govuk-back-link">Back to the report</a>'
        r"</nav>",
        content,
    )


def test_the_status_says_pending_while_the_worker_makes_it(viewer_client, draft, queue, renders):
    """Asked while it is being made: 202 and "pending" in JSON, queued once, nothing rendered."""
    viewer_client.get(report_pdf_url(draft))
    for _ in range(3):
        response, answer = status_of(viewer_client, report_pdf_url(draft))
        assert response.status_code == 202
        assert response["Content-Type"] == "application/json"
        assert answer == {"state": "pending"}
        assert "no-store" in response["Cache-Control"]
        assert "Refresh" not in response
    assert len(queue) == 1 and renders == []


def test_the_status_says_ready_with_the_size_and_never_sends_the_pdf(
    viewer_client, draft, queue, renders
):
    """Once the worker has made it: "ready" with its size; the PDF itself comes only from the
    download link, the page's own address."""
    viewer_client.get(report_pdf_url(draft))
    run(queue[0])
    response, answer = status_of(viewer_client, report_pdf_url(draft))
    assert response.status_code == 200
    assert answer == {"state": "ready", "size": "3 KB"}
    assert b"%PDF" not in response.content
    assert "attachment" not in response.get("Content-Disposition", "")
    download = viewer_client.get(report_pdf_url(draft))
    assert download.status_code == 200 and download.content == STUB_PDF
    assert len(renders) == 1


def test_the_download_link_gets_the_pdf_the_status_found_made(
    viewer_client, draft, people, queue, renders
):
    """A teammate saving a rating between "ready" and the click does not start a new wait:
    the link downloads the PDF the page said was ready."""
    url = report_pdf_url(draft)
    viewer_client.get(url)
    run(queue[0])
    assert status_of(viewer_client, url)[1]["state"] == "ready"
    rate(user=people["lead"], assessment=draft, code="NV-01", evidence="Saved after ready.")
    download = viewer_client.get(url)
    assert download.status_code == 200 and download.content == STUB_PDF
    assert len(queue) == 1


def test_the_status_says_failed_when_the_worker_could_not_make_it(
    viewer_client, draft, queue, monkeypatch
):
    """A failure is answered "failed" (200: the question went well), so the page can say so."""

    def broken(html):
        raise ValueError("layout failed")

    monkeypatch.setattr(pdf_module, "html_to_pdf", broken)
    viewer_client.get(report_pdf_url(draft))
    with pytest.raises(ValueError):
        run(queue[0])
    response, answer = status_of(viewer_client, report_pdf_url(draft))
    assert response.status_code == 200
    assert answer == {"state": "failed"}
    assert len(queue) == 1  # not queued again at once


def test_the_page_has_what_the_script_shows_for_each_outcome(viewer_client, draft, queue, renders):
    """Ready, failed and taking longer than usual are in the page, hidden until the script
    shows them: a download button with the file's name, and a button to try again."""
    content = viewer_client.get(report_pdf_url(draft)).content.decode()
    ready = re.search(r'data-app-pdf-when="ready"[^>]*hidden>(.*?)</div>', content, re.S)
    assert ready and f'href="{report_pdf_url(draft)}"' in ready[1]
    assert re.search(r"Download the PDF \([^<]+\.pdf<span data-app-pdf-size></span>\)", ready[1])
    assert 'data-app-pdf-message="Your PDF is ready to download."' in content
    assert re.search(r'data-app-pdf-when="failed"[^>]*could not be made as a PDF', content)
    slow = re.search(r'data-app-pdf-when="slow"[^>]*hidden>(.*?)</div>', content, re.S)
    assert slow and "This is taking longer than usual." in content
    assert re.search(rf'<a href="{re.escape(report_pdf_url(draft))}"[^>]*>Try again</a>', slow[1])
    assert "the the" not in content  # "back to the report", not "the the report page"


def test_the_board_pack_status_waits_for_the_pack_with_its_chosen_assessments(
    viewer_client, partnership, draft, queue, renders
):
    """The board pack's status address keeps the assessments chosen, and asks after the
    same PDF as its page."""
    url = reverse("assessments:board_pack_pdf", args=[partnership.slug, "national-voices"])
    content = viewer_client.get(url, {"assessment": draft.pk}).content.decode()
    assert f'data-status-url="{url}?assessment={draft.pk}&amp;status=1"' in content
    assert status_of(viewer_client, url, assessment=draft.pk)[1] == {"state": "pending"}
    run(queue[0])
    assert status_of(viewer_client, url, assessment=draft.pk)[1]["state"] == "ready"
    assert len(queue) == 1
    assert "DRAFT" in renders[0]


@pytest.mark.parametrize("role", [Role.VIEWER, Role.LEAD])
def test_the_status_is_scoped_like_the_download(
    client, draft, partnership, people, queue, renders, role
):
    """Someone from another partnership gets 404 for the status, as for the PDF itself."""
    pack = reverse("assessments:board_pack_pdf", args=[partnership.slug, "national-voices"])
    client.force_login(people[Role.VIEWER])
    for url in (report_pdf_url(draft), pack):
        assert status_of(client, url)[0].status_code == 202
    stranger = Client()
    stranger.force_login(member(PartnershipFactory(), role))
    for url in (report_pdf_url(draft), pack):
        assert status_of(stranger, url)[0].status_code == 404
        assert stranger.get(url).status_code == 404
    assert Client().get(f"{report_pdf_url(draft)}?status=1").status_code == 302  # signed out


def test_a_pdf_already_made_still_downloads_at_once(viewer_client, draft, renders):
    """With the PDF in the cache (here the immediate backend makes it), no page at all."""
    response = viewer_client.get(report_pdf_url(draft))
    assert response.status_code == 200 and response.content == STUB_PDF
    assert status_of(viewer_client, report_pdf_url(draft))[1] == {"state": "ready", "size": "3 KB"}


def test_file_sizes_are_written_as_gov_uk_writes_them():
    """KB below a megabyte (never 0 KB), MB with one decimal above."""
    assert file_size(10) == "1 KB"
    assert file_size(240 * 1024) == "240 KB"
    assert file_size(int(1.25 * 1024 * 1024)) == "1.2 MB"
