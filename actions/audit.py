"""Updates to an assessment's actions since sign-off, in plain words, for its history page.

One query however many actions or updates there are.
"""

from django.utils import dateformat

from assessments.audit import AuditEntry
from assessments.models import ActionStatus, Assessment

from .models import ActionUpdate

LABELS = dict(ActionStatus.choices)


def _date(value) -> str:
    return dateformat.format(value, "j F Y")


def update_entries(assessment: Assessment) -> list[AuditEntry]:
    """One entry per update to any of the assessment's actions, newest first."""
    updates = ActionUpdate.objects.filter(action__rating__assessment=assessment).select_related(
        "created_by", "action__rating__principle"
    )
    entries = []
    for update in updates.order_by("-created_at", "-pk"):
        rating = update.action.rating
        label = f"{rating.code} {rating.short_title}"
        parts = []
        if update.status_changed:
            parts.append(
                f"status {LABELS.get(update.status, update.status).lower()} "
                f"(was {LABELS.get(update.previous_status, update.previous_status).lower()})"
            )
            if update.dropped_reason:
                parts.append(f"dropped because: {update.dropped_reason}")
        if update.due_date_changed:
            parts.append(
                f"due {_date(update.due_date)} (was {_date(update.previous_due_date)}) because: "
                f"{update.due_date_reason}"
            )
        if update.note:
            parts.append(f"progress on {_date(update.noted_on)}: {update.note}")
        who = update.created_by
        entries.append(
            AuditEntry(
                when=update.created_at,
                who=(who.name.strip() or who.get_username()) if who else "Unknown",
                summary=f"Updated an action on {label} ({update.action.description[:80]}): "
                + "; ".join(parts),
            )
        )
    return entries
