"""When an admin rewords a principle that drafts have already rated.

Drafts show a principle's current wording, so a rating given against the old wording
could silently stand for a different statement. Admins see, before saving, how many
drafts an edit reaches (``drafts_affected``). Admin saves and the restore command note
when the wording changed (``Principle.wording_changed_at``); a draft's principle page
and check answers then show "The wording changed on DATE after this was rated"
(``wording_notices``) until someone saves the rating again or confirms it still stands
(``rating_wording_confirm``).
Submitted and signed-off assessments keep the wording they were rated against, so
they are never affected.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from partnerships.permissions import require
from principles.models import Principle, PrincipleSet

from . import workflow
from .models import Assessment, AssessmentState, Rating

# Recorded with the rating's history, so the audit trail can say what happened.
CONFIRMED_REASON = "wording confirmed"


@dataclass(frozen=True)
class Affected:
    """How many drafts an edit to a principle's (or a set's) wording reaches."""

    drafts: int  # drafts against the set
    rated: int  # of those, drafts where the principle (or any of the set's) is rated


def drafts_affected(*, principle: Principle | None = None, principle_set: PrincipleSet) -> Affected:
    """Drafts against the set, and those that have rated ``principle`` (any principle of the
    set without one) already: two queries."""
    drafts = Assessment.objects.filter(principle_set=principle_set, state=AssessmentState.DRAFT)
    ratings = Rating.objects.filter(assessment__in=drafts, carried_forward=False).filter(
        Q(level__isnull=False) | Q(not_applicable=True)
    )
    if principle is not None:
        ratings = ratings.filter(principle=principle)
    return Affected(drafts=drafts.count(), rated=ratings.values("assessment_id").distinct().count())


def wording_notices(assessment: Assessment, ratings: list[Rating]) -> list[Rating]:
    """Marks each rating whose principle was reworded after it was rated, with no query
    (the ratings come with their principles).

    Sets ``rating.wording_changed_at`` (None when there is nothing to say) on every rating
    and returns the ratings with a notice. Only drafts, and only ratings someone gave:
    carried-forward answers are waiting for review anyway.
    """
    for rating in ratings:
        rating.wording_changed_at = None
    if not assessment.is_draft:
        return []
    noticed = []
    for rating in ratings:
        changed = rating.principle.wording_changed_at
        if changed is None or rating.carried_forward:
            continue
        if not (rating.level_id or rating.not_applicable):
            continue
        # Ratings saved before this was recorded were last checked when last saved.
        checked = rating.wording_checked_at or rating.updated_at
        if checked < changed:
            rating.wording_changed_at = changed
            noticed.append(rating)
    return noticed


@transaction.atomic
def rating_wording_confirm(*, user, rating_id: int) -> Rating:
    """Record that a draft's rating still stands with its principle's current wording.

    The answers are unchanged, so the rating's version stays as it is: nobody's open
    page becomes stale.
    """
    rating = Rating.objects.only("assessment_id").get(pk=rating_id)
    # Lock the assessment first, as every service does, so a submission cannot interleave.
    assessment = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("service")
        .get(pk=rating.assessment_id)
    )
    workflow.check(workflow.EDIT, assessment)
    require(user, workflow.EDIT.action, assessment.service.partnership_id)
    rating = Rating.objects.select_for_update().get(pk=rating_id)
    rating.wording_checked_at = timezone.now()
    rating._history_user = user
    rating._change_reason = CONFIRMED_REASON
    rating.save(update_fields=["wording_checked_at"])
    return rating
