"""Django admin for partnerships, their services and their members."""

from django.contrib import admin
from django.db.models import Count

from integrated_care.admin_protection import ExplainProtectionMixin
from integrated_care.history_admin import ReadOnlyHistoryAdmin
from partnerships.models import Membership, Partnership, Service


class ServiceInline(admin.TabularInline):
    model = Service
    extra = 0
    fields = ["name", "care_group", "description"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role"]
    autocomplete_fields = ["user"]


@admin.register(Partnership)
class PartnershipAdmin(ExplainProtectionMixin, ReadOnlyHistoryAdmin):
    list_display = ["name", "nation", "default_principle_set", "service_count"]
    list_filter = ["nation"]
    list_select_related = ["default_principle_set"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "nation", "default_principle_set", "signoff_body"]
    inlines = [ServiceInline, MembershipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(service_total=Count("services"))

    @admin.display(description="Services", ordering="service_total")
    def service_count(self, obj):
        return obj.service_total


@admin.register(Service)
class ServiceAdmin(ExplainProtectionMixin, ReadOnlyHistoryAdmin):
    list_display = ["name", "partnership", "care_group"]
    list_filter = ["partnership", "care_group"]
    list_select_related = ["partnership"]
    search_fields = ["name", "description", "care_group", "partnership__name"]
    fields = ["partnership", "name", "care_group", "description"]

    def get_readonly_fields(self, request, obj=None):
        # Its assessments, signed off by this partnership's board, would go with it, and
        # only the new partnership's members could see them.
        if obj is not None and obj.assessments.exists():
            return ["partnership"]
        return []


@admin.register(Membership)
class MembershipAdmin(ReadOnlyHistoryAdmin):
    list_display = ["user", "partnership", "role"]
    list_filter = ["role", "partnership"]
    list_select_related = ["user", "partnership"]
    search_fields = ["user__email", "user__display_name", "user__username"]
    autocomplete_fields = ["user"]
    fields = ["user", "partnership", "role"]
