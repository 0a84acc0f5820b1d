"""Drafts follow a principle's default weight wherever nobody chose another.

A rating starts with its principle's default weight, and a weight that differs from the
default needs a reason. So a draft's weight with no reason is the default it started with,
not a choice. When an admin changes the default, such a weight moves to the new one: no
one is asked to explain a weight they never set, and the draft is weighted as the partnership
now weighs the principle. Weights a team chose, with a reason, stay as they are. Submitted
and signed-off assessments keep the default they were submitted with; one returned to draft
takes today's default (``returned_weights_follow_default``).
"""

from collections.abc import Iterable

from django.db import transaction
from simple_history.utils import bulk_update_with_history

from principles.models import Principle

from .locking import bump_version
from .models import Assessment, AssessmentState, Rating


@transaction.atomic
def draft_weights_follow_default(*, user, principle_id: int, old_default: int) -> int:
    """After a change to a principle's default weight from ``old_default``: give every draft
    that used the old default the new one. Returns how many drafts changed.

    Each changed draft's version moves on, so a weights page opened before the change is
    shown it as a conflict rather than saving the old weight back over it.
    """
    new_default = Principle.objects.values_list("default_weight", flat=True).get(pk=principle_id)
    if new_default == old_default:
        return 0
    following = Rating.objects.filter(
        principle_id=principle_id,
        assessment__state=AssessmentState.DRAFT,
        weight=old_default,
        weight_reason="",
    )
    # Assessments first, in one order, as every service locks them (``locking``).
    assessments = list(
        Assessment.objects.select_for_update()
        .filter(pk__in=following.values("assessment_id"))
        .order_by("pk")
    )
    ratings = list(following.select_for_update().filter(assessment__in=assessments))
    for rating in ratings:
        rating.weight = new_default
    bulk_update_with_history(ratings, Rating, ["weight"], default_user=user)
    for assessment in assessments:
        bump_version(assessment, user, [])
    return len(assessments)


def returned_weights_follow_default(ratings: Iterable[Rating]) -> list[Rating]:
    """Before a return clears what submission froze: give each weight that was the default
    at submission, with no reason, today's default. Needs each rating's principle; returns
    those changed (the caller saves them)."""
    changed = []
    for rating in ratings:
        default_now = rating.principle.default_weight
        if rating.weight_reason or rating.frozen_default_weight is None:
            continue
        if rating.weight == rating.frozen_default_weight != default_now:
            rating.weight = default_now
            changed.append(rating)
    return changed
