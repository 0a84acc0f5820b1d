from django.shortcuts import render

from .. import selectors


def history(request, pk):
    """Every change to the assessment, in plain words, newest first."""
    from ..audit import audit_entries  # TEMP: module is being written in parallel

    assessment = selectors.assessment_get(user=request.user, pk=pk)
    return render(
        request,
        "assessments/history.html",
        {"assessment": assessment, "entries": audit_entries(assessment)},
    )
