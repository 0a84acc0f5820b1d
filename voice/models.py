"""Feedback rounds: what people who use a service and their carers say, statement by statement.

A round belongs to one assessment and ends with it: its answers are never carried into
another assessment. People answer through a public link whose token is the only way in.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

COMMENT_MAX_LENGTH = 1000
# A one-time submission key (``secrets.token_urlsafe(32)`` is 43 characters).
SUBMISSION_KEY_MAX_LENGTH = 64


def new_token() -> str:
    """An unguessable link token (96 random bits, 16 characters), never derived from an id.

    Short enough to type from a poster; guessing one would take longer than the universe
    has existed, even without the rate limit.
    """
    return secrets.token_urlsafe(12)


class Agreement(models.TextChoices):
    """The five-point agree-disagree scale, strongest agreement first, and "does not apply"."""

    STRONGLY_AGREE = "strongly-agree", "Strongly agree"
    AGREE = "agree", "Agree"
    NEITHER = "neither", "Neither agree nor disagree"
    DISAGREE = "disagree", "Disagree"
    STRONGLY_DISAGREE = "strongly-disagree", "Strongly disagree"
    DOES_NOT_APPLY = "does-not-apply", "Does not apply to me"


class AnsweringAs(models.TextChoices):
    PERSON = "person", "Someone who uses the service"
    CARER = "carer", "A carer"
    OTHER = "other", "Someone else"


class FeedbackRound(models.Model):
    """The public feedback form for one assessment, open until its closing date."""

    assessment = models.OneToOneField(
        "assessments.Assessment", on_delete=models.CASCADE, related_name="feedback_round"
    )
    token = models.CharField(
        max_length=64,
        unique=True,
        default=new_token,
        editable=False,
        help_text="The secret part of the public link. Anyone with the link can answer.",
    )
    closes_on = models.DateField(help_text="The last day people can answer.")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(
        null=True, blank=True, help_text="When a lead closed the round, or it closed at sign-off."
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Moved on by every change a lead makes, so a save from a page opened before it is
    # refused rather than replacing theirs (0 on a page opened before any round).
    version = models.PositiveIntegerField(default=1)
    frozen_counts = models.JSONField(
        null=True,
        blank=True,
        help_text=(
            "Answers counted by principle when the assessment was signed off, so its reports "
            "never change afterwards."
        ),
    )

    statements = models.JSONField(
        default=dict,
        blank=True,
        help_text=(
            "Each principle's statement for people's feedback as the form asks it, by "
            "principle id, frozen when the round opened: every answer in the round is to "
            "these words, whatever an admin changes later."
        ),
    )

    # Opening, closing and reopening are part of the audit trail. The statements are
    # left out: they never change after opening, so every record would repeat them.
    history = HistoricalRecords(excluded_fields=["token", "statements"])

    class Meta:
        ordering = ["-opened_at"]

    def __str__(self):
        return f"Feedback on {self.assessment}"

    def is_open(self, *, today=None) -> bool:
        """Open to answers: not closed, closing date not passed, assessment not signed off.

        Needs the assessment loaded.
        """
        today = today or timezone.localdate()
        return (
            self.closed_at is None and today <= self.closes_on and not self.assessment.is_signed_off
        )

    @property
    def is_frozen(self) -> bool:
        return self.frozen_counts is not None

    @property
    def statement_texts(self) -> dict[int, str]:
        """The statements people are asked in this round, by principle id."""
        return {int(pk): text for pk, text in self.statements.items()}


class FeedbackResponse(models.Model):
    """One person's answers. Nothing here identifies them."""

    round = models.ForeignKey(FeedbackRound, on_delete=models.CASCADE, related_name="responses")
    answering_as = models.CharField(max_length=20, choices=AnsweringAs.choices)
    assisted = models.BooleanField(
        default=False,
        help_text="Entered by a member of the partnership on the person's behalf.",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who entered an assisted response.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submission_key = models.CharField(
        max_length=SUBMISSION_KEY_MAX_LENGTH,
        blank=True,
        default="",
        help_text=(
            "A one-time key from the page the answers were sent from, so sending the same "
            "page twice (a double-click) stores them once. Blank on older responses."
        ),
    )

    class Meta:
        ordering = ["round", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(entered_by__isnull=True) | Q(assisted=True),
                name="entered_by_only_when_assisted",
            ),
            models.UniqueConstraint(
                fields=["round", "submission_key"],
                condition=~Q(submission_key=""),
                name="one_response_per_submission_key",
            ),
        ]

    def __str__(self):
        return f"Response {self.pk} to {self.round}"


class FeedbackAnswer(models.Model):
    """How much one person agrees with one principle's feedback statement."""

    response = models.ForeignKey(FeedbackResponse, on_delete=models.CASCADE, related_name="answers")
    principle = models.ForeignKey(
        "principles.Principle", on_delete=models.PROTECT, related_name="feedback_answers"
    )
    answer = models.CharField(max_length=20, choices=Agreement.choices)
    comment = models.TextField(blank=True, max_length=COMMENT_MAX_LENGTH)
    quotable = models.BooleanField(
        default=False,
        help_text="A lead has marked the comment as suitable to quote in reports.",
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    marked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["response", "principle__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "principle"], name="one_answer_per_statement"
            ),
            models.CheckConstraint(
                condition=Q(quotable=False) | ~Q(comment=""), name="only_comments_are_quotable"
            ),
        ]

    def __str__(self):
        return f"{self.get_answer_display()} ({self.principle.code})"


class RateLimitCounter(models.Model):
    """A request counter for the public form's rate limit (see ``voice.ratelimit``).

    In the database, like the rest of the app's state, so every app server shares it.
    """

    key = models.CharField(max_length=250, primary_key=True)
    count = models.BigIntegerField()
    expires_at = models.FloatField(db_index=True, help_text="Unix time when it lapses.")

    class Meta:
        verbose_name = "rate limit counter"

    def __str__(self):
        return f"{self.key}: {self.count}"
