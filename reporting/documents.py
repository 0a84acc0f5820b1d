"""The HTML of the printable documents, shared by the web views and ``render_reports``.

The same HTML makes the same PDF (``pdf.cached_pdf`` keys on it), so a PDF written
by the command is the one a browser download gets, and each is rendered once.
"""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from assessments.models import Assessment

from .board_pack import BoardPack, build_board_pack
from .reports import build_report


def download_name(*parts: str, extension: str) -> str:
    """A file name people can file: service-2026-27-2026-11-23.pdf."""
    stem = "-".join(slugify(part.replace("/", "-")) for part in parts if part)
    return f"{stem}-{timezone.localdate():%Y-%m-%d}.{extension}"


def assessment_report_html(assessment: Assessment) -> str:
    """One assessment's report for print; needs service, partnership, set and scale loaded."""
    return render_to_string(
        "reports/assessment_pdf.html",
        {"assessment": assessment, "report": build_report(assessment)},
    )


def assessment_report_filename(assessment: Assessment) -> str:
    """As the report's download: hospital-discharge-2026-27-2026-11-23.pdf."""
    return download_name(assessment.service.name, assessment.period, extension="pdf")


def board_pack_filename(pack: BoardPack) -> str:
    return download_name(
        pack.partnership.name, pack.principle_set.short_name, "board pack", extension="pdf"
    )


def board_pack_html(pack: BoardPack) -> str:
    """A partnership's board pack for print."""
    return render_to_string("reports/board_pack_pdf.html", {"pack": pack})


def signed_off_documents(assessment_id: int, *, with_board_pack: bool = True) -> list[str]:
    """What board members download after a sign-off: the assessment's report, and (unless
    ``with_board_pack`` is off) its partnership's board pack for the set (each service's
    latest signed-off assessment)."""
    assessment = (
        Assessment.objects.select_related("service__partnership", "principle_set", "rating_scale")
        .filter(pk=assessment_id)
        .first()
    )
    if assessment is None:
        return []
    documents = [assessment_report_html(assessment)]
    if with_board_pack:
        pack = build_board_pack(assessment.service.partnership, assessment.principle_set)
        documents.append(board_pack_html(pack))
    return documents
