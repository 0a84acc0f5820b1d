"""Writing signed-off assessments' stored scores (``StoredScores``).

Stored once, at sign-off (``assessment_sign_off`` calls ``assessment_scores_store``), and
by the ``release`` command for assessments signed off before scores were stored
(``stored_scores_fill_missing``). Pages only read them (``figure_selectors``).
"""

from django.db import transaction

from . import score_figures, score_rows
from .models import Assessment, AssessmentState, StoredScores

FILL_BATCH = 100  # assessments scored per query of ratings when filling in


@transaction.atomic
def assessment_scores_store(*, assessment: Assessment) -> StoredScores:
    """Work out a signed-off assessment's scores and keep them (again, if stored before)."""
    if not assessment.is_signed_off:
        raise ValueError("Only a signed-off assessment's scores are stored.")
    (scored,) = score_rows.score_assessments([assessment], among=[]).values()
    stored, _ = StoredScores.objects.update_or_create(
        assessment=assessment, defaults={"figures": score_figures.figures_of(scored)}
    )
    return stored


@transaction.atomic
def stored_scores_fill_missing() -> int:
    """Store the scores of every signed-off assessment that has none (or has them in an
    older shape). Returns how many were stored; quick when none are missing."""
    missing = Assessment.objects.filter(state=AssessmentState.SIGNED_OFF).exclude(
        stored_scores__figures__version=score_figures.VERSION
    )
    ids = list(missing.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), FILL_BATCH):
        batch = list(Assessment.objects.filter(pk__in=ids[start : start + FILL_BATCH]))
        scored = score_rows.score_assessments(batch, among=[])
        StoredScores.objects.filter(assessment__in=batch).delete()  # any older shape
        StoredScores.objects.bulk_create(
            StoredScores(assessment_id=pk, figures=score_figures.figures_of(s))
            for pk, s in scored.items()
        )
    return len(ids)
