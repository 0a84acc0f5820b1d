"""Team scoring: who rates an assessment individually, and what each of them said.

The team's agreed rating of each principle is the assessment's own ``Rating``; here are
only the raters the lead chose and their individual ratings, which stay private until
the lead opens agreement (``Assessment.rating_phase``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from assessments.rules import REASON_MAX_LENGTH

from .rules import RATIONALE_MAX_LENGTH

# The longest name ``User.name`` can give: a first and a last name of 150 and a space.
NAME_MAX_LENGTH = 301


class Rater(models.Model):
    """A member the lead chose to rate the assessment individually."""

    assessment = models.ForeignKey(
        "assessments.Assessment", on_delete=models.CASCADE, related_name="raters"
    )
    # PROTECT: a signed-off assessment's spread must never lose a rating with its person.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the rater marked every rating as finished; cleared if one is undone.",
    )
    # Null until submission: "" then means the person had no name to show, which must stay
    # so, not fall back to a name they are given later.
    frozen_name = models.CharField(  # noqa: DJ001 - null is "not frozen", "" is no name
        max_length=NAME_MAX_LENGTH,
        null=True,
        blank=True,
        help_text=(
            "The rater's name as reports show it, frozen when the assessment is submitted "
            "(blank if they had none then); empty in a draft, which shows their name today."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "user"], name="one_rater_per_person")
        ]

    def __str__(self):
        return f"{self.user} rating {self.assessment}"

    @property
    def report_name(self) -> str:
        """As reports show it: frozen at submission, else the person's name today; never
        their email address. Needs the user loaded unless frozen."""
        if self.frozen_name is not None:
            return self.frozen_name
        return self.user.name

    @property
    def name(self) -> str:
        """As members see it: the report name, else the email address; needs the user loaded."""
        return self.report_name or self.user.email


class IndividualRating(models.Model):
    """One rater's private rating of one principle; one exists for every principle from the
    moment the rater is chosen, so progress needs no extra queries."""

    rater = models.ForeignKey(Rater, on_delete=models.CASCADE, related_name="ratings")
    # The assessment's rating of the principle, which holds the team's agreed rating.
    rating = models.ForeignKey(
        "assessments.Rating", on_delete=models.CASCADE, related_name="individual_ratings"
    )
    level = models.ForeignKey(
        "principles.RatingLevel", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    not_applicable = models.BooleanField(
        default=False, help_text="Recorded with a reason; never counted in the spread."
    )
    not_applicable_reason = models.TextField(blank=True, max_length=REASON_MAX_LENGTH)
    rationale = models.TextField(
        blank=True, max_length=RATIONALE_MAX_LENGTH, help_text="Why the rater chose this level."
    )
    version = models.PositiveIntegerField(
        default=1, help_text="Goes up with every save, so a save from an old page is refused."
    )
    updated_at = models.DateTimeField(auto_now=True)
    # The level as rated, frozen when the assessment is submitted, so later edits to the
    # scale never change a submitted or signed-off assessment's spread.
    frozen_level_value = models.PositiveSmallIntegerField(null=True, blank=True)
    frozen_level_label = models.CharField(max_length=100, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["rater", "rating"]
        constraints = [
            models.UniqueConstraint(fields=["rater", "rating"], name="one_individual_rating"),
            models.CheckConstraint(
                condition=~(Q(not_applicable=True) & Q(level__isnull=False)),
                name="individual_not_applicable_has_no_level",
            ),
        ]

    def __str__(self):
        return f"{self.rater.user}'s rating of {self.rating.principle.code}"

    @property
    def is_frozen(self) -> bool:
        return self.frozen_level_value is not None or bool(self.frozen_level_label)

    # Needs level loaded.
    @property
    def level_value(self) -> int | None:
        if self.frozen_level_value is not None:
            return self.frozen_level_value
        return self.level.value if self.level_id else None

    @property
    def level_label(self) -> str:
        if self.frozen_level_value is not None:
            return self.frozen_level_label
        return self.level.label if self.level_id else ""

    @property
    def answer(self) -> str:
        if self.not_applicable:
            return "Not applicable"
        if self.level_value is None:
            return "Not rated yet"
        return f"{self.level_value} – {self.level_label}"

    @property
    def is_given(self) -> bool:
        """A level or not applicable has been chosen: it counts in the spread."""
        return self.not_applicable or self.level_id is not None

    # Complete: a level with a rationale, or not applicable with a reason. Services store
    # text stripped, so "" is the only empty text (as ``Rating.is_complete``).
    @property
    def is_complete(self) -> bool:
        if self.not_applicable:
            return self.not_applicable_reason != ""
        return self.level_id is not None and self.rationale != ""

    @staticmethod
    def complete_q(prefix: str = "") -> Q:
        def q(lookup: str, value) -> Q:
            return Q(**{f"{prefix}{lookup}": value})

        return (q("not_applicable", True) & ~q("not_applicable_reason", "")) | (
            q("not_applicable", False) & q("level__isnull", False) & ~q("rationale", "")
        )

    @property
    def status(self) -> str:
        if self.is_complete:
            return "completed"
        started = self.is_given or self.rationale or self.not_applicable_reason
        return "in_progress" if started else "not_started"
