"""Downloads: files as attachments, and PDFs from the cache or "Preparing your PDF"."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from .. import services
from ..pdf import FAILED_SECONDS

# How often the "Preparing your PDF" page asks again. A report takes a second or two of
# the worker's time, a large board pack longer; asking more often only costs requests.
REFRESH_SECONDS = 3
# In the session: the PDF each address is waiting for, so the reload gets the PDF first
# asked for, not a newer one queued because a teammate saved a rating meanwhile. Only the
# newest few addresses are kept.
WAITING = "pdfs_waiting"
WAITING_KEPT = 5


def attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def pdf_download(request, *, html: str, filename: str, title: str, back_url: str, back_label: str):
    """The PDF of ``html`` as a download, or a page that asks again until it is made.

    The page reloads itself with a Refresh header (no script, so the content security
    policy needs nothing extra) to the same address, which then answers with the PDF.
    """
    url = request.get_full_path()
    waiting = dict(request.session.get(WAITING, {}))
    outcome = services.pdf_get_or_queue(html=html, waiting_for=waiting.pop(url, ""))
    if outcome.pdf is None and not outcome.failed:
        waiting[url] = outcome.key  # newest last
    if waiting != request.session.get(WAITING, {}):
        request.session[WAITING] = dict(list(waiting.items())[-WAITING_KEPT:])
    if outcome.pdf is not None:
        return attachment(outcome.pdf, "application/pdf", filename)
    response = render(
        request,
        "reports/pdf_preparing.html",
        {
            "failed": outcome.failed,
            "document_title": title,
            "back_url": back_url,
            "back_label": back_label,
            "pdf_url": url,
            "refresh_seconds": REFRESH_SECONDS,
            "retry_minutes": FAILED_SECONDS // 60,
        },
        # 202 Accepted: the PDF is on its way; a failure is the server's problem.
        status=500 if outcome.failed else 202,
    )
    if not outcome.failed:
        response["Refresh"] = f"{REFRESH_SECONDS}; url={url}"
    add_never_cache_headers(response)  # each check must reach the server
    return response
