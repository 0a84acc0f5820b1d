from django.contrib import admin

from notifications.models import DigestWeek, NotificationPreference


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "assessment_submitted",
        "assessment_returned",
        "assessment_signed_off",
        "action_digest",
        "updated_at",
    ]
    search_fields = ["user__email", "user__display_name"]
    raw_id_fields = ["user"]


@admin.register(DigestWeek)
class DigestWeekAdmin(admin.ModelAdmin):
    """Deleting this week's row lets `send_action_digest` send it again."""

    list_display = ["week_starting", "sent_at", "emails"]
    readonly_fields = ["sent_at"]
