"""Reads for team scoring pages: raters, their own ratings and the lead's progress view.

Every function reads in a fixed number of queries however many raters or principles.
Scoping to the user's partnerships is done first, by ``assessments.selectors``.
"""

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from assessments import workflow
from assessments.models import Assessment, Rating
from partnerships.models import Membership, Role
from partnerships.permissions import ALLOWED_ROLES, Action

from .models import IndividualRating, Rater


def require_team_scored(assessment: Assessment) -> None:
    """Team scoring pages do not exist for an assessment rated by one shared form."""
    if not assessment.is_team_scored:
        raise Http404("This assessment has one shared rating")


def _with_role(assessment: Assessment) -> QuerySet[Rater]:
    """The assessment's raters with their user and their role in the partnership now
    (``partnership_role``: None for someone no longer a member), as ``why_cannot_rate`` reads."""
    role = Membership.objects.filter(
        partnership_id=assessment.service.partnership_id, user_id=OuterRef("user_id")
    ).values("role")
    return (
        Rater.objects.filter(assessment=assessment)
        .select_related("user")
        .annotate(partnership_role=Subquery(role[:1]))
    )


def raters_for(assessment: Assessment) -> list[Rater]:
    """The raters with their names and their role in the partnership now, in the order they
    were chosen (one query)."""
    return list(_with_role(assessment))


def removed_rater_name(assessment: Assessment, rater_id: int) -> str | None:
    """The name of someone removed as this assessment's rater, from its history; None if
    ``rater_id`` was never one of its raters."""
    record = (
        Rater.history.filter(assessment_id=assessment.pk, id=rater_id, history_type="-")
        .select_related("user")
        .first()
    )
    return (record.user.name or record.user.email) if record is not None else None


def rater_removal(assessment: Assessment, user):
    """The history record of the user's latest removal as a rater of this assessment, with
    who removed them (``history_user``); None if they were never removed (one query)."""
    return (
        Rater.history.filter(assessment_id=assessment.pk, user_id=user.pk, history_type="-")
        .select_related("history_user")
        .order_by("-history_date")
        .first()
    )


def why_cannot_rate(rater: Rater, *, to_rater: bool = False) -> str:
    """Why a rater (from ``raters_for`` or ``rater_for``) can no longer rate, so the lead
    sees why they are stuck or, ``to_rater``, the rater why their rating is refused (the
    same words, to "you"); "" for a rater who can."""
    they, their = ("You", "Your") if to_rater else ("They", "Their")
    if not rater.user.is_active:
        return f"{their} account has been disabled"
    if rater.partnership_role is None:
        return f"{they} are no longer a member of this partnership"
    if rater.partnership_role not in ALLOWED_ROLES[Action.RATE_INDIVIDUALLY]:
        role = Role(rater.partnership_role).label.lower()
        return f"{they} are now a {role} in this partnership"
    return ""


def rating_individually(assessment: Assessment) -> bool:
    """Whether the team is still rating individually: only then can a rater be stuck, since
    once agreement opens (or the draft is submitted) nobody's individual ratings change."""
    return workflow.RATE_INDIVIDUALLY.allows(assessment)


def rater_for(assessment: Assessment, user) -> Rater | None:
    """The user's rater row, with their role now as ``raters_for`` reads it (one query)."""
    return _with_role(assessment).filter(user=user).first()


def members_who_may_rate(assessment: Assessment) -> list[Membership]:
    """Contributors, leads and approvers of the partnership who are not raters yet."""
    return list(
        Membership.objects.filter(
            partnership_id=assessment.service.partnership_id,
            role__in=ALLOWED_ROLES[Action.RATE_INDIVIDUALLY],
            user__is_active=True,
        )
        .exclude(user__in=Rater.objects.filter(assessment=assessment).values("user"))
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__email")
    )


def own_ratings(rater: Rater) -> list[IndividualRating]:
    """The rater's ratings in the set's order, with what the task list shows (one query)."""
    return list(
        rater.ratings.select_related("rating__principle__group", "level").order_by(
            "rating__principle__order"
        )
    )


def own_rating_get(rater: Rater, code: str) -> IndividualRating:
    individual = (
        rater.ratings.select_related("rating__principle__group", "level")
        .filter(rating__principle__code=code)
        .first()
    )
    if individual is None:
        raise Http404("No such principle in this assessment")
    return individual


@dataclass(frozen=True)
class RaterProgress:
    """How far one rater has got; never what they rated."""

    rater: Rater
    completed: int
    total: int
    not_completed: list[str]  # "NV-03 Outcomes", in the set's order
    # Why they can no longer rate (``why_cannot_rate``), while the team rates individually.
    cannot_rate: str = ""

    @property
    def is_finished(self) -> bool:
        return self.rater.finished_at is not None


def progress(assessment: Assessment) -> list[RaterProgress]:
    """Each rater's progress: which principles they have completed (three queries)."""
    raters = raters_for(assessment)
    ratings = {
        pk: (code, title, order)
        for pk, code, title, order in Rating.objects.filter(assessment=assessment).values_list(
            "pk", "principle__code", "principle__short_title", "principle__order"
        )
    }
    done: dict[int, set[int]] = {rater.pk: set() for rater in raters}
    for rater_id, rating_id in IndividualRating.objects.filter(
        IndividualRating.complete_q(), rater__assessment=assessment
    ).values_list("rater_id", "rating_id"):
        done[rater_id].add(rating_id)
    ordered = sorted(ratings.items(), key=lambda item: item[1][2])
    stuck = rating_individually(assessment)
    return [
        RaterProgress(
            rater=rater,
            completed=len(done[rater.pk]),
            total=len(ratings),
            not_completed=[
                f"{code} {title}" for pk, (code, title, _) in ordered if pk not in done[rater.pk]
            ],
            cannot_rate=why_cannot_rate(rater) if stuck else "",
        )
        for rater in raters
    ]


def completed_count(rater: Rater) -> int:
    return rater.ratings.filter(IndividualRating.complete_q()).count()


def rater_counts(assessment: Assessment) -> tuple[int, int]:
    """How many raters there are, and how many have finished (one query)."""
    counts = Rater.objects.filter(assessment=assessment).aggregate(
        raters=Count("pk"), finished=Count("pk", filter=Q(finished_at__isnull=False))
    )
    return counts["raters"], counts["finished"]
