"""A self-assessment of one service against one principle set, from draft to sign-off."""

from typing import NamedTuple

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from .. import workflow
from ..rules import (
    BOARD_ASK_MAX_LENGTH,
    BODY_MAX_LENGTH,
    COMMENT_MAX_LENGTH,
    MINUTE_REFERENCE_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    validate_period,
)
from ..workflow import (  # defined with the workflow table, re-exported here
    AssessmentState,
    RatingPhase,
)


class SetText(NamedTuple):
    """A principle set's own words as one assessment's report shows them. Named as
    ``PrincipleSet``'s fields, so templates that take a set take this too."""

    title: str
    short_name: str
    main_purpose: str


class ServiceNames(NamedTuple):
    """The service's and its partnership's names as one assessment's report shows them."""

    service: str
    care_group: str
    partnership: str


class SignOffDecision(models.TextChoices):
    APPROVED = "approved", "Approved"
    ENDORSED = "endorsed", "Endorsed"
    NOTED = "noted", "Noted"


class Assessment(workflow.StateProperties, models.Model):
    service = models.ForeignKey(
        "partnerships.Service", on_delete=models.PROTECT, related_name="assessments"
    )
    principle_set = models.ForeignKey(
        "principles.PrincipleSet", on_delete=models.PROTECT, related_name="assessments"
    )
    rating_scale = models.ForeignKey(
        "principles.RatingScale",
        on_delete=models.PROTECT,
        related_name="assessments",
        help_text="The scale ratings are given on, fixed when the assessment starts.",
    )
    period = models.CharField(
        max_length=7,
        validators=[validate_period],
        help_text="The year the assessment covers, for example 2026/27.",
    )
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    state = models.CharField(
        max_length=20, choices=AssessmentState.choices, default=AssessmentState.DRAFT
    )
    version = models.PositiveIntegerField(
        default=1,
        help_text="Goes up with every change to weights or state, so stale saves are refused.",
    )
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The earlier assessment this one was started from, if any.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    returned_at = models.DateTimeField(null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    returned_comment = models.TextField(
        blank=True,
        max_length=COMMENT_MAX_LENGTH,
        help_text="Why the assessment was returned for changes.",
    )

    # For the board, written by the lead before submission and frozen with the rest.
    lead_summary = models.TextField(
        "lead's summary",
        blank=True,
        max_length=SUMMARY_MAX_LENGTH,
        help_text="A few paragraphs from the lead on page one of the report.",
    )
    board_ask = models.TextField(
        "the board is asked to",
        blank=True,
        max_length=BOARD_ASK_MAX_LENGTH,
        help_text="What the board is asked to do, for example approve the improvement plan.",
    )

    # Team scoring (the consensus app): how the assessment is rated, and when agreement opened.
    rating_phase = models.CharField(
        max_length=20,
        choices=RatingPhase.choices,
        default=RatingPhase.SHARED,
        help_text=(
            "One shared rating; or team members rate individually first (individual) and "
            "then agree each rating together (agreement)."
        ),
    )
    agreement_opened_at = models.DateTimeField(null=True, blank=True)
    agreement_opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    agreement_unfinished = models.JSONField(
        default=list,
        blank=True,
        help_text="The raters who had not finished when agreement opened, by name.",
    )
    report_rater_names = models.BooleanField(
        "show raters' names in reports",
        default=False,
        help_text=(
            "Reports name who wrote each individual rationale. Off by default: members see "
            "names on the agreement pages, reports do not. Set by a lead; fixed at sign-off."
        ),
    )

    frozen_scale_values = models.JSONField(
        null=True,
        blank=True,
        help_text=(
            "The scale's level values when the assessment started: levels added to or removed "
            "from the scale later never change what it is rated on or how it is scored."
        ),
    )
    frozen_bands = models.JSONField(
        null=True,
        blank=True,
        help_text=(
            "The words its scores were read in at submission (the scale's level labels), each "
            "with the lowest whole percentage it covers. Drafts read the scale's current words."
        ),
    )
    # The principle set's own words at submission: later admin edits to the set never change
    # what a submitted or signed-off report says. Blank in a draft, which reads the set.
    frozen_set_title = models.CharField(
        max_length=300,
        blank=True,
        help_text="The principle set's title at submission. Drafts read the set's current title.",
    )
    frozen_set_short_name = models.CharField(
        max_length=100,
        blank=True,
        help_text=(
            "The principle set's short name at submission. Drafts read the set's current one."
        ),
    )
    frozen_set_main_purpose = models.TextField(
        blank=True,
        help_text=(
            "The principle set's main purpose at submission (blank if it had none). Drafts "
            "read the set's current one."
        ),
    )

    # The service's and partnership's names at submission, for the same reason: renaming
    # either in admin never changes a submitted or signed-off report, its PDF, its answers
    # or their file names. Blank in a draft, which reads them live.
    frozen_service_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="The service's name at submission. Drafts read the service's current name.",
    )
    frozen_care_group = models.CharField(
        max_length=100,
        blank=True,
        help_text=(
            "The service's care group at submission (blank if it had none). Drafts read the "
            "service's current one."
        ),
    )
    frozen_partnership_name = models.CharField(
        max_length=200,
        blank=True,
        help_text=(
            "The partnership's name at submission. Drafts read the partnership's current name."
        ),
    )

    signoff_body = models.CharField(
        "signed off by (body)",
        max_length=BODY_MAX_LENGTH,
        blank=True,
        help_text="For example the Health and Wellbeing Board, or the IJB's audit committee.",
    )
    signoff_decision = models.CharField(max_length=20, choices=SignOffDecision.choices, blank=True)
    signoff_date = models.DateField(null=True, blank=True, help_text="The date of the meeting.")
    signoff_minute_reference = models.CharField(max_length=MINUTE_REFERENCE_MAX_LENGTH, blank=True)
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    # What signing off records: the sign-off service saves them, admin shows them together.
    SIGN_OFF_FIELDS = (
        "signoff_body",
        "signoff_decision",
        "signoff_date",
        "signoff_minute_reference",
        "signed_off_at",
        "signed_off_by",
    )
    # The set's words frozen at submission and cleared on return, with the set's fields.
    FROZEN_SET_FIELDS = {
        "frozen_set_title": "title",
        "frozen_set_short_name": "short_name",
        "frozen_set_main_purpose": "main_purpose",
    }

    # The names frozen at submission and cleared on return, in ``ServiceNames``' order.
    FROZEN_NAME_FIELDS = ("frozen_service_name", "frozen_care_group", "frozen_partnership_name")

    class Meta:
        ordering = ["-period", "service__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "principle_set", "period"], name="one_assessment_per_period"
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.period})"

    @property
    def set_text_is_frozen(self) -> bool:
        """Submitted or signed off: the set's words were frozen (a set always has a title)."""
        return bool(self.frozen_set_title)

    @property
    def set_text(self) -> SetText:
        """The set's title, short name and main purpose as this assessment's reports show
        them: as frozen at submission once submitted, the set's current words in a draft.
        Needs ``principle_set`` loaded in a draft (the selectors load it)."""
        if self.set_text_is_frozen:
            return SetText(
                self.frozen_set_title, self.frozen_set_short_name, self.frozen_set_main_purpose
            )
        principle_set = self.principle_set
        return SetText(principle_set.title, principle_set.short_name, principle_set.main_purpose)

    @property
    def names(self) -> ServiceNames:
        """The service's, care group's and partnership's names as this assessment's reports
        and file names show them: as frozen at submission once submitted (a service always
        has a name), their current names in a draft. Needs ``service__partnership`` loaded
        in a draft (the selectors load it)."""
        if self.frozen_service_name:
            return ServiceNames(
                self.frozen_service_name, self.frozen_care_group, self.frozen_partnership_name
            )
        return self.names_now

    @property
    def names_now(self) -> ServiceNames:
        """The service's, care group's and partnership's current names: what submission
        freezes."""
        service = self.service
        return ServiceNames(service.name, service.care_group, service.partnership.name)
