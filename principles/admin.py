from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from assessments.default_weights import default_weights_lock
from assessments.set_growth import asking_rounds, principle_in_use
from assessments.wording import drafts_affected
from integrated_care.admin_protection import ExplainProtectionMixin
from integrated_care.history_admin import ReadOnlyHistoryAdmin

from .admin_drafts import drafts_exclude, drafts_follow_default, drafts_include, with_empty_ratings
from .admin_forms import (
    PositionedForm,
    PositionedFormSet,
    PrincipleForm,
    PrincipleFormSet,
    RatingLevelFormSet,
    RemovableRowMixin,
)
from .models import (
    Principle,
    PrincipleGroup,
    PrincipleLevelDescriptor,
    PrincipleSet,
    RatingLevel,
    RatingScale,
)
from .services import positions_vacate, principle_wording_mark


class RatingLevelInline(admin.TabularInline):
    """A scale's levels. Once an assessment uses the scale, only their words can change:
    ratings' level values are what scores are worked out from, so a changed, added
    or removed value would change (or break) every draft's figures."""

    model = RatingLevel
    formset = RatingLevelFormSet
    extra = 0
    ordering = ["value"]

    @staticmethod
    def _in_use(scale) -> bool:
        return scale is not None and scale.pk is not None and scale.assessments.exists()

    def get_readonly_fields(self, request, obj=None):
        return ["value"] if self._in_use(obj) else []

    def has_add_permission(self, request, obj=None):
        return not self._in_use(obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._in_use(obj) and super().has_delete_permission(request, obj)


class StableSlugMixin:
    """A set's or scale's slug is chosen when it is added and never changes: the release step
    loads a shipped fixture whose slugs it cannot find (``principle_fixtures_load_missing``),
    so a renamed one would be loaded again beside it, or fail on the one default scale."""

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return [*readonly, "slug"] if obj is not None else readonly

    # What the slug is filled in from while it is typed on the add page. Not Django's
    # ``prepopulated_fields``: simple_history's history pages read that attribute directly,
    # with the slug read-only, and find no slug field to fill.
    slug_from: tuple[str, ...] = ()

    def get_prepopulated_fields(self, request, obj=None):
        # Nothing to fill in on a read-only slug (and no field for the script to find).
        return {} if obj is not None else {"slug": self.slug_from}


@admin.register(RatingScale)
class RatingScaleAdmin(StableSlugMixin, ExplainProtectionMixin, ReadOnlyHistoryAdmin):
    list_display = ["name", "slug", "is_default", "level_count"]
    list_filter = ["is_default"]
    search_fields = ["name", "slug", "levels__label"]
    slug_from = ("name",)
    inlines = [RatingLevelInline]

    @admin.display(description="Levels")
    def level_count(self, obj):
        return obj.levels.count()

    def get_deleted_objects(self, objs, request):
        # Deleting the default scale would leave the sets that name none with no scale to
        # start an assessment on: they protect it, as a set that names a scale protects that.
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        if any(scale.is_default for scale in objs):
            protected = [
                *protected,
                *(
                    format_html(
                        'Principle set: <a href="{}">{}</a> (it names no rating scale, so it '
                        "uses the default)",
                        reverse("admin:principles_principleset_change", args=[principle_set.pk]),
                        principle_set,
                    )
                    for principle_set in PrincipleSet.objects.filter(rating_scale__isnull=True)
                ),
            ]
            if protected:
                perms_needed = set()
        return deleted, model_count, perms_needed, protected


class PrincipleGroupInline(admin.TabularInline):
    model = PrincipleGroup
    form = PositionedForm
    formset = PositionedFormSet
    extra = 0
    ordering = ["order"]
    fields = ["order", "code", "title"]


class PrincipleInline(admin.StackedInline):
    model = Principle
    form = PositionedForm
    formset = PrincipleFormSet
    extra = 0
    ordering = ["order"]
    fields = [
        ("order", "code", "group"),
        "short_title",
        "statement",
        "guidance",
        # Written for this tool (the help text says so), for the people's feedback form.
        "feedback_statement",
        ("statutory_reference", "default_weight"),
    ]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # Django's form refuses to delete any principle with ratings; this one first lets one
        # go whose only ratings are untouched ones in drafts.
        formset.form = type(formset.form.__name__, (RemovableRowMixin, formset.form), {})
        return formset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Offer only the sections of the set being edited.
        if db_field.name == "group":
            set_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = PrincipleGroup.objects.filter(principle_set_id=set_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(PrincipleSet)
class PrincipleSetAdmin(StableSlugMixin, ExplainProtectionMixin, ReadOnlyHistoryAdmin):
    list_display = ["title", "short_name", "jurisdiction", "publisher", "principle_count"]
    list_filter = ["jurisdiction", "publisher"]
    search_fields = ["title", "short_name", "slug", "principles__statement", "principles__code"]
    slug_from = ("short_name",)
    inlines = [PrincipleGroupInline, PrincipleInline]
    fieldsets = [
        (None, {"fields": ["title", "short_name", "slug", "jurisdiction", "description"]}),
        ("Source", {"fields": ["publisher", "source_url", "version", "published_on"]}),
        (
            "How the principles are presented",
            {"fields": ["statement_stem", "main_purpose", "guidance_note", "rating_scale"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("principles")

    def save_formset(self, request, form, formset, change):
        if formset.model is Principle and change:
            # Every principle of the set, in the order a start or a return locks them, before
            # any is written: the writes below go in id order, then the form's, so two
            # principles saved in another order could deadlock with a start under way.
            default_weights_lock(principle_set_id=form.instance.pk)
        if isinstance(formset, PositionedFormSet):
            positions_vacate(model=formset.model, ids=formset.vacated_ids())
        reweighted = {}
        if formset.model is Principle:
            for principle_form in formset.forms:
                principle_wording_mark(
                    principle=principle_form.instance, changed=principle_form.changed_data
                )
                deleted = principle_form in formset.deleted_forms
                if (
                    principle_form.instance.pk
                    and not deleted
                    and "default_weight" in principle_form.changed_data
                ):
                    reweighted[principle_form.instance] = principle_form.initial["default_weight"]
                if deleted and principle_form.instance.pk:
                    drafts_exclude(request, principle_form.instance)
        super().save_formset(request, form, formset, change)
        for principle, old_default in reweighted.items():
            drafts_follow_default(request, principle, old_default)
        if formset.model is Principle:
            for principle in formset.new_objects:
                drafts_include(request, principle)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Before saving, say how many drafts show these principles' wording as it is now.
        principle_set = self.get_object(request, object_id)
        if principle_set is not None:
            extra_context = {
                **(extra_context or {}),
                "drafts_affected": drafts_affected(principle_set=principle_set),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description="Principles")
    def principle_count(self, obj):
        return len(obj.principles.all())


class PrincipleLevelDescriptorInline(admin.TabularInline):
    """What each level looks like for this principle, shown on its rating page in place of the
    scale's general description. Written for this tool, never part of the published text."""

    model = PrincipleLevelDescriptor
    extra = 0
    ordering = ["value"]
    fields = ["value", "text"]


@admin.register(Principle)
class PrincipleAdmin(ExplainProtectionMixin, ReadOnlyHistoryAdmin):
    form = PrincipleForm
    inlines = [PrincipleLevelDescriptorInline]
    list_display = ["code", "short_title", "principle_set", "group", "default_weight"]
    list_display_links = ["code", "short_title"]
    list_filter = ["principle_set", "group"]
    list_select_related = ["principle_set", "group"]
    search_fields = [
        "code",
        "short_title",
        "statement",
        "guidance",
        "feedback_statement",
        "statutory_reference",
    ]
    ordering = ["principle_set", "order"]
    fields = [
        "principle_set",
        "group",
        ("order", "code"),
        "short_title",
        "statement",
        "guidance",
        # Written for this tool (the help text says so), for the people's feedback form.
        "feedback_statement",
        ("statutory_reference", "default_weight"),
    ]

    def get_readonly_fields(self, request, obj=None):
        # Its ratings belong to assessments against this set: moved to another set, the
        # principle would appear in their reports under another framework's sections. Only
        # untouched ratings in drafts, which a move takes away, leave it free to move.
        if obj is not None and principle_in_use(principle_id=obj.pk):
            return ["principle_set"]
        return []

    def save_model(self, request, obj, form, change):
        joins_set = not change or "principle_set" in form.changed_data
        left = form.initial.get("principle_set") if change and joins_set else None
        if joins_set:
            # The sets' principles, before this one is written, as the set's page locks them;
            # both sets' in id order when it moves, so two moves the other way cannot deadlock.
            for set_id in sorted({obj.principle_set_id, left} - {None}):
                default_weights_lock(principle_set_id=set_id)
        if left is not None:
            drafts_exclude(request, obj, where=" of its old set")
        principle_wording_mark(principle=obj, changed=form.changed_data if change else ())
        super().save_model(request, obj, form, change)
        if change and "default_weight" in form.changed_data:
            drafts_follow_default(request, obj, form.initial["default_weight"])
        if joins_set:
            drafts_include(request, obj)

    def get_deleted_objects(self, objs, request):
        # Ratings protect their principle, but a principle added by mistake has only its
        # drafts' untouched ratings, which go with it (``draft_ratings_remove``): the page
        # says so in plain words instead of refusing. Anything else keeps it, as listed.
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        protected = [
            *protected,
            *(
                format_html(
                    'Feedback round: <a href="{}">{}</a> (its form asks people about {})',
                    reverse("admin:voice_feedbackround_change", args=[feedback_round.pk]),
                    feedback_round,
                    principle.code,
                )
                for principle in objs
                for feedback_round in asking_rounds(principle_id=principle.pk).select_related(
                    "assessment"
                )
            ),
        ]
        if protected and not any(principle_in_use(principle_id=p.pk) for p in objs):
            protected = []
            deleted = with_empty_ratings(deleted, objs, model_count)
        if protected:
            perms_needed = set()
        return deleted, model_count, perms_needed, protected

    def delete_model(self, request, obj):
        drafts_exclude(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        # Each through ``delete_model``, so the drafts' untouched ratings go first.
        for principle in queryset:
            self.delete_model(request, principle)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Before saving, say how many drafts show this wording and have rated it already.
        principle = self.get_object(request, object_id)
        if principle is not None:
            extra_context = {
                **(extra_context or {}),
                "drafts_affected": drafts_affected(
                    principle=principle, principle_set=principle.principle_set
                ),
            }
        return super().change_view(request, object_id, form_url, extra_context)
