"""Downloads: files as attachments, and PDFs from the cache or "Preparing your PDF"."""

import time

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from .. import services
from ..pdf import FAILED_SECONDS

# How often the "Preparing your PDF" page's script asks whether the PDF is made. A report
# takes a second or two of the worker's time, a large board pack longer; asking more often
# only costs requests.
CHECK_SECONDS = 3
# When the script stops asking and says it is taking longer than usual, with a link to try
# again: a minute means the worker is busy, two that something is wrong.
GIVE_UP_SECONDS = 120
# The script's question, added to the PDF's own address: answered in JSON, never with the PDF.
STATUS = "status"
# In the session: the PDF each address is waiting for, so the download gets the PDF first
# asked for, not a newer one queued because a teammate saved a rating meanwhile; with the
# file name it was asked for under (``_wait``). Only the newest few addresses are kept.
WAITING = "pdfs_waiting"
WAITING_KEPT = 5
# How long a wait is remembered: far longer than any PDF takes to make, short enough that
# someone who never pressed download gets the document as it is now the next time.
WAIT_SECONDS = 10 * 60


def attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _wait(entry, filename: str) -> tuple[str, float]:
    """The PDF this address is waiting for, and since when; none once ``WAIT_SECONDS``
    have passed, so a PDF made but never downloaded is not handed out later as the
    document's, after it has changed.

    None either once the document's file name has changed: the name says what the document
    is (a draft, or signed off and when), so a draft's PDF asked for before a sign-off is
    never downloaded under the signed-off name. Edits that leave the name alone keep the
    wait, so a draft teammates keep editing still arrives."""
    if (
        isinstance(entry, list)
        and len(entry) == 3
        and entry[2] == filename
        and time.time() - entry[1] < WAIT_SECONDS
    ):
        return entry[0], entry[1]
    return "", time.time()


def file_size(size: int) -> str:
    """A file's size as GOV.UK writes it: "240 KB", "1.2 MB"."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def _address(request) -> str:
    """The PDF's own address: this request's, without the script's ``?status`` question.

    The page, its checks and its download link share it, so they wait for the same PDF.
    """
    path, _, query = request.get_full_path().partition("?")
    kept = [part for part in query.split("&") if part and part.partition("=")[0] != STATUS]
    return f"{path}?{'&'.join(kept)}" if kept else path


def _status(outcome: services.PdfOutcome) -> JsonResponse:
    """The answer to the script's question: "pending" (202), "ready" with the file's size,
    or "failed". A failure is answered 200: the question itself went well."""
    if outcome.failed:
        return JsonResponse({"state": "failed"})
    if outcome.pdf is None:
        return JsonResponse({"state": "pending"}, status=202)
    return JsonResponse({"state": "ready", "size": file_size(len(outcome.pdf))})


def pdf_download(request, *, html: str, filename: str, title: str, back_url: str, back_label: str):
    """The PDF of ``html`` as a download, or "Preparing your PDF" while the worker makes it.

    The page never reloads by itself (WCAG 2.2.1). Its script (static/js/pdf-preparing.js)
    asks the same address with ``?status=1`` every few seconds, answered in JSON by
    ``_status``, and shows a download link once the PDF is made; nothing downloads until the
    person chooses to. Without JavaScript the page has a "Check if your PDF is ready" button,
    which asks this address again. Either way WeasyPrint runs in the worker, not here.
    """
    asking = STATUS in request.GET
    url = _address(request)
    waiting = dict(request.session.get(WAITING, {}))
    waited_for, since = _wait(waiting.pop(url, None), filename)
    outcome = services.pdf_get_or_queue(html=html, waiting_for=waited_for)
    pending = outcome.pdf is None and not outcome.failed
    if pending or (asking and outcome.pdf is not None):
        # Newest last. A PDF the script found made is kept for the download link, which
        # then gets that PDF even if the document has changed since, unless its name has.
        started = since if outcome.key == waited_for else time.time()
        waiting[url] = [outcome.key, started, filename]
    if waiting != request.session.get(WAITING, {}):
        request.session[WAITING] = dict(list(waiting.items())[-WAITING_KEPT:])
    if asking:
        response = _status(outcome)
    elif outcome.pdf is not None:
        return attachment(outcome.pdf, "application/pdf", filename)
    else:
        response = render(
            request,
            "reports/pdf_preparing.html",
            {
                "failed": outcome.failed,
                "document_title": title,
                "back_url": back_url,
                "back_label": back_label,
                "pdf_url": url,
                "filename": filename,
                "status_url": f"{url}{'&' if '?' in url else '?'}{STATUS}=1",
                "check_seconds": CHECK_SECONDS,
                "give_up_seconds": GIVE_UP_SECONDS,
                "retry_minutes": FAILED_SECONDS // 60,
            },
            # 202 Accepted: the PDF is on its way; a failure is the server's problem.
            status=500 if outcome.failed else 202,
        )
    add_never_cache_headers(response)  # each check must reach the server
    return response
