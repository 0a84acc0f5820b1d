"""Django admin for assessments, for support.

Assessments change state only through the services in ``services.py``, which
check roles, versions and completeness. Admin therefore never edits state,
versions, frozen text, submission, return or sign-off fields, never starts an
assessment, and never reverts one from its history. A signed-off assessment is
read-only here too, even for superusers.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q

from integrated_care.history_admin import ReadOnlyHistoryAdmin

from .models import Assessment, ImprovementAction, Rating


class ViewOnlyMixin:
    """For support: admins can look, but every change goes through the services."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RatingInline(ViewOnlyMixin, admin.TabularInline):
    model = Rating
    extra = 0
    fields = ["code", "short_title", "level_label", *Rating.ANSWER_FIELDS]
    readonly_fields = fields
    ordering = ["principle__order"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("principle__group", "level")


# The only field an admin may correct. The period is part of what was assessed and
# of the one-assessment-per-period rule, and everything else belongs to the services.
EDITABLE_FIELDS = ("title",)


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyHistoryAdmin):
    list_display = ["title", "service", "partnership", "principle_set", "period", "state"]
    list_filter = ["state", "principle_set", "service__partnership"]
    list_select_related = ["service__partnership", "principle_set"]
    search_fields = ["title", "service__name"]
    inlines = [RatingInline]
    fieldsets = [
        (None, {"fields": ["title", "period", "service", "principle_set", "rating_scale"]}),
        (
            "State",
            {"fields": ["state", "version", "previous", "created_by", "created_at", "updated_at"]},
        ),
        (
            "Submission and return",
            {
                "fields": [
                    "submitted_at",
                    "submitted_by",
                    "returned_at",
                    "returned_by",
                    "returned_comment",
                ]
            },
        ),
        ("Sign-off", {"fields": list(Assessment.SIGN_OFF_FIELDS)}),
    ]

    @admin.display(description="Partnership", ordering="service__partnership__name")
    def partnership(self, obj):
        return obj.service.partnership

    def get_readonly_fields(self, request, obj=None):
        shown = [name for _, options in self.fieldsets for name in options["fields"]]
        return [name for name in shown if name not in EDITABLE_FIELDS]

    def has_add_permission(self, request):
        # Start assessments in the service: that creates a rating for every principle.
        return False

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_signed_off:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Deleting an assessment deletes its ratings, so admin may delete only a draft
        # nobody has written anything in (one started by mistake). Bulk delete is off.
        if obj is not None and not _is_empty_draft(obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request, action_location=admin.ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        actions.pop("delete_selected", None)
        return actions

    def delete_queryset(self, request, queryset):
        # Not reachable while bulk delete is off; kept so it can never bypass the rule.
        for obj in queryset:
            self.delete_model(request, obj)

    def get_deleted_objects(self, objs, request):
        # Ratings are view-only in admin, but an empty draft's rating rows go with it.
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        perms_needed.discard(Rating._meta.verbose_name)
        return deleted, model_count, perms_needed, protected

    def save_model(self, request, obj, form, change):
        # Lock the row as the services do and write only the fields admin may change,
        # so a submission or sign-off saved meanwhile is never overwritten.
        current = Assessment.objects.select_for_update().get(pk=obj.pk)
        if current.is_signed_off:
            raise PermissionDenied("A signed-off assessment cannot be changed.")
        changed = [f for f in form.changed_data if f in EDITABLE_FIELDS]
        if changed:
            for name in changed:
                setattr(current, name, getattr(obj, name))
            current._history_user = request.user
            current.save(update_fields=[*changed, "updated_at"])

    def delete_model(self, request, obj):
        # Re-check under the lock that rating saves also take.
        current = Assessment.objects.select_for_update().get(pk=obj.pk)
        if not _is_empty_draft(current):
            raise PermissionDenied("Only an empty draft can be deleted.")
        current._history_user = request.user
        current.delete()


def _is_empty_draft(assessment: Assessment) -> bool:
    """A draft none of whose ratings has been rated, written in, re-weighted or carried."""
    if not assessment.is_draft:
        return False
    has_content = (
        Q(level__isnull=False)
        | Q(not_applicable=True)
        | ~Q(not_applicable_reason="")
        | ~Q(evidence="")
        | ~Q(weight=F("principle__default_weight"))
        | ~Q(weight_reason="")
        | Q(carried_forward=True)
        | Q(actions__isnull=False)
    )
    return not assessment.ratings.filter(has_content).exists()


@admin.register(Rating)
class RatingAdmin(ViewOnlyMixin, ReadOnlyHistoryAdmin):
    list_display = ["__str__", "level", "not_applicable", "weight", "carried_forward", "updated_at"]
    list_filter = ["assessment__state", "assessment__principle_set", "not_applicable"]
    list_select_related = ["principle", "level", "assessment"]
    search_fields = ["principle__code", "assessment__title", "evidence"]
    readonly_fields = ["assessment", "principle", "code", "short_title", "level_label"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("principle__group")


@admin.register(ImprovementAction)
class ImprovementActionAdmin(ViewOnlyMixin, ReadOnlyHistoryAdmin):
    list_display = ["description", "owner", "due_date", "status", "rating"]
    list_filter = ["status", "rating__assessment__service__partnership"]
    list_select_related = ["rating__principle", "rating__assessment"]
    search_fields = ["description", "owner", "rating__assessment__title"]
