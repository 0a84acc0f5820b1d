"""A principle added to a set reaches the set's drafts.

An assessment has a rating of every principle of its set from the start, and progress,
completeness and submission count those ratings. A principle an admin adds later (on the
set's page or its own, or by restoring the published text) would otherwise never reach a
draft: the draft could be submitted and signed off without it, while later assessments
have it. So each draft gains a rating of it, not rated, with its default weight, as a
start makes one; in team scoring each rater gains an individual rating of it too, as
choosing a rater makes one of every rating. Submitted and signed-off assessments keep the
principles they were rated on; one returned to draft gains what it lacks then
(``returned_ratings_add``).

Locks follow ``default_weights``: the set's principles first, as a start or a return
locks them, then the drafts in id order, then their raters (as opening agreement does).
A return under way holds its assessment, not yet a draft, so it is left alone here, and
gains the principle itself once it has the principles' lock.

A principle added by mistake can go again (``draft_ratings_remove``) while nobody has
written in any rating of it: its untouched ratings in drafts go with it, in the same lock
order. Once anyone has, or an assessment was submitted with it, the ratings keep it.
"""

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from consensus.models import IndividualRating, Rater
from principles.models import Principle
from voice.models import FeedbackRound

from .content import touched_ratings
from .default_weights import default_weights_lock
from .errors import RefusedError
from .models import Assessment, AssessmentState, Rating, RatingPhase

# Kept with each new rating's history, so the audit trail can say where it came from.
ADDED_REASON = "principle added to the set"
# Kept with each removed rating's history, and the draft's: the principle went again.
REMOVED_REASON = "principle removed from the set"

IN_USE = (
    "This principle cannot be removed from its set: someone has rated or written in a rating "
    "of it, an assessment was submitted with it, or a feedback form asks people about it"
)


@transaction.atomic
def draft_ratings_add(*, user, principle_id: int) -> int:
    """After ``principle_id`` is added to a set (or moved to it): give every draft of the set
    that has no rating of it one. Returns how many drafts gained it.

    Each such draft's version moves on, so a page opened before (its weights, its
    submission) is shown a conflict rather than saved as if the set had not grown.
    """
    principle_set_id = Principle.objects.values_list("principle_set_id", flat=True).get(
        pk=principle_id
    )
    default_weights_lock(principle_set_id=principle_set_id)
    principle = Principle.objects.get(pk=principle_id)  # its default as locked
    # Only the assessments' rows, not the services and sets their ordering would join.
    locked = Assessment.objects.select_for_update(of=("self",)).filter(
        principle_set_id=principle_set_id, state=AssessmentState.DRAFT
    )
    # Which drafts to lock was read before the wait for their locks: one submitted
    # meanwhile is returned locked, as it is now, and is left alone.
    drafts = [a for a in locked.order_by("pk") if a.state == AssessmentState.DRAFT]
    rated = set(
        Rating.objects.filter(principle=principle, assessment__in=drafts).values_list(
            "assessment_id", flat=True
        )
    )
    drafts = [a for a in drafts if a.pk not in rated]
    if not drafts:
        return 0
    _ratings_add(user=user, assessments=drafts, principles=[principle])
    _versions_bump(user=user, assessments=drafts)
    return len(drafts)


@transaction.atomic
def returned_ratings_add(*, user, assessment: Assessment) -> None:
    """In a return, once the assessment and its set's principles are locked: give it a
    rating of each principle added to the set while it was submitted, which
    ``draft_ratings_add`` left alone. The return moves its version on."""
    missing = list(
        Principle.objects.filter(principle_set_id=assessment.principle_set_id)
        .exclude(ratings__assessment=assessment)
        .order_by("order")
    )
    if missing:
        _ratings_add(user=user, assessments=[assessment], principles=missing)


def _ratings_add(
    *, user, assessments: Sequence[Assessment], principles: Sequence[Principle]
) -> None:
    """A rating of each principle in each (locked) assessment, as ``assessment_start`` makes
    them, and an individual rating of each for every rater."""
    raters = list(
        Rater.objects.select_for_update(of=("self",))
        .filter(assessment__in=assessments)
        .order_by("pk")
    )
    ratings = bulk_create_with_history(
        [
            Rating(assessment=a, principle=p, weight=p.default_weight, updated_by=user)
            for a in assessments
            for p in principles
        ],
        Rating,
        default_user=user,
        default_change_reason=ADDED_REASON,
    )
    # bulk_create sets primary keys on PostgreSQL and SQLite alike (Django 5+).
    bulk_create_with_history(
        [
            IndividualRating(rater=rater, rating=rating)
            for rater in raters
            for rating in ratings
            if rating.assessment_id == rater.assessment_id
        ],
        IndividualRating,
        default_user=user,
        default_change_reason=ADDED_REASON,
    )
    phases = {a.pk: a.rating_phase for a in assessments}
    for rater in raters:
        # Finished means every individual rating is complete (``consensus.services``), and
        # the new one is empty: the lead sees they have one more to rate before agreement.
        if rater.finished_at is not None and phases[rater.assessment_id] == RatingPhase.INDIVIDUAL:
            rater.finished_at = None
            rater._history_user = user
            rater.save(update_fields=["finished_at"])


def asking_rounds(*, principle_id: int):
    """The feedback rounds whose form asks people about the principle: each froze its
    statements when it opened, and expects an answer to every one (``voice.services``)."""
    return FeedbackRound.objects.filter(statements__has_key=str(principle_id))


def principle_in_use(*, principle_id: int) -> bool:
    """Whether anything keeps the principle in its set: a rating someone wrote in or that is
    not in a draft (``content.touched_ratings``), a feedback form or people's answers."""
    return (
        touched_ratings(principle_id=principle_id).exists()
        or asking_rounds(principle_id=principle_id).exists()
        or Principle.objects.filter(pk=principle_id, feedback_answers__isnull=False).exists()
    )


@transaction.atomic
def draft_ratings_remove(*, user, principle_id: int) -> int:
    """Before ``principle_id`` is deleted or moved to another set: delete its ratings, all
    untouched, from the drafts of its set, with their raters' individual ratings. Returns
    how many drafts lost one. Refused if anything keeps it (``principle_in_use``).

    Each such draft's version moves on, as when the principle was added, so a page opened
    before is shown a conflict rather than saved as if the set had not changed.
    """
    principle_set_id = Principle.objects.values_list("principle_set_id", flat=True).get(
        pk=principle_id
    )
    default_weights_lock(principle_set_id=principle_set_id)
    # Every assessment with a rating of it, then their raters, as ``draft_ratings_add``
    # locks them: rating saves take the assessment's lock, individual ones the rater's, so
    # nobody can start writing in a rating between the check below and the deletion.
    assessments = list(
        Assessment.objects.select_for_update(of=("self",))
        .filter(pk__in=Rating.objects.filter(principle_id=principle_id).values("assessment_id"))
        .order_by("pk")
    )
    list(
        Rater.objects.select_for_update(of=("self",))
        .filter(assessment__in=assessments)
        .order_by("pk")
    )
    if principle_in_use(principle_id=principle_id):
        raise RefusedError(f"{IN_USE}.", code="principle_in_use")
    individuals = IndividualRating.objects.filter(rating__principle_id=principle_id)
    ratings = Rating.objects.filter(principle_id=principle_id)
    # One by one, so that each deletion's history names the admin and why.
    for removed in [*individuals.order_by("pk"), *ratings.order_by("pk")]:
        removed._history_user = user
        removed._change_reason = REMOVED_REASON
        removed.delete()
    _versions_bump(user=user, assessments=assessments, reason=REMOVED_REASON)
    return len(assessments)


def _versions_bump(*, user, assessments: Sequence[Assessment], reason: str | None = None) -> None:
    """Move each (locked) assessment's version on, as ``locking.bump_version`` does, in two
    queries however many drafts a set has: one saved at a time was an UPDATE and a history
    row per draft, for every principle an admin added."""
    now = timezone.now()
    for assessment in assessments:
        assessment.version += 1
        assessment.updated_at = now  # auto_now is not applied by a bulk update
    bulk_update_with_history(
        assessments,
        Assessment,
        ["version", "updated_at"],
        default_user=user,
        default_change_reason=reason,
        default_date=now,
    )
