"""One assessment's report: on screen, as a PDF for boards, and as a spreadsheet."""

from django.http import Http404, HttpResponse
from django.shortcuts import render

from assessments import selectors

from .. import exports
from ..documents import assessment_report_filename, assessment_report_html, download_name
from ..pdf import cached_pdf
from ..reports import build_report

SPREADSHEET_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def report(request, pk):
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    return render(
        request,
        "reports/assessment.html",
        {"assessment": assessment, "report": build_report(assessment)},
    )


def report_pdf(request, pk):
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    pdf = cached_pdf(assessment_report_html(assessment))
    return attachment(pdf, "application/pdf", assessment_report_filename(assessment))


def export(request, pk, fmt):
    if fmt not in SPREADSHEET_TYPES:
        raise Http404("No such format")
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    rows = exports.assessment_rows(assessment)
    content = (
        exports.to_csv(rows)
        if fmt == "csv"
        else exports.to_xlsx(rows, title=f"{assessment.period.replace('/', '-')} answers")
    )
    filename = download_name(assessment.service.name, assessment.period, extension=fmt)
    return attachment(content, SPREADSHEET_TYPES[fmt], filename)
