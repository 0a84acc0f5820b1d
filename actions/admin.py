from django.contrib import admin

from .models import ActionUpdate


@admin.register(ActionUpdate)
class ActionUpdateAdmin(admin.ModelAdmin):
    """Read only: an update is a record of what someone said happened, so it is never
    edited or deleted. Updates are made on the action's page."""

    list_display = ["action", "noted_on", "status", "due_date", "created_by", "created_at"]
    list_filter = ["status"]
    list_select_related = ["action", "created_by"]
    search_fields = ["note", "action__description", "action__owner"]
    readonly_fields = [field.name for field in ActionUpdate._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
