"""Team scoring in Django admin: read only, so no rating changes outside the services.

Raters and their individual ratings are changed only through the app, where the workflow,
the permissions and the freeze at submission apply; admin shows them, nothing more.
"""

from django.contrib import admin

from assessments.admin import ViewOnlyMixin

from .models import IndividualRating, Rater


class IndividualRatingInline(admin.TabularInline):
    model = IndividualRating
    fields = ["rating", "level", "not_applicable", "not_applicable_reason", "rationale"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("rating__principle", "level")


@admin.register(Rater)
class RaterAdmin(ViewOnlyMixin, admin.ModelAdmin):
    list_display = ["user", "assessment", "added_at", "finished_at"]
    list_select_related = ["user", "assessment"]
    search_fields = ["user__email", "assessment__title"]
    inlines = [IndividualRatingInline]
