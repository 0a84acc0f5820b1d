"""The HTML of the printable documents, shared by the web views and ``render_reports``.

The same HTML makes the same PDF (``pdf.cached_pdf`` keys on it), so a PDF written
by the command is the one a browser download gets, and each is rendered once.
"""

import datetime

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from assessments.models import Assessment
from partnerships.models import Partnership
from principles.models import PrincipleSet

from .board_pack import BoardPack, build_board_pack
from .reports import build_report

# Longest slug taken from a name people typed (a service, a partnership, a set), cut at a
# hyphen, so a file name stays short enough to read and to save on any system.
NAME_PART_LIMIT = 40


def download_name(*parts: str, extension: str, on: datetime.date | None = None) -> str:
    """A file name people can file, ASCII only: each part as a slug, then the date the
    document is as of (today unless ``on``): riverside-national-voices-answers-2026-11-23.csv.
    """
    # A name written wholly in another script has no ASCII slug, and is left out.
    stem = [slug for slug in map(_slug, parts) if slug]
    day = on or timezone.localdate()
    return "-".join([*stem, f"{day:%Y-%m-%d}"]) + f".{extension}"


def _slug(text: str) -> str:
    slug = slugify(text.replace("/", "-"))  # "2026/27" reads as 2026-27, not 202627
    if len(slug) <= NAME_PART_LIMIT:
        return slug
    cut = slug[: NAME_PART_LIMIT + 1]
    return cut.rsplit("-", 1)[0] if "-" in cut else slug[:NAME_PART_LIMIT]


def assessment_report_html(assessment: Assessment) -> str:
    """One assessment's report for print; needs service, partnership, set and scale loaded."""
    return render_to_string(
        "reports/assessment_pdf.html",
        {"assessment": assessment, "report": build_report(assessment)},
    )


def assessment_filename(assessment: Assessment, what: str, *, extension: str) -> str:
    """One assessment's document, saying whether it is signed off or a draft.

    Signed off, it never changes, so it carries the date of the sign-off decision and is
    the same file whenever it is downloaded:
    hospital-discharge-national-voices-2026-27-report-signed-off-2027-03-04.pdf. Anything
    else may still change (a submitted assessment can be returned), so it carries the day it
    was made: hospital-discharge-national-voices-2026-27-report-draft-2026-11-23.pdf. The
    set's name is in it because a service may be assessed against both sets in one year.
    Once submitted, the names are those frozen then, as in the document itself.
    """
    parts = (
        assessment.names.service,
        assessment.set_text.short_name,
        assessment.period,
        what,
    )
    if not assessment.is_signed_off:
        return download_name(*parts, "draft", extension=extension)
    signed = assessment.signoff_date or timezone.localdate(assessment.signed_off_at)
    return download_name(*parts, "signed off", extension=extension, on=signed)


def assessment_report_filename(assessment: Assessment) -> str:
    """The report PDF's name (``assessment_filename``), the same on the page and from
    ``render_reports``."""
    return assessment_filename(assessment, "report", extension="pdf")


def assessment_answers_filename(assessment: Assessment, *, extension: str) -> str:
    """The assessment's spreadsheet of answers (``assessment_filename``)."""
    return assessment_filename(assessment, "answers", extension=extension)


def board_pack_filename(pack: BoardPack) -> str:
    """The board pack changes as services are signed off, so it carries the day it was made,
    and "draft" when it shows an assessment not signed off (it is marked DRAFT)."""
    return download_name(
        pack.partnership.name,
        pack.principle_set.short_name,
        "board pack",
        "" if pack.is_final else "draft",
        extension="pdf",
    )


def partnership_answers_filename(
    partnership: Partnership, principle_set: PrincipleSet, *, extension: str
) -> str:
    """Every assessment's answers against a set, as of the day it was made."""
    return download_name(partnership.name, principle_set.short_name, "answers", extension=extension)


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
