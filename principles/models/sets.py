"""Published principle sets: their sections, principles and what each level looks like.

Reference data maintained by admins and shipped as fixtures, with natural keys.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from .scales import NO_DEFAULT_SCALE, RatingScale


class Nation(models.TextChoices):
    """Where a principle set applies, or where a partnership is."""

    ENGLAND = "england", "England"
    SCOTLAND = "scotland", "Scotland"
    WALES = "wales", "Wales"
    NORTHERN_IRELAND = "northern-ireland", "Northern Ireland"
    UK = "uk", "United Kingdom"


class PrincipleSetManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class PrincipleSet(models.Model):
    slug = models.SlugField(unique=True, help_text="Stable identifier used in fixtures and URLs.")
    title = models.CharField(max_length=300)
    short_name = models.CharField(max_length=100, help_text="Used in tables and charts.")
    jurisdiction = models.CharField(max_length=20, choices=Nation.choices)
    publisher = models.CharField(max_length=300, help_text="Who published the principles.")
    source_url = models.URLField(blank=True, help_text="Where the published text can be read.")
    description = models.TextField(blank=True)
    version = models.CharField(
        max_length=100, blank=True, help_text="Edition or version, as the publisher names it."
    )
    published_on = models.DateField(null=True, blank=True)
    statement_stem = models.CharField(
        max_length=200,
        blank=True,
        help_text='Words that introduce every statement, for example "Integrated care must".',
    )
    main_purpose = models.TextField(
        blank=True,
        help_text=(
            "The overarching purpose the principles serve, as one full sentence, for example "
            '"The main purpose of integrated health and social care services is to improve the '
            'wellbeing of service-users." It is shown with the principles, never scored.'
        ),
    )
    guidance_note = models.TextField(
        blank=True,
        help_text="Says where the guidance and prompt questions come from.",
    )
    rating_scale = models.ForeignKey(
        RatingScale,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="principle_sets",
        help_text="Leave blank to use the default rating scale.",
    )

    objects = PrincipleSetManager()
    # Admin edits are part of the audit trail.
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def clean(self):
        if (
            self.rating_scale_id is None
            and not RatingScale.objects.filter(is_default=True).exists()
        ):
            raise ValidationError(
                {"rating_scale": ValidationError(NO_DEFAULT_SCALE, code="no_default_scale")}
            )

    def natural_key(self):
        return (self.slug,)


class PrincipleGroupManager(models.Manager):
    def get_by_natural_key(self, set_slug, code):
        return self.get(principle_set__slug=set_slug, code=code)


class PrincipleGroup(models.Model):
    """An ordered section of a set, such as Scotland's "Services must be"."""

    principle_set = models.ForeignKey(PrincipleSet, on_delete=models.CASCADE, related_name="groups")
    code = models.SlugField(help_text="Stable identifier within the set.")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300, help_text="The heading as published.")
    title_is_stem = models.BooleanField(
        "heading begins each statement",
        default=False,
        help_text=(
            "Tick when the heading is the start of a sentence that each statement completes, "
            'such as "Services must be". It is then shown followed by "…".'
        ),
    )

    objects = PrincipleGroupManager()
    # Admin edits are part of the audit trail.
    history = HistoricalRecords()

    class Meta:
        ordering = ["principle_set", "order"]
        constraints = [
            models.UniqueConstraint(fields=["principle_set", "code"], name="unique_group_code"),
            models.UniqueConstraint(fields=["principle_set", "order"], name="unique_group_order"),
        ]

    def __str__(self):
        return self.title

    @property
    def heading(self) -> str:
        return heading(self.title, is_stem=self.title_is_stem)

    def natural_key(self):
        return (*self.principle_set.natural_key(), self.code)

    natural_key.dependencies = ["principles.principleset"]


def heading(title: str, *, is_stem: bool) -> str:
    """A section heading as shown: a sentence stem is followed by "…"."""
    return f"{title}…" if is_stem else title


class PrincipleManager(models.Manager):
    def get_by_natural_key(self, set_slug, code):
        return self.get(principle_set__slug=set_slug, code=code)


DUPLICATE_CODE = "Another principle in this set has this code"


class Principle(models.Model):
    # The set is stored as well as the group so admins can edit a set's principles
    # inline on one page, and so the order can be unique within the set.
    principle_set = models.ForeignKey(
        PrincipleSet, on_delete=models.PROTECT, related_name="principles"
    )
    group = models.ForeignKey(
        PrincipleGroup,
        on_delete=models.PROTECT,
        related_name="principles",
        help_text="The section of the set this principle appears in.",
    )
    code = models.CharField(
        max_length=20,
        help_text="Stable code such as NV-01, unique within the set. Never reuse a code.",
    )
    order = models.PositiveSmallIntegerField(help_text="Position within the whole set.")
    short_title = models.CharField(max_length=100, help_text="A few words for charts and tables.")
    statement = models.TextField(help_text="The statement exactly as published.")
    guidance = models.TextField(
        blank=True, help_text="Prompt questions to help people rate this principle."
    )
    statutory_reference = models.CharField(
        max_length=200, blank=True, help_text="Where the principle is set out in law, if it is."
    )
    default_weight = models.PositiveSmallIntegerField(
        default=1,
        validators=[MaxValueValidator(10)],
        help_text="Starting weight, 0 to 10, for every new assessment.",
    )
    wording_changed_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text=(
            "When the short title or statement last changed (in admin, or restored to the "
            "published text), so drafts rated before then are asked to check their ratings."
        ),
    )
    feedback_statement = models.CharField(
        "statement for people's feedback",
        max_length=200,
        blank=True,
        help_text=(
            "One plain-English sentence in the first person that people who use the service "
            'agree or disagree with on the feedback form, for example "The people who support '
            'me plan my care around what matters to me". It is written for this tool and is '
            "not part of the published principle. Leave it blank to leave the principle out of "
            "the feedback form."
        ),
    )

    objects = PrincipleManager()
    # Admin edits are part of the audit trail.
    history = HistoricalRecords()

    class Meta:
        ordering = ["principle_set", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["principle_set", "order"], name="unique_principle_order"
            ),
            # In any case: "nv-01" beside "NV-01" would read as the same principle.
            models.UniqueConstraint(
                F("principle_set"),
                Lower("code"),
                name="unique_principle_code_in_set",
                violation_error_code="duplicate_code",
                violation_error_message=DUPLICATE_CODE,
            ),
            models.CheckConstraint(
                condition=Q(default_weight__lte=10), name="principle_default_weight_at_most_10"
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.short_title}"

    def clean(self):
        if (
            self.group_id
            and self.principle_set_id
            and self.group.principle_set_id != self.principle_set_id
        ):
            raise ValidationError(
                {
                    "group": ValidationError(
                        "Choose a section from this principle set", code="group_not_in_set"
                    )
                }
            )

    def natural_key(self):
        return (*self.principle_set.natural_key(), self.code)

    natural_key.dependencies = ["principles.principleset", "principles.principlegroup"]


class PrincipleLevelDescriptorManager(models.Manager):
    def get_by_natural_key(self, set_slug, code, value):
        return self.get(principle__principle_set__slug=set_slug, principle__code=code, value=value)


class PrincipleLevelDescriptor(models.Model):
    """What one level of the rating scale looks like for one principle.

    Shown on the rating page in place of the scale's general description of the level.
    Written for this tool, never part of a published principle.
    """

    principle = models.ForeignKey(
        Principle, on_delete=models.CASCADE, related_name="level_descriptors"
    )
    value = models.PositiveSmallIntegerField(
        "level", help_text="The value of the level on the set's rating scale, for example 3."
    )
    text = models.CharField(
        "what this level looks like",
        max_length=300,
        help_text=(
            "One sentence saying what this level looks like for this principle. It is written "
            "for this tool and is not part of the published principle."
        ),
    )

    objects = PrincipleLevelDescriptorManager()
    # Admin edits are part of the audit trail.
    history = HistoricalRecords()

    class Meta:
        ordering = ["principle", "value"]
        verbose_name = "level description"
        constraints = [
            models.UniqueConstraint(
                fields=["principle", "value"],
                name="one_descriptor_per_level",
                violation_error_message="This principle already describes this level",
            )
        ]

    def __str__(self):
        return f"{self.principle.code} level {self.value}"

    def clean(self):
        if not self.principle_id or self.value is None:
            return
        principle_set = self.principle.principle_set
        scale = principle_set.rating_scale or RatingScale.objects.filter(is_default=True).first()
        if scale is not None and not scale.levels.filter(value=self.value).exists():
            raise ValidationError(
                {
                    "value": ValidationError(
                        "Choose a level on this set's rating scale", code="level_not_on_scale"
                    )
                }
            )

    def natural_key(self):
        return (*self.principle.natural_key(), self.value)

    natural_key.dependencies = ["principles.principle"]
