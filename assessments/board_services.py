"""What the lead prepares for the board before submitting: the summary, the board's ask and
a target level for each principle.

Written only in a draft and only by a lead (``workflow.PREPARE_FOR_BOARD``); they live on
the assessment and its ratings, so submission freezes them with everything else. Checks
and refusals follow ``services``: state, role (403), version, then ``rules``.
"""

from django.db import transaction
from simple_history.utils import bulk_update_with_history

from . import rules, workflow
from .errors import RefusedError
from .locking import bump_version, check_version, lock_for_change
from .models import Assessment, Rating

# The same lock, version check and version bump as every other write to an assessment.


@transaction.atomic
def assessment_board_summary_update(
    *, user, assessment_id: int, expected_version: int, summary: str, board_ask: str
) -> Assessment:
    """Save the lead's summary and what the board is asked to do (page one of the report)."""
    assessment = lock_for_change(assessment_id, user, workflow.PREPARE_FOR_BOARD)
    check_version(assessment, expected_version)
    assessment.lead_summary = rules.LEAD_SUMMARY.clean(summary)
    assessment.board_ask = rules.BOARD_ASK.clean(board_ask)
    bump_version(assessment, user, ["lead_summary", "board_ask"])
    return assessment


@transaction.atomic
def assessment_targets_update(
    *, user, assessment_id: int, expected_version: int, targets: dict[int, int | None]
) -> Assessment:
    """Set a target level (a level id, or None for no target) for principles, by rating id.

    Targets are optional and proportionate: not every service needs the top level. A
    principle rated not applicable can have no target.
    """
    assessment = lock_for_change(assessment_id, user, workflow.PREPARE_FOR_BOARD)
    check_version(assessment, expected_version)
    levels = set(assessment.rating_scale.levels.values_list("pk", flat=True))
    ratings = {r.pk: r for r in assessment.ratings.select_related("principle")}
    changed = []
    for rating_id, level_id in targets.items():
        rating = ratings.get(rating_id)
        if rating is None:  # another assessment's rating: never touch it
            continue
        if level_id is not None and level_id not in levels:
            raise RefusedError(
                f"Choose a target for {rating.principle.code} on this assessment's rating scale",
                code="target_not_on_scale",
            )
        if level_id is not None and rating.not_applicable:
            raise RefusedError(
                f"{rating.principle.code} is not applicable, so it cannot have a target",
                code="target_not_applicable",
            )
        if rating.target_level_id != level_id:
            rating.target_level_id = level_id
            changed.append(rating)
    if changed:
        bulk_update_with_history(changed, Rating, ["target_level"], default_user=user)
    bump_version(assessment, user, [])
    return assessment
