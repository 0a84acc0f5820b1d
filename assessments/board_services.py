"""What the lead prepares for the board before submitting: the summary, the board's ask and
a target level for each principle.

Written only in a draft and only by a lead (``workflow.PREPARE_FOR_BOARD``); they live on
the assessment and its ratings, so submission freezes them with everything else. Checks
and refusals follow ``services``: state, role (403), version, then ``rules``.

Weights, targets and the summary share the assessment's version, so a save on one page
moves it on for the others. A page that sends what it showed (``seen``) is refused only if
one of its own fields was changed since it was opened: the check is made here, under the
assessment's lock, so nobody can save in between.
"""

from dataclasses import dataclass

from django.db import transaction
from simple_history.utils import bulk_update_with_history

from . import rules, workflow
from .errors import RefusedError
from .locking import bump_version, check_own_fields, lock_for_change
from .models import Assessment, Rating


@dataclass(frozen=True)
class BoardText:
    """The summary and the board's ask, as a page showed them."""

    summary: str
    board_ask: str


@transaction.atomic
def assessment_board_summary_update(
    *,
    user,
    assessment_id: int,
    expected_version: int,
    summary: str,
    board_ask: str,
    seen: BoardText | None = None,
) -> Assessment:
    """Save the lead's summary and what the board is asked to do (page one of the report)."""
    assessment = lock_for_change(assessment_id, user, workflow.PREPARE_FOR_BOARD)
    saved = (assessment.lead_summary, assessment.board_ask)
    shown = (
        (rules.as_stored(seen.summary), rules.as_stored(seen.board_ask))
        if seen is not None
        else None
    )
    unchanged = shown == saved
    check_own_fields(assessment, expected_version, unchanged=unchanged)
    assessment.lead_summary = rules.LEAD_SUMMARY.clean(summary)
    assessment.board_ask = rules.BOARD_ASK.clean(board_ask)
    # Saving what is already saved changes nothing, so no one else's open page goes stale.
    if (assessment.lead_summary, assessment.board_ask) != saved:
        bump_version(assessment, user, ["lead_summary", "board_ask"])
    return assessment


@transaction.atomic
def assessment_targets_update(
    *,
    user,
    assessment_id: int,
    expected_version: int,
    targets: dict[int, int | None],
    seen: dict[int, int | None] | None = None,
) -> Assessment:
    """Set a target level (a level id, or None for no target) for principles, by rating id.

    Targets are optional and proportionate: not every service needs the top level. A
    principle rated not applicable can have no target. ``seen`` is each target as the page
    showed it, by rating id.
    """
    assessment = lock_for_change(assessment_id, user, workflow.PREPARE_FOR_BOARD)
    ratings = {r.pk: r for r in assessment.ratings.select_related("principle")}
    unchanged = seen is not None and all(
        rating_id in seen and seen[rating_id] == ratings[rating_id].target_level_id
        for rating_id in targets
        if rating_id in ratings
    )
    check_own_fields(assessment, expected_version, unchanged=unchanged)
    levels = set(assessment.rating_scale.levels.values_list("pk", flat=True))
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
    if changed:  # saving what is already saved leaves the version, and others' pages, be
        bulk_update_with_history(changed, Rating, ["target_level"], default_user=user)
        bump_version(assessment, user, [])
    return assessment
