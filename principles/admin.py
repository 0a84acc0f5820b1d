from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from assessments.default_weights import default_weights_lock, draft_weights_follow_default
from assessments.set_growth import draft_ratings_add
from assessments.wording import drafts_affected
from integrated_care.admin_protection import ExplainProtectionMixin
from integrated_care.history_admin import ReadOnlyHistoryAdmin

from .admin_forms import (
    PositionedForm,
    PositionedFormSet,
    PrincipleForm,
    PrincipleFormSet,
    RatingLevelFormSet,
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

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Offer only the sections of the set being edited.
        if db_field.name == "group":
            set_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = PrincipleGroup.objects.filter(principle_set_id=set_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def _drafts_follow_default(request, principle: Principle, old_default: int) -> None:
    moved = draft_weights_follow_default(
        user=request.user, principle_id=principle.pk, old_default=old_default
    )
    if moved:
        drafts = f"{moved} draft assessment{'s' if moved != 1 else ''}"
        messages.info(
            request,
            f"{drafts} used the default weight for {principle.code}, so "
            f"{'they now use' if moved != 1 else 'it now uses'} {principle.default_weight} "
            f"instead of {old_default}. Weights that teams changed, with a reason, are as "
            "they were.",
        )


def _drafts_include(request, principle: Principle) -> None:
    added = draft_ratings_add(user=request.user, principle_id=principle.pk)
    if added:
        drafts = f"{added} draft assessment{'s' if added != 1 else ''}"
        messages.info(
            request,
            f"{drafts} now {'include' if added != 1 else 'includes'} {principle.code}. It is "
            "not rated yet, so it must be rated before the assessment can be submitted. "
            "Submitted and signed-off assessments do not include it.",
        )


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
        super().save_formset(request, form, formset, change)
        for principle, old_default in reweighted.items():
            _drafts_follow_default(request, principle, old_default)
        if formset.model is Principle:
            for principle in formset.new_objects:
                _drafts_include(request, principle)

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
        # principle would appear in their reports under another framework's sections.
        if obj is not None and obj.ratings.exists():
            return ["principle_set"]
        return []

    def save_model(self, request, obj, form, change):
        joins_set = not change or "principle_set" in form.changed_data
        if joins_set:
            # The set's principles, before this one is written, as the set's page locks them.
            default_weights_lock(principle_set_id=obj.principle_set_id)
        principle_wording_mark(principle=obj, changed=form.changed_data if change else ())
        super().save_model(request, obj, form, change)
        if change and "default_weight" in form.changed_data:
            _drafts_follow_default(request, obj, form.initial["default_weight"])
        if joins_set:
            _drafts_include(request, obj)

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
