"""Django admin for assessments, for support.

Assessments change state only through the services in ``services.py``, which
check roles, versions and completeness. Admin therefore never edits state,
versions, frozen text, submission, return or sign-off fields, never starts an
assessment, and never reverts one from its history. A signed-off assessment is
read-only here too, even for superusers.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst

from consensus.models import Rater
from integrated_care.history_admin import ReadOnlyHistoryAdmin
from voice.models import FeedbackRound

from .content import board_words_written, individual_written, rating_written
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

    def get_actions(self, request, action_location=admin.ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        actions.pop("delete_selected", None)
        return actions

    def delete_queryset(self, request, queryset):
        # Not reachable while bulk delete is off; kept so it can never bypass the rule.
        for obj in queryset:
            self.delete_model(request, obj)

    def get_deleted_objects(self, objs, request):
        # Deleting an assessment deletes its ratings, so admin may delete only a draft
        # nobody has written anything in (one started by mistake); bulk delete is off. The
        # delete page says so and lists what would be lost, as ``ExplainProtectionMixin``
        # does: refusing the permission instead would blame the person's role (the 403 page),
        # and Django would name ratings, raters and feedback rounds, which are view-only in
        # admin, as missing permissions. The rule decides whether they go, not anyone's
        # role: an empty draft's ratings, raters and unanswered round go with it.
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        perms_needed -= {model._meta.verbose_name for model in RULED_BY_THE_DRAFT}
        kept = [entry for obj in objs for entry in self._kept(obj)]
        if kept:
            protected, perms_needed = [*protected, *kept], set()
            self.message_user(request, _refusal(objs), messages.ERROR)
        return deleted, model_count, perms_needed, protected

    def _kept(self, assessment: Assessment) -> list[str]:
        """What keeps the assessment, as the delete page lists protected objects."""
        if not assessment.is_draft:
            return [f"Assessment: {assessment} ({assessment.get_state_display().lower()})"]
        ratings, raters, rounds = _content(assessment)
        site = self.admin_site.name
        board_words = "the lead's summary for the board, or its ask"
        return [
            *(
                [f"Assessment: {assessment} ({board_words})"]
                if board_words_written(assessment)
                else []
            ),
            *(
                _linked(
                    site,
                    rating,
                    "rated, written in, re-weighted, carried forward or with an action",
                )
                for rating in ratings
            ),
            *(
                _linked(site, rater, f"{_count(rater.started, 'individual rating')} started")
                for rater in raters
            ),
            *(
                _linked(
                    site,
                    feedback_round,
                    "1 person has answered"
                    if feedback_round.answered == 1
                    else f"{feedback_round.answered} people have answered",
                )
                for feedback_round in rounds
            ),
        ]

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
        # Re-check under the locks that rating saves and people's answers take: the
        # assessment, then its round (as sign-off locks them).
        current = Assessment.objects.select_for_update().get(pk=obj.pk)
        list(FeedbackRound.objects.select_for_update().filter(assessment=current))
        if not _is_empty_draft(current):
            raise PermissionDenied(f"{ONLY_AN_EMPTY_DRAFT}.")
        current._history_user = request.user
        current.delete()


ONLY_AN_EMPTY_DRAFT = "Only an empty draft can be deleted"

# What goes with an assessment, which admin shows but never deletes by itself: whether it
# goes is the empty-draft rule's to decide, so it is never a missing permission.
RULED_BY_THE_DRAFT = (Rating, Rater, FeedbackRound)


def _refusal(assessments) -> str:
    """Why the delete page refuses, in plain words."""
    for assessment in assessments:
        if not assessment.is_draft:
            state = assessment.get_state_display().lower()  # "signed off"
            return f"{ONLY_AN_EMPTY_DRAFT}. This assessment has been {state}."
    return (
        f"{ONLY_AN_EMPTY_DRAFT}. Someone has rated or written in this draft (its ratings or "
        "its summary for the board), or people have answered its feedback form: it would "
        "lose what is listed below."
    )


def _linked(site: str, obj, detail: str) -> str:
    """One thing the delete page lists as keeping the draft: "Rating: <link> (why)"."""
    meta = obj._meta
    url = reverse(f"{site}:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    return format_html(
        '{}: <a href="{}">{}</a> ({})', capfirst(meta.verbose_name), url, obj, detail
    )


def _count(count: int, what: str) -> str:
    return f"1 {what}" if count == 1 else f"{count} {what}s"


def _content(assessment: Assessment) -> tuple[list[Rating], list[Rater], list[FeedbackRound]]:
    """The ratings rated, written in, re-weighted or carried forward, the raters who have
    started any individual rating (each with ``started``), and the feedback round if people
    have answered it (with ``answered``): three queries. The rule is ``content``'s, which a
    principle's delete page shares."""
    ratings = (
        assessment.ratings.filter(rating_written())
        .distinct()
        .select_related("principle", "assessment")
        .order_by("principle__order")
    )
    raters = (
        Rater.objects.filter(assessment=assessment)
        .annotate(started=Count("ratings", filter=individual_written("ratings__")))
        .filter(started__gt=0)
        .select_related("user", "assessment")
    )
    # People's answers are never deleted by hand (``voice.admin``). A round nobody has
    # answered holds only its link and closing date, so it goes with an empty draft.
    rounds = (
        FeedbackRound.objects.filter(assessment=assessment)
        .annotate(answered=Count("responses"))
        .filter(answered__gt=0)
        .select_related("assessment")
    )
    return list(ratings), list(raters), list(rounds)


def _is_empty_draft(assessment: Assessment) -> bool:
    """A draft with no summary or ask for the board, none of whose ratings has been rated,
    written in, re-weighted or carried, none of whose raters has started an individual
    rating, and whose feedback round, if any, nobody has answered."""
    if not assessment.is_draft or board_words_written(assessment):
        return False
    return not any(_content(assessment))


@admin.register(Rating)
class RatingAdmin(ViewOnlyMixin, ReadOnlyHistoryAdmin):
    list_display = ["__str__", "level", "not_applicable", "weight", "carried_forward", "updated_at"]
    list_filter = ["assessment__state", "assessment__principle_set", "not_applicable"]
    # Declared here alone: a get_queryset that selects related rows itself makes Django
    # ignore this, and the list then reads each row's level and assessment one by one.
    list_select_related = ["principle", "level", "assessment"]
    search_fields = ["principle__code", "assessment__title", "evidence"]
    readonly_fields = ["assessment", "principle", "code", "short_title", "level_label"]


@admin.register(ImprovementAction)
class ImprovementActionAdmin(ViewOnlyMixin, ReadOnlyHistoryAdmin):
    list_display = ["description", "owner", "due_date", "status", "rating"]
    list_filter = ["status", "rating__assessment__service__partnership"]
    list_select_related = ["rating__principle", "rating__assessment"]
    search_fields = ["description", "owner", "rating__assessment__title"]
