from django.shortcuts import render

from .. import selectors
from ..audit import audit_entries


def history(request, pk):
    """Every change to the assessment, in plain words, newest first."""
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    return render(
        request,
        "assessments/history.html",
        {"assessment": assessment, "entries": audit_entries(assessment, user=request.user)},
    )
