from django.contrib import admin
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from notifications.models import DigestWeek, NotificationPreference

# A queued email's arguments hold its whole text, password reset and invitation links
# included, and django-tasks-db's admin shows them to anyone who may view task results.
HIDDEN_TASK_FIELDS = ("args_kwargs", "return_value")


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


class TaskResultAdmin(DBTaskResultAdmin):
    """django-tasks-db's task results without each task's arguments or return value:
    status, task name, times and errors only."""

    exclude = HIDDEN_TASK_FIELDS

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return [field for field in fields if field not in HIDDEN_TASK_FIELDS]

    def get_list_display(self, request):
        return [f for f in super().get_list_display(request) if f not in HIDDEN_TASK_FIELDS]

    def get_search_fields(self, request):
        return [f for f in super().get_search_fields(request) if f not in HIDDEN_TASK_FIELDS]

    def lookup_allowed(self, lookup, value, request):
        # Admin filters the list by any field named in the address, so without this
        # ?args_kwargs__icontains=... would reveal a link a character at a time.
        if lookup.split("__", 1)[0] in HIDDEN_TASK_FIELDS:
            return False
        return super().lookup_allowed(lookup, value, request)


# Importing django_tasks_db.admin above has registered its own admin already, whatever
# the order of INSTALLED_APPS, so it can be swapped here.
admin.site.unregister(DBTaskResult)
admin.site.register(DBTaskResult, TaskResultAdmin)
