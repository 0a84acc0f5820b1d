"""One assessment's report: on screen, as a PDF for boards, and as a spreadsheet."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from assessments import selectors

from .. import exports
from ..documents import (
    assessment_answers_filename,
    assessment_report_filename,
    assessment_report_html,
)
from ..reports import build_report
from .downloads import attachment, pdf_download

SPREADSHEET_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def report(request, pk):
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    return render(
        request,
        "reports/assessment.html",
        {"assessment": assessment, "report": build_report(assessment)},
    )


def report_pdf(request, pk):
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    return pdf_download(
        request,
        html=assessment_report_html(assessment),
        filename=assessment_report_filename(assessment),
        title=f"Report: {assessment.title}",
        back_url=reverse("assessments:report", args=[assessment.pk]),
        back_label="the report",
    )


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
    filename = assessment_answers_filename(assessment, extension=fmt)
    return attachment(content, SPREADSHEET_TYPES[fmt], filename)
