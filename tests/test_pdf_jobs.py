"""PDFs are made by the background worker: a request never waits for WeasyPrint."""

import datetime
from contextlib import contextmanager
from types import SimpleNamespace

import pytest
from django.tasks import task_backends
from django.test import Client
from django.urls import reverse
from django.utils import dateformat, timezone

from partnerships.models import Role
from reporting import pdf as pdf_module
from reporting import services as reporting_services
from reporting import tasks
from reporting.documents import signed_off_documents
from reporting.views import downloads
from tests.builders import complete, rate, submit
from tests.builders import sign_off as sign_off_step
from tests.factories import ServiceFactory
from tests.figures import assess, signed

pytestmark = pytest.mark.django_db

QUEUE_ONLY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
STUB_PDF = b"%PDF-stub"


@pytest.fixture
def renders(monkeypatch):
    """Every HTML WeasyPrint is asked to render (it returns a stub PDF)."""
    made = []
    monkeypatch.setattr(pdf_module, "html_to_pdf", lambda html: made.append(html) or STUB_PDF)
    return made


@pytest.fixture
def queue(settings):
    """A queue that keeps tasks without running them, as the database queue does until
    a worker takes them."""
    settings.TASKS = QUEUE_ONLY
    backend = task_backends["default"]
    backend.clear()
    return backend.results


def run(result) -> None:
    """Do what the worker does with a queued task."""
    result.task.call(*result.args, **result.kwargs)


def report_pdf_url(assessment) -> str:
    return reverse("assessments:report_pdf", args=[assessment.pk])


def test_a_pdf_not_made_yet_is_queued_and_the_page_says_it_is_being_prepared(
    viewer_client, draft, queue, renders
):
    """The first download queues the PDF and answers at once with a page that says so."""
    response = viewer_client.get(report_pdf_url(draft))
    assert response.status_code == 202
    content = response.content.decode()
    assert "Preparing your PDF" in content
    assert "Refresh" not in response  # it never reloads by itself (tests/test_pdf_preparing.py)
    assert "no-store" in response["Cache-Control"]
    assert f'href="{report_pdf_url(draft)}"' in content  # "Check if your PDF is ready"
    assert f'href="{reverse("assessments:report", args=[draft.pk])}"' in content
    assert [r.task.name for r in queue] == ["pdf_render"]
    assert renders == []  # nothing rendered in the request


def test_refreshing_while_it_is_made_queues_it_only_once(viewer_client, draft, queue, renders):
    """The page is asked again and again while it waits: the PDF is queued once, not each time."""
    for _ in range(3):
        assert viewer_client.get(report_pdf_url(draft)).status_code == 202
    assert len(queue) == 1


def test_once_the_worker_has_made_it_the_same_address_downloads_it(
    viewer_client, draft, queue, renders
):
    """The reload after the worker is done gets the PDF, and it is made once."""
    viewer_client.get(report_pdf_url(draft))
    run(queue[0])
    response = viewer_client.get(report_pdf_url(draft))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="')
    assert response.content == STUB_PDF
    assert len(renders) == 1 and len(queue) == 1


def test_a_draft_edited_while_its_pdf_is_made_still_arrives(
    viewer_client, draft, people, queue, renders
):
    """Someone waiting for a draft's PDF gets the one they asked for, though a teammate
    saved a rating meanwhile; their next download is of the draft as it is then."""
    url = report_pdf_url(draft)
    assert viewer_client.get(url).status_code == 202
    rate(user=people["lead"], assessment=draft, code="NV-01", evidence="Saved while waiting.")
    assert viewer_client.get(url).status_code == 202
    assert len(queue) == 1  # not queued afresh for the edited draft
    run(queue[0])
    response = viewer_client.get(url)
    assert response.status_code == 200 and response.content == STUB_PDF
    assert "Saved while waiting." not in renders[0]

    assert viewer_client.get(url).status_code == 202  # a new download: the draft now
    run(queue[1])
    assert "Saved while waiting." in renders[1]


def test_waiting_for_a_pdf_is_remembered_for_this_person_only(
    viewer_client, draft, people, queue, renders
):
    """Another person asking after the edit gets the edited draft, not the first one's PDF."""
    url = report_pdf_url(draft)
    viewer_client.get(url)
    rate(user=people["lead"], assessment=draft, code="NV-01", evidence="Saved while waiting.")
    lead = Client()
    lead.force_login(people["lead"])
    assert lead.get(url).status_code == 202
    assert len(queue) == 2
    run(queue[1])
    assert lead.get(url).status_code == 200
    assert "Saved while waiting." in renders[0]


def test_board_pack_pdf_is_queued_with_its_chosen_assessments(
    viewer_client, partnership, draft, queue, renders
):
    """The board pack's page asks its own address again, with the assessments chosen."""
    url = reverse("assessments:board_pack_pdf", args=[partnership.slug, "national-voices"])
    response = viewer_client.get(url, {"assessment": draft.pk})
    assert response.status_code == 202
    assert f'href="{url}?assessment={draft.pk}"' in response.content.decode()
    assert "Board pack" in response.content.decode()
    run(queue[0])
    response = viewer_client.get(url, {"assessment": draft.pk})
    assert response.status_code == 200 and response.content == STUB_PDF
    assert "DRAFT" in renders[0]  # the chosen draft is in the pack


def test_with_the_immediate_backend_the_first_download_is_the_pdf(viewer_client, draft, renders):
    """In development and tests tasks run at once, so nobody sees the waiting page."""
    response = viewer_client.get(report_pdf_url(draft))
    assert response.status_code == 200 and response.content == STUB_PDF


def test_a_failed_pdf_says_so_and_is_not_queued_again_at_once(
    viewer_client, draft, queue, monkeypatch, caplog
):
    """If WeasyPrint fails, the page says there is a problem instead of waiting for ever."""

    def broken(html):
        raise ValueError("layout failed")

    monkeypatch.setattr(pdf_module, "html_to_pdf", broken)
    viewer_client.get(report_pdf_url(draft))
    with pytest.raises(ValueError):
        run(queue[0])
    assert "could not be made" in caplog.text
    response = viewer_client.get(report_pdf_url(draft))
    assert response.status_code == 500
    assert "Sorry, there is a problem making this PDF" in response.content.decode()
    assert "Refresh" not in response
    assert len(queue) == 1


def test_an_expired_job_is_queued_again(viewer_client, draft, queue, renders):
    """A job lost with its worker expires, and the next reload queues the PDF again."""
    viewer_client.get(report_pdf_url(draft))
    pdf_module.job_end(queue[0].kwargs["key"])  # as if JOB_SECONDS had passed
    run(queue[0])  # the lost job finds nothing to do
    assert renders == []
    assert viewer_client.get(report_pdf_url(draft)).status_code == 202
    assert len(queue) == 2


def test_signing_off_queues_the_report_and_board_pack(
    viewer_client, draft, people, partnership, queue, renders, django_capture_on_commit_callbacks
):
    """Once signed off, the worker makes the report and the board pack, so board members'
    first downloads are already made."""
    complete(user=people[Role.LEAD], assessment=draft)
    submit(user=people[Role.LEAD], assessment=draft)
    with django_capture_on_commit_callbacks(execute=True):
        signed = sign_off_step(user=people[Role.APPROVER], assessment=draft)
    prerender = [r for r in queue if r.task.name == "pdfs_prerender"]
    assert [r.kwargs for r in prerender] == [{"assessment_id": signed.pk}]
    run(prerender[0])
    assert len(renders) == 2
    pack_url = reverse("assessments:board_pack_pdf", args=[partnership.slug, "national-voices"])
    for url in (report_pdf_url(signed), pack_url):
        response = viewer_client.get(url)
        assert response.status_code == 200 and response.content == STUB_PDF
    assert len(renders) == 2  # nothing rendered again
    assert not [r for r in queue if r.task.name == "pdf_render"]


def test_pre_rendering_skips_what_is_made_already(signed_off, renders, queue):
    """A document already in the cache, or being made, is not made again."""
    report_html, pack_html = signed_off_documents(signed_off.pk)
    pdf_module.pdf_store(pdf_module.pdf_key(report_html), report_html)
    pdf_module.job_start(pdf_module.pdf_key(pack_html), pack_html)
    renders.clear()
    tasks.pdfs_prerender.call(assessment_id=signed_off.pk)
    assert renders == []


def test_with_the_immediate_backend_signing_off_renders_nothing(
    submitted, people, renders, django_capture_on_commit_callbacks
):
    """Without a worker, making the PDFs at sign-off would only make the sign-off wait."""
    with django_capture_on_commit_callbacks(execute=True):
        sign_off_step(user=people[Role.APPROVER], assessment=submitted)
    assert renders == []


@contextmanager
def clock_moved(monkeypatch, *, days: int):
    """Everything that asks Django the date or time is ``days`` away from today."""
    moved = timezone.now() + datetime.timedelta(days=days)
    with monkeypatch.context() as patch:
        patch.setattr(timezone, "now", lambda: moved)
        yield moved


def produced_line(day: datetime.date) -> str:
    return f"<span data-produced>{dateformat.format(day, 'j F Y')}</span>"


def test_pdfs_made_at_sign_off_are_the_ones_downloaded_days_later(
    viewer_client, signed_off, partnership, renders, monkeypatch
):
    """The "Produced" date does not make a new PDF: a board member's download next week is
    the report and board pack made at sign-off."""
    with clock_moved(monkeypatch, days=-6) as sign_off_day:
        tasks.pdfs_prerender.call(assessment_id=signed_off.pk)
    assert len(renders) == 2
    assert all(produced_line(sign_off_day.date()) in html for html in renders)
    pack_url = reverse("assessments:board_pack_pdf", args=[partnership.slug, "national-voices"])
    for url in (report_pdf_url(signed_off), pack_url):
        response = viewer_client.get(url)
        assert response.status_code == 200 and response.content == STUB_PDF
    assert len(renders) == 2  # nothing made again


def test_a_pdf_says_the_day_it_was_made_not_the_day_it_was_asked_for(
    signed_off, renders, monkeypatch
):
    """A PDF asked for late one evening and made after midnight says it was produced that day."""
    with clock_moved(monkeypatch, days=-1) as asked:
        report_html, _ = signed_off_documents(signed_off.pk)
    pdf_module.pdf_store(pdf_module.pdf_key(report_html), report_html)
    made_html = renders[0]
    made, yesterday = produced_line(timezone.localdate()), produced_line(asked.date())
    assert made in made_html and yesterday in report_html
    assert made_html.replace(made, yesterday) == report_html  # nothing else changed


def test_what_a_document_shows_still_makes_a_new_pdf(signed_off):
    """Only the "Produced" date is left out of the key: any other change is a new PDF."""
    report_html, _ = signed_off_documents(signed_off.pk)
    changed = report_html.replace("minute 12/27", "minute 12/28")
    assert changed != report_html
    assert pdf_module.pdf_key(changed) != pdf_module.pdf_key(report_html)


def test_a_pdf_made_ahead_outlasts_hundreds_made_after_it(renders):
    """The PDF cache holds thousands: one made at sign-off is still there after 400 more."""
    ahead = "pdf:" + "0" * 64  # the first the cache would throw away when full
    pdf_module.pdf_store(ahead, "<p>Made at sign-off</p>")
    for n in range(1, 401):
        pdf_module.pdf_store(f"pdf:{n:064x}", f"<p>Draft {n}</p>")
    assert pdf_module.pdf_from_cache(ahead) == STUB_PDF


@pytest.fixture
def restart():
    """``restart()`` forgets the renderer's fingerprint, as a release's restart does (each
    process reads it once); forgotten again afterwards, so no other test sees this one's."""
    forget = pdf_module.renderer_fingerprint_kept.cache_clear
    forget()
    yield forget
    forget()


def test_a_new_stylesheet_or_weasyprint_makes_a_new_pdf(signed_off, monkeypatch, tmp_path, restart):
    """A release that changes how PDFs look is not hidden by PDFs cached before it."""
    report_html, _ = signed_off_documents(signed_off.pk)
    before = pdf_module.pdf_key(report_html)
    assert pdf_module.pdf_key(report_html) == before  # the same renderer, the same key
    monkeypatch.setattr(pdf_module.weasyprint, "__version__", "999.0")
    restart()
    upgraded = pdf_module.pdf_key(report_html)
    assert upgraded != before
    stylesheet = tmp_path / "print.css"
    stylesheet.write_text("body { margin: 0 }")
    monkeypatch.setattr(pdf_module.finders, "find", lambda name: str(stylesheet))
    restart()
    assert pdf_module.pdf_key(report_html) not in {before, upgraded}


def test_the_key_reads_the_collected_stylesheet_when_the_source_is_absent(
    signed_off, monkeypatch, tmp_path, restart
):
    """Deployed with only the collected static files, the key still reads the stylesheet."""
    report_html, _ = signed_off_documents(signed_off.pk)
    collected = tmp_path / "print.css"
    collected.write_text("body { margin: 1mm }")
    monkeypatch.setattr(pdf_module.finders, "find", lambda name: None)
    collected_only = SimpleNamespace(exists=lambda name: True, path=lambda name: str(collected))
    monkeypatch.setattr(pdf_module, "staticfiles_storage", collected_only)
    first = pdf_module.pdf_key(report_html)
    collected.write_text("body { margin: 2mm }")
    restart()
    assert pdf_module.pdf_key(report_html) != first


def test_a_release_queues_each_services_latest_signed_off_pdfs(service, people, queue):
    """The release step has the worker make again what board members download (a release
    may change how PDFs look): each service's newest signed-off assessment, not older ones."""
    lead = people[Role.LEAD]
    signed(assess(lead, service, period="2025/26"), people)
    newest = signed(assess(lead, service, period="2026/27"), people)
    other = signed(assess(lead, ServiceFactory(partnership=service.partnership)), people)
    assess(lead, service, period="2027/28")  # a draft: nothing to download yet
    queue.clear()
    assert reporting_services.pdfs_prerender_latest() == 2
    queued = [r.kwargs["assessment_id"] for r in queue if r.task.name == "pdfs_prerender"]
    assert sorted(queued) == sorted([newest.pk, other.pk])


def test_a_release_has_each_board_pack_made_once_not_once_a_service(
    service, people, queue, renders
):
    """A partnership's board pack for a set is built and made by one queued task, however
    many of its services have signed-off reports."""
    lead = people[Role.LEAD]
    signed(assess(lead, service), people)
    signed(assess(lead, ServiceFactory(partnership=service.partnership)), people)
    signed(assess(lead, ServiceFactory(partnership=service.partnership)), people)
    queue.clear()
    assert reporting_services.pdfs_prerender_latest() == 3
    prerender = [r for r in queue if r.task.name == "pdfs_prerender"]
    assert [r.kwargs["with_board_pack"] for r in prerender].count(True) == 1
    for result in prerender:
        run(result)
    packs = [html for html in renders if ": board pack, " in html]
    assert len(renders) == 4 and len(packs) == 1  # three reports, one pack


def test_pre_rendering_without_the_board_pack_makes_only_the_report(signed_off, renders):
    """A task told the pack is another's makes the report alone."""
    tasks.pdfs_prerender.call(assessment_id=signed_off.pk, with_board_pack=False)
    assert renders == signed_off_documents(signed_off.pk, with_board_pack=False)
    assert len(renders) == 1


def test_a_ready_pdf_never_downloaded_is_forgotten_after_a_while(
    viewer_client, draft, people, queue, renders, monkeypatch
):
    """The script found the PDF made but nobody pressed download: ten minutes on, after an
    edit, the download is of the draft as it is then, not the old PDF."""
    url = report_pdf_url(draft)
    viewer_client.get(url)
    run(queue[0])
    assert viewer_client.get(url, {"status": "1"}).json()["state"] == "ready"
    rate(user=people["lead"], assessment=draft, code="NV-01", evidence="Saved later.")
    now = downloads.time.time()
    monkeypatch.setattr(downloads.time, "time", lambda: now + downloads.WAIT_SECONDS + 1)
    assert viewer_client.get(url).status_code == 202  # the edited draft, queued afresh
    run(queue[1])
    assert "Saved later." in renders[1]
