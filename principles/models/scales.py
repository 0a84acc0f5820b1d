"""Rating scales and their levels: what a principle is rated on.

Reference data maintained by admins and shipped as fixtures, with natural keys.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class RatingScaleManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def default(self):
        return self.get(is_default=True)


class RatingScale(models.Model):
    slug = models.SlugField(unique=True, help_text="Stable identifier used in fixtures and URLs.")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    is_default = models.BooleanField(
        default=False,
        help_text=(
            "Used for principle sets that do not name a scale. Only one scale can be the default."
        ),
    )

    objects = RatingScaleManager()
    # Admin edits are part of the audit trail.
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="one_default_rating_scale",
                violation_error_message=(
                    "Another scale is the default already: untick it there first"
                ),
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        # A set that names no scale is rated on the default one: without it, starting an
        # assessment of that set could only be refused.
        if self.is_default or not RatingScale.objects.filter(pk=self.pk, is_default=True).exists():
            return
        from .sets import PrincipleSet  # sets name their scale: imported here, not in a loop

        relying = PrincipleSet.objects.filter(rating_scale__isnull=True).order_by("title")
        titles = [f"“{title}”" for title in relying.values_list("title", flat=True)]
        if titles:
            names = " and ".join([", ".join(titles[:-1]), titles[-1]] if titles[1:] else titles)
            raise ValidationError(
                {"is_default": ValidationError(DEFAULT_IN_USE.format(names), code="default_in_use")}
            )

    def natural_key(self):
        return (self.slug,)


DEFAULT_IN_USE = (
    "Choose a rating scale for {} first, then untick this: a principle set that names no "
    "rating scale uses the default"
)
NO_DEFAULT_SCALE = "Choose a rating scale: no scale is the default, so there is none to use"
# Scores and bands run from a scale's lowest level to its highest: one level has no span.
MIN_LEVELS = 2
TOO_FEW_LEVELS = f"A rating scale needs at least {MIN_LEVELS} levels"
# Admin's check (``RatingLevelFormSet``), in any case: a draft offers each level by its label.
DUPLICATE_LABEL = "Another level on this scale has this label"


class RatingLevelManager(models.Manager):
    def get_by_natural_key(self, scale_slug, value):
        return self.get(scale__slug=scale_slug, value=value)


class RatingLevel(models.Model):
    """One point on a rating scale. "Not applicable" is never a level: it is recorded apart."""

    scale = models.ForeignKey(RatingScale, on_delete=models.CASCADE, related_name="levels")
    value = models.PositiveSmallIntegerField(help_text="Higher values mean stronger practice.")
    label = models.CharField(max_length=100)
    descriptor = models.TextField(help_text="One sentence saying what this level looks like.")

    objects = RatingLevelManager()
    # Admin edits are part of the audit trail.
    history = HistoricalRecords()

    class Meta:
        ordering = ["scale", "value"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "value"], name="unique_level_value_per_scale")
        ]

    def __str__(self):
        return f"{self.value}: {self.label}"

    def natural_key(self):
        return (*self.scale.natural_key(), self.value)

    natural_key.dependencies = ["principles.ratingscale"]
