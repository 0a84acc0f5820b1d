"""The scores of a signed-off assessment, worked out once at sign-off and kept.

A signed-off assessment never changes, so neither do its scores: pages that show many
services (the board pack) read these figures in one query instead of scoring every rating
of every service on every request. What the figures hold, and how they are read back, is
``assessments.score_figures``; they are written only by ``assessments.score_services``.
"""

from django.db import models


class StoredScores(models.Model):
    """One signed-off assessment's scores, as plain values (``score_figures.figures_of``)."""

    assessment = models.OneToOneField(
        "assessments.Assessment",
        on_delete=models.CASCADE,
        related_name="stored_scores",
        help_text="The signed-off assessment these scores are of.",
    )
    figures = models.JSONField(
        help_text=(
            "Its scores as worked out at sign-off: overall, each section and principle, the "
            "lowest-scoring principles and those below their targets (plain values)."
        )
    )
    stored_at = models.DateTimeField(auto_now_add=True, help_text="When they were worked out.")

    class Meta:
        verbose_name = "stored scores"
        verbose_name_plural = "stored scores"

    def __str__(self) -> str:
        return f"Scores of assessment {self.assessment_id}"
