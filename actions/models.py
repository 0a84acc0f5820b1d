"""Progress on improvement actions after their assessment is signed off.

A signed-off assessment never changes, its actions included: its report keeps showing
what was signed off. Progress is recorded beside it, one ``ActionUpdate`` per change,
each holding the action's status and due date after it. The latest update is the
action's current state (``selectors.with_current``); all of them, in order, its history.
"""

from django.conf import settings
from django.db import models

from assessments.models import ActionStatus
from integrated_care.templatetags.govuk_dates import govuk_date

from .rules import NOTE_MAX_LENGTH, REASON_MAX_LENGTH


class ActionUpdate(models.Model):
    action = models.ForeignKey(
        "assessments.ImprovementAction", on_delete=models.CASCADE, related_name="updates"
    )
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, help_text="The status after this update."
    )
    due_date = models.DateField(help_text="The due date after this update.")
    previous_status = models.CharField(max_length=20, choices=ActionStatus.choices)
    previous_due_date = models.DateField()
    note = models.TextField(
        "progress note", blank=True, max_length=NOTE_MAX_LENGTH, help_text="What has happened."
    )
    noted_on = models.DateField(help_text="The date the update is about.")
    due_date_reason = models.TextField(
        blank=True, max_length=REASON_MAX_LENGTH, help_text="Why the due date changed, if it did."
    )
    dropped_reason = models.TextField(
        blank=True, max_length=REASON_MAX_LENGTH, help_text="Why the action was dropped, if it was."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["action", "pk"]
        get_latest_by = "pk"

    def __str__(self):
        return f"Update to {self.action} on {govuk_date(self.noted_on)}"

    @property
    def status_changed(self) -> bool:
        return self.status != self.previous_status

    @property
    def due_date_changed(self) -> bool:
        return self.due_date != self.previous_due_date
