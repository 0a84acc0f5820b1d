"""Background tasks: making PDFs, so that no web request waits for WeasyPrint.

The worker (``manage.py db_worker``, ``make worker``) runs them and puts each PDF in
the shared cache under the hash of its HTML (``pdf.pdf_key``), where every app server
finds it. With the immediate backend (development and tests) a task runs as soon as
it is queued, so the request that queued it finds the PDF made.
"""

import logging

from django.tasks import task

from . import documents, pdf

logger = logging.getLogger(__name__)

# Someone is looking at "Preparing your PDF": ahead of emails (0), which nobody
# watches arrive, and of PDFs made in advance.
PRIORITY_WAITING = 10
PRIORITY_AHEAD = -10


@task(priority=PRIORITY_WAITING)
def pdf_render(*, key: str) -> None:
    """Make the PDF whose HTML a request left with the job (``pdf.job_start``)."""
    html = pdf.job_html(key)
    if html is None:  # made meanwhile, or the job expired and will be queued again
        return
    if pdf.pdf_from_cache(key) is not None:
        # Queued again by a request that found no PDF just before the last job stored it.
        pdf.job_end(key)
        return
    _make(key, html)


@task(priority=PRIORITY_AHEAD)
def pdfs_prerender(*, assessment_id: int, with_board_pack: bool = True) -> None:
    """Make a signed-off assessment's report and (unless ``with_board_pack`` is off) its
    partnership's board pack for the set, unless they are made or being made already."""
    wanted = documents.signed_off_documents(assessment_id, with_board_pack=with_board_pack)
    for html in wanted:
        key = pdf.pdf_key(html)
        if pdf.pdf_from_cache(key) is None and pdf.job_start(key, html):
            _make(key, html)


def _make(key: str, html: str) -> None:
    try:
        pdf.pdf_store(key, html)
    except Exception:
        # Pages show "there is a problem" for a while instead of waiting for ever; the
        # task is also marked failed (admin: Task results).
        logger.exception("The PDF %s could not be made", key)
        pdf.job_failed(key)
        raise
    finally:
        pdf.job_end(key)
