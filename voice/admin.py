"""Django admin for feedback rounds, for support: to look, never to change.

Rounds change only through the services (roles, dates, sign-off); answers are never
edited or deleted by hand, so the figures in reports stay what people said.
"""

from django.contrib import admin

from assessments.admin import ViewOnlyMixin
from integrated_care.history_admin import ReadOnlyHistoryAdmin

from .models import FeedbackRound


@admin.register(FeedbackRound)
class FeedbackRoundAdmin(ViewOnlyMixin, ReadOnlyHistoryAdmin):
    list_display = ["assessment", "closes_on", "closed_at", "opened_by", "is_frozen"]
    list_select_related = ["assessment", "opened_by"]
    search_fields = ["assessment__title", "assessment__service__name"]
    fields = ["assessment", "closes_on", "opened_by", "opened_at", "closed_at", "closed_by"]
    readonly_fields = fields

    @admin.display(boolean=True, description="Figures frozen")
    def is_frozen(self, obj):
        return obj.is_frozen
