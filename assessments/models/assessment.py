"""A self-assessment of one service against one principle set, from draft to sign-off."""

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

    class Meta:
        ordering = ["-period", "service__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "principle_set", "period"], name="one_assessment_per_period"
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.period})"

