from django.shortcuts import render

from actions.audit import update_entries

from .. import selectors
from ..audit import audit_entries


def history(request, pk):
    """Every change to the assessment, in plain words, newest first."""
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    return render(
        request,
        "assessments/history.html",
        {"assessment": assessment, "entries": _with_action_updates(assessment, request.user)},
    )


def _with_action_updates(assessment, user) -> list:
    """The assessment's history with the updates to its actions since sign-off, which are
    recorded beside it (the actions app), newest first."""
    entries = audit_entries(assessment, user=user) + update_entries(assessment)
    return sorted(entries, key=lambda entry: entry.when, reverse=True)
