"""Drafts follow a principle's default weight wherever nobody chose another.

A rating starts with its principle's default weight, and a weight that differs from the
default needs a reason. So a draft's weight with no reason is the default it started with,
not a choice. When an admin changes the default, such a weight moves to the new one: no
one is asked to explain a weight they never set, and the draft is weighted as the partnership
now weighs the principle. Weights a team chose, with a reason, stay as they are. Submitted
and signed-off assessments keep the default they were submitted with; one returned to draft
takes today's default (``returned_weights_follow_default``), and so does one started from
the last signed-off assessment wherever nobody chose its weight then (``carried_weight``).

The rules about a whole set's weights are here too (``weights_refusal``,
``scoring_refusal``), so the weights form and the services refuse the same weights, in
the same words.
"""

from collections.abc import Iterable

from django.db import transaction
from simple_history.utils import bulk_update_with_history

from principles.models import Principle

from . import rules
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
        principle_id=principle_id, weight=old_default, weight_reason=""
    )
    # Assessments first, in one order, as every service locks them (``locking``); only
    # their rows, not the services and principles their ordering or filters join.
    locked = Assessment.objects.select_for_update(of=("self",)).filter(
        pk__in=following.filter(assessment__state=AssessmentState.DRAFT).values("assessment_id")
    )
    # Which drafts to lock was read before the wait for their locks: one submitted
    # meanwhile is returned locked, as it is now, and is left alone.
    drafts = [a for a in locked.order_by("pk") if a.state == AssessmentState.DRAFT]
    ratings = list(
        following.select_for_update(of=("self",)).filter(assessment__in=drafts).order_by("pk")
    )
    for rating in ratings:
        rating.weight = new_default
    bulk_update_with_history(ratings, Rating, ["weight"], default_user=user)
    changed = {rating.assessment_id for rating in ratings}
    for assessment in drafts:
        if assessment.pk in changed:  # a draft whose weight a team chose meanwhile is as it was
            bump_version(assessment, user, [])
    return len(changed)


def default_weights_lock(*, principle_set_id: int) -> None:
    """Lock the set's principles before reading their default weights, in a start or a return.

    An admin's change to a default that is not committed yet is then waited for, and read
    once it is: that change's ``draft_weights_follow_default`` cannot see a draft being
    started or returned at the same moment, so the draft would keep the old default with no
    reason. Starts and returns against one set take turns here, each until it commits;
    ratings and feedback answers, which only refer to the principles, never wait for it.

    Submission does not lock them: it holds its draft, which the change may be waiting to
    lock, so waiting here in turn would deadlock. It freezes the default as it was before
    the change, and the change then leaves the submitted draft alone.
    """
    list(
        Principle.objects.select_for_update(of=("self",), no_key=True)
        .filter(principle_set_id=principle_set_id)
        .order_by("order")
        .values_list("pk", flat=True)
    )


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


def carried_weight(previous: Rating, default_now: int) -> tuple[int, str]:
    """The weight and reason a draft started from the last signed-off assessment takes for
    a principle whose rating there was ``previous``. A weight chosen then has its reason
    and is carried with it; one with no reason was that year's default, chosen by nobody,
    so it follows the default now, as a draft's does when an admin changes it. Carrying it
    unchanged would ask the lead why a weight they never set differs from the default."""
    if previous.weight_reason:
        return previous.weight, previous.weight_reason
    return default_now, ""


# The rules about a whole set's weights, each given as (weight, marked not applicable) for
# every principle of the assessment (``rules.marked_not_applicable``).

NOTHING_APPLIES_MESSAGE = (
    "Every principle is marked not applicable: rate at least one so the assessment can be scored"
)


def _nothing_applies(weights: list[tuple[int, bool]]) -> bool:
    return bool(weights) and all(not_applicable for _, not_applicable in weights)


def weights_refusal(weights: Iterable[tuple[int, bool]]) -> tuple[str, str] | None:
    """Why weights cannot be saved, as (message, code); None if they can.

    At least one weight above 0, and one on a principle that applies. When every principle
    is marked not applicable no weight could meet the second rule, so it is not asked:
    the weights are kept for when a principle is rated again, and submission says what is
    wrong (``scoring_refusal``)."""
    weights = list(weights)
    if not any(weight > 0 for weight, _ in weights):
        return rules.ALL_ZERO_MESSAGE, "all_zero"
    if not _nothing_applies(weights) and not rules.weight_applies(weights):
        return rules.NO_WEIGHT_APPLIES_MESSAGE, "no_weight_applies"
    return None


def scoring_refusal(weights: Iterable[tuple[int, bool]]) -> tuple[str, str] | None:
    """Why an assessment cannot be scored, so cannot be submitted, as (message, code); None
    if it can. With every principle marked not applicable, the fix is a rating, not a
    weight, and the message says so."""
    weights = list(weights)
    if _nothing_applies(weights):
        return NOTHING_APPLIES_MESSAGE, "nothing_applies"
    if not rules.weight_applies(weights):
        return rules.NO_WEIGHT_APPLIES_MESSAGE, "no_weight_applies"
    return None
