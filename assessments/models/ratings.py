"""A rating of one principle within an assessment, and its improvement actions."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from simple_history.models import HistoricalRecords

from principles.models import heading

from ..rules import (
    ACTION_MAX_LENGTH,
    DIVERGENCE_NOTE_MAX_LENGTH,
    EVIDENCE_MAX_LENGTH,
    OWNER_MAX_LENGTH,
    REASON_MAX_LENGTH,
)


def shown_order(prefix: str = "") -> Coalesce:
    """Where a rating sits in its set: as submitted once submitted, so an admin who reorders
    the set later never moves a submitted or signed-off report's principles; as the set is
    now in a draft. ``prefix`` reaches the rating from another model ("rating__")."""
    return Coalesce(f"{prefix}frozen_order", f"{prefix}principle__order")


class Rating(models.Model):
    """Exists for every principle from the start, so progress needs no extra queries."""

    assessment = models.ForeignKey(
        "assessments.Assessment", on_delete=models.CASCADE, related_name="ratings"
    )
    principle = models.ForeignKey(
        "principles.Principle", on_delete=models.PROTECT, related_name="ratings"
    )
    level = models.ForeignKey(
        "principles.RatingLevel",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ratings",
    )
    not_applicable = models.BooleanField(
        default=False, help_text="Not applicable is recorded with a reason and never scored."
    )
    not_applicable_reason = models.TextField(blank=True, max_length=REASON_MAX_LENGTH)
    evidence = models.TextField(blank=True, max_length=EVIDENCE_MAX_LENGTH)
    weight = models.PositiveSmallIntegerField(validators=[MaxValueValidator(10)])
    weight_reason = models.TextField(
        blank=True,
        max_length=REASON_MAX_LENGTH,
        help_text="Why the weight differs from the principle's default weight.",
    )
    divergence_note = models.TextField(
        blank=True,
        max_length=DIVERGENCE_NOTE_MAX_LENGTH,
        help_text=(
            "Team scoring: why the agreed rating is more than one level from the median of "
            "the individual ratings. Required then, and only then."
        ),
    )
    carried_forward = models.BooleanField(
        default=False,
        help_text="Copied from the previous assessment and not yet reviewed.",
    )
    target_level = models.ForeignKey(
        "principles.RatingLevel",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The level the lead aims for, if any: not every service needs the top level.",
    )
    no_action_reason = models.TextField(
        blank=True,
        max_length=REASON_MAX_LENGTH,
        help_text=(
            "Recorded at submission: why a principle rated at a weak level (the lowest two "
            "levels, or the lowest alone on a two-level scale) has no open improvement action."
        ),
    )
    named_in_return = models.BooleanField(
        default=False,
        help_text="Named by whoever last returned the assessment, so their comment shows here.",
    )
    wording_checked_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=(
            "When someone last saved this rating, or confirmed it still stands, with the "
            "principle's current wording in front of them."
        ),
    )
    version = models.PositiveIntegerField(
        default=1, help_text="Goes up with every save, so stale saves are refused."
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    # What was rated, frozen at submission so later edits to principle text or
    # level labels never change a submitted or signed-off assessment.
    frozen_code = models.CharField(max_length=20, blank=True)
    frozen_short_title = models.CharField(max_length=100, blank=True)
    frozen_statement = models.TextField(blank=True)
    frozen_group_title = models.CharField(max_length=300, blank=True)
    frozen_group_is_stem = models.BooleanField(null=True, blank=True)
    frozen_group_order = models.PositiveSmallIntegerField(null=True, blank=True)
    frozen_order = models.PositiveSmallIntegerField(null=True, blank=True)
    frozen_level_value = models.PositiveSmallIntegerField(null=True, blank=True)
    frozen_level_label = models.CharField(max_length=100, blank=True)
    frozen_default_weight = models.PositiveSmallIntegerField(null=True, blank=True)
    frozen_target_value = models.PositiveSmallIntegerField(null=True, blank=True)
    frozen_target_label = models.CharField(max_length=100, blank=True)

    history = HistoricalRecords()

    # The lead's answer as saved, but for its level: the audit trail tells of changes to
    # these, and admin shows them beside the level's name.
    ANSWER_FIELDS = (
        "not_applicable",
        "not_applicable_reason",
        "evidence",
        "weight",
        "weight_reason",
        "carried_forward",
    )

    class Meta:
        ordering = ["assessment", shown_order().asc()]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "principle"], name="one_rating_per_principle"
            ),
            models.CheckConstraint(condition=Q(weight__lte=10), name="rating_weight_at_most_10"),
            models.CheckConstraint(
                condition=~(Q(not_applicable=True) & Q(level__isnull=False)),
                name="not_applicable_has_no_level",
            ),
        ]

    def __str__(self):
        return f"{self.principle.code} in {self.assessment}"

    @property
    def is_frozen(self) -> bool:
        return bool(self.frozen_code)

    # What to show: the frozen text once submitted, the current text in a draft.
    # Needs principle, principle.group and level loaded (see selectors).
    @property
    def code(self) -> str:
        return self.frozen_code or self.principle.code

    @property
    def short_title(self) -> str:
        return self.frozen_short_title if self.is_frozen else self.principle.short_title

    @property
    def statement(self) -> str:
        return self.frozen_statement if self.is_frozen else self.principle.statement

    @property
    def group_title(self) -> str:
        return self.frozen_group_title if self.is_frozen else self.principle.group.title

    @property
    def group_heading(self) -> str:
        """The section heading as shown, with "…" where it is a sentence stem."""
        if self.is_frozen:
            return heading(self.frozen_group_title, is_stem=self.frozen_group_is_stem)
        return self.principle.group.heading

    @property
    def default_weight(self) -> int:
        """The principle's default weight, as it was at submission once submitted."""
        if self.is_frozen and self.frozen_default_weight is not None:
            return self.frozen_default_weight
        return self.principle.default_weight

    @property
    def level_value(self) -> int | None:
        if self.is_frozen:
            return self.frozen_level_value
        return self.level.value if self.level_id else None

    @property
    def level_label(self) -> str:
        if self.is_frozen:
            return self.frozen_level_label
        return self.level.label if self.level_id else ""

    @property
    def target_value(self) -> int | None:
        if self.is_frozen:
            return self.frozen_target_value
        return self.target_level.value if self.target_level_id else None

    @property
    def target_label(self) -> str:
        if self.is_frozen:
            return self.frozen_target_label
        return self.target_level.label if self.target_level_id else ""

    @property
    def status(self) -> str:
        if self.is_complete:
            return "completed"
        return "in_progress" if self.is_started else "not_started"

    # One definition of "complete", in Python and in SQL, kept in step by a property test.
    # Services store text stripped, so "" is the only empty text and whitespace alone never
    # reaches the database; both forms can therefore compare with "" and always agree.
    @property
    def is_complete(self) -> bool:
        if self.carried_forward:
            return False
        if self.not_applicable:
            return self.not_applicable_reason != ""
        return self.level_id is not None and self.evidence != ""

    @staticmethod
    def complete_q(prefix: str = "") -> Q:
        """``is_complete`` as a filter; ``prefix`` reaches ratings from another model, e.g.
        "ratings__" from an assessment."""

        def q(lookup: str, value) -> Q:
            return Q(**{f"{prefix}{lookup}": value})

        return q("carried_forward", False) & (
            (q("not_applicable", True) & ~q("not_applicable_reason", ""))
            | (q("not_applicable", False) & q("level__isnull", False) & ~q("evidence", ""))
        )

    @property
    def is_started(self) -> bool:
        return bool(
            self.level_id or self.not_applicable or self.evidence.strip() or self.carried_forward
        )


class ActionStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    AGREED = "agreed", "Agreed"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    DROPPED = "dropped", "Dropped"
    # No longer offered: "dropped" (with a reason) or a new due date (with a reason) say
    # what "deferred" used to. Kept so actions submitted or signed off as deferred still
    # show what was recorded; it counts as open.
    DEFERRED = "deferred", "Deferred"

    @classmethod
    def offered(cls) -> list[tuple[str, str]]:
        """The statuses people choose from."""
        return [(value, label) for value, label in cls.choices if value != cls.DEFERRED]

    @classmethod
    def for_drafts(cls) -> list[tuple[str, str]]:
        """The statuses of an action in a draft: one no longer wanted is removed rather
        than dropped; "dropped", with its reason, is for actions followed after sign-off."""
        return [(value, label) for value, label in cls.offered() if value != cls.DROPPED]


# Done with: not open, so never overdue, carried forward or counted as an open action.
CLOSED_STATUSES = frozenset({ActionStatus.COMPLETED, ActionStatus.DROPPED})


class ImprovementAction(models.Model):
    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(max_length=ACTION_MAX_LENGTH)
    owner = models.CharField(
        max_length=OWNER_MAX_LENGTH, help_text="The person or team responsible."
    )
    due_date = models.DateField()
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.PROPOSED
    )
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_to",
        help_text="The open action of the previous assessment this one carries forward.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["rating", "due_date", "pk"]

    def __str__(self):
        return self.description[:60]
