"""Writes for reporting: queueing PDFs to be made in the background."""

from dataclasses import dataclass

from django.db import transaction
from django.tasks.backends.immediate import ImmediateBackend

from assessments.models import Assessment, AssessmentState

from . import pdf, tasks


@dataclass(frozen=True)
class PdfOutcome:
    """A PDF asked for: made (``pdf``), on its way (neither), or failed just now."""

    pdf: bytes | None = None
    failed: bool = False
    # The PDF this outcome is about, for someone who comes back for it (``waiting_for``).
    key: str = ""


def pdf_get_or_queue(*, html: str, waiting_for: str = "") -> PdfOutcome:
    """The PDF of this HTML from the shared cache, or queue it to be made.

    It is queued once however often it is asked for while it is being made. With the
    immediate backend (development, tests) it is made here and returned at once.

    ``waiting_for`` is the key of a PDF this person already asked for at this address:
    while it is being made, or once it is made, that is the one they get, even if the
    document has changed since. Otherwise a draft that teammates keep editing would
    never arrive: each change is a new document, queued afresh on every reload.
    """
    if waiting_for:
        made, failed = pdf.pdf_state(waiting_for)
        if made is not None or failed:
            return PdfOutcome(pdf=made, failed=failed, key=waiting_for)
        if pdf.job_html(waiting_for) is not None:
            return PdfOutcome(key=waiting_for)
    key = pdf.pdf_key(html)
    made, failed = pdf.pdf_state(key)
    if made is not None or failed:
        return PdfOutcome(pdf=made, failed=failed, key=key)
    if pdf.job_start(key, html):
        # A job that stored the PDF and ended between the look above and this start.
        made = pdf.pdf_from_cache(key)
        if made is not None:
            pdf.job_end(key)
            return PdfOutcome(pdf=made, key=key)
        try:
            tasks.pdf_render.enqueue(key=key)
        except Exception:
            pdf.job_end(key)  # so the next request tries again
            raise
        if _runs_in_process(tasks.pdf_render):
            made, failed = pdf.pdf_state(key)
    return PdfOutcome(pdf=made, failed=failed, key=key)


def pdfs_prerender_for_sign_off(*, assessment: Assessment) -> None:
    """Once the sign-off is saved, have the worker make the PDFs board members will download.

    With the immediate backend there is no worker: making them here would only make the
    sign-off wait, so the first download makes them instead, as it does in development.
    """
    if _runs_in_process(tasks.pdfs_prerender):
        return
    assessment_id = assessment.pk
    # robust: a queue that cannot be reached is logged; the sign-off itself is saved.
    transaction.on_commit(
        lambda: tasks.pdfs_prerender.enqueue(assessment_id=assessment_id), robust=True
    )


@transaction.atomic
def pdfs_prerender_latest() -> int:
    """Have the worker make again the PDFs board members download: each service's latest
    signed-off report against each set, and the board packs they are in. Returns how many
    assessments were queued (none without a worker, as at sign-off).

    For the release step: a PDF's cache key includes the stylesheet and WeasyPrint's
    version (``pdf.pdf_key``), so a release that changes either would otherwise leave the
    next board member to wait for "Preparing your PDF". Each task first looks in the cache,
    so a release that changes neither makes nothing.
    """
    if _runs_in_process(tasks.pdfs_prerender):
        return 0
    rows = (
        Assessment.objects.filter(state=AssessmentState.SIGNED_OFF)
        .order_by("service_id", "principle_set_id", "-period", "-signed_off_at")
        .values_list("pk", "service_id", "principle_set_id", "service__partnership_id")
    )
    latest = {}  # (service, set): its newest signed-off assessment, the first of each pair
    for pk, service_id, set_id, partnership_id in rows:
        latest.setdefault((service_id, set_id), (pk, (partnership_id, set_id)))
    # A partnership's board pack for a set is the same whichever of its services' tasks
    # makes it: one task a pack builds it, not one a service.
    packs = set()
    for assessment_id, pack in latest.values():
        with_board_pack = pack not in packs
        packs.add(pack)
        tasks.pdfs_prerender.enqueue(assessment_id=assessment_id, with_board_pack=with_board_pack)
    return len(latest)


def _runs_in_process(task) -> bool:
    return isinstance(task.get_backend(), ImmediateBackend)
