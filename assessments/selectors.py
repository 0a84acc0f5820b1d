"""Reads, always scoped to the partnerships the user belongs to (404 otherwise)."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from partnerships.models import Membership, Service
from partnerships.permissions import ALLOWED_ROLES, partnership_roles
from principles.models import PrincipleSet, RatingLevel

from . import workflow
from .models import Assessment, AssessmentState, Rating, shown_order
from .read_model import display_ratings


def assessments_for_user(user) -> QuerySet[Assessment]:
    return Assessment.objects.filter(
        service__partnership_id__in=partnership_roles(user).keys()
    ).select_related("service__partnership", "principle_set")


def assessment_get(*, user, pk: int) -> Assessment:
    """One assessment the user may see, with what every assessment page shows."""
    try:
        return assessments_for_user(user).select_related("rating_scale", "returned_by").get(pk=pk)
    except Assessment.DoesNotExist:
        raise Http404("No such assessment") from None


def sign_off_possible(assessment: Assessment) -> bool:
    """Whether anyone in the assessment's partnership may record the board's decision: an
    active member in a role the workflow lets sign off (approvers). A new partnership may
    have only its lead, and then a submitted assessment waits for someone an administrator
    has yet to add."""
    return Membership.objects.filter(
        partnership_id=assessment.service.partnership_id,
        role__in=ALLOWED_ROLES[workflow.SIGN_OFF.action],
        user__is_active=True,
    ).exists()


def ratings_for_assessment(assessment: Assessment, *, with_actions: bool = False) -> list[Rating]:
    """Every rating in set order, in one query (two with actions)."""
    return list(display_ratings(assessment.ratings.all(), with_actions=with_actions))


def ratings_for_weights(assessment: Assessment) -> list[Rating]:
    """Every rating in set order with only what the weights page reads (its weight and
    reason, whether it is not applicable, the principle's code, short title and default
    weight, and its statement and list for a set in lists), in one query: a large set's page
    summarises every principle's weight."""
    return list(
        assessment.ratings.select_related("principle__group")
        .only(
            "assessment_id",
            "weight",
            "weight_reason",
            "not_applicable",
            "carried_forward",
            "frozen_code",
            "frozen_short_title",
            "frozen_default_weight",
            "frozen_statement",
            "frozen_group_title",
            "frozen_group_is_stem",
            "principle__code",
            "principle__short_title",
            "principle__default_weight",
            "principle__statement",
            "principle__group__title",
            "principle__group__title_is_stem",
        )
        .order_by(shown_order())
    )


def rating_get(*, assessment: Assessment, code: str) -> Rating:
    try:
        return display_ratings(assessment.ratings.all(), with_actions=True).get(
            principle__code=code
        )
    except Rating.DoesNotExist:
        raise Http404("No such principle in this assessment") from None


def code_now(*, assessment: Assessment, frozen_code: str) -> str | None:
    """The principle's code today, for a rating submitted under ``frozen_code`` whose
    principle an admin has given a new code since (so a bookmarked link still finds it)."""
    return (
        assessment.ratings.filter(frozen_code=frozen_code)
        .values_list("principle__code", flat=True)
        .first()
    )


def scale_levels(assessment: Assessment) -> list[RatingLevel]:
    """The levels it may be rated at: its scale's, as they were when it started."""
    levels = assessment.rating_scale.levels.order_by("value")
    if assessment.frozen_scale_values:
        levels = levels.filter(value__in=assessment.frozen_scale_values)
    return list(levels)


@dataclass(frozen=True)
class TaskGroup:
    title: str
    heading: str
    ratings: list[Rating]


@dataclass(frozen=True)
class TaskList:
    groups: list[TaskGroup]
    completed: int
    total: int
    carried_forward: int = 0  # answers copied from the last signed-off one, not yet confirmed

    @property
    def is_complete(self) -> bool:
        return self.completed == self.total


def task_list(ratings: list[Rating]) -> TaskList:
    """Group ratings under their section headings, keeping the set's order."""
    groups = groups_of(ratings)
    completed = sum(rating.is_complete for rating in ratings)
    carried = sum(rating.carried_forward for rating in ratings)
    return TaskList(groups=groups, completed=completed, total=len(ratings), carried_forward=carried)


def missing(rating: Rating) -> str:
    """What an incomplete principle still needs before the assessment can be submitted ("" when
    complete): the first words of a link, which ends " for <principle>". Ratings need their
    level loaded."""
    if rating.is_complete:
        return ""
    if rating.carried_forward:
        return "Check and save the answer copied from last time"
    if rating.not_applicable:
        return "Enter why it is not applicable"
    if rating.level_id is None:
        return "Select a rating" if rating.evidence else "Select a rating and enter evidence"
    return "Enter evidence"


def mark_missing(ratings: list[Rating]) -> None:
    """Give each rating ``missing``, so check your answers says what stops submission."""
    for rating in ratings:
        rating.missing = missing(rating)


def groups_of(ratings: list[Rating]) -> list[TaskGroup]:
    """Ratings under their section headings, in the set's order."""
    groups: list[TaskGroup] = []
    for rating in ratings:
        if not groups or groups[-1].title != rating.group_title:
            groups.append(
                TaskGroup(title=rating.group_title, heading=rating.group_heading, ratings=[])
            )
        groups[-1].ratings.append(rating)
    return groups


def set_lists(ratings: list[Rating]) -> list[TaskGroup]:
    """The ratings under their set's lists, each with its lead-in as heading, for a set in
    more than one list (Scotland's three); none for a set in one list (National Voices),
    whose pages show its principles as one list. Ratings need their group loaded."""
    groups = groups_of(ratings)
    return groups if len(groups) > 1 else []


def next_rating_code(ratings: list[Rating], current_code: str) -> str | None:
    """The next principle that is not yet completed after the current one, if any."""
    codes = [r.principle.code for r in ratings]
    index = codes.index(current_code)
    for rating in ratings[index + 1 :] + ratings[:index]:
        if not rating.is_complete:
            return rating.principle.code
    return None


def previous_signed_off_for(*, service: Service, principle_set: PrincipleSet, before_period: str):
    """The latest earlier signed-off assessment of the same service against the same set."""
    return (
        Assessment.objects.filter(
            service=service,
            principle_set=principle_set,
            period__lt=before_period,
            state=AssessmentState.SIGNED_OFF,
        )
        .order_by("-period")
        .first()
    )


def dashboard_assessments(user, service_ids=None) -> list[Assessment]:
    """The user's assessments with progress counts, in one query: every one, or with
    ``service_ids`` those of these services and every one not signed off (the only ones
    that can need the user's attention)."""
    assessments = assessments_for_user(user)
    if service_ids is not None:
        assessments = assessments.filter(
            Q(service_id__in=list(service_ids)) | ~Q(state=AssessmentState.SIGNED_OFF)
        )
    return list(
        assessments.annotate(
            total_count=Count("ratings"),
            completed_count=Count("ratings", filter=Rating.complete_q("ratings__")),
        ).order_by("service__partnership__name", "service__name", "-period")
    )


def attention_items(user, assessments: list[Assessment]) -> dict[str, list[Assessment]]:
    """What needs this user's attention: drafts they can edit, submissions they can sign off,
    and returned drafts they can change, as the workflow table allows. A returned draft is
    listed once, as returned, not again among the drafts, whoever may submit it again."""
    returned = [a for a in assessments if a.returned_at and workflow.may(user, workflow.EDIT, a)]
    listed = {a.pk for a in returned}
    return {
        "drafts": [
            a for a in assessments if a.pk not in listed and workflow.may(user, workflow.EDIT, a)
        ],
        "to_sign_off": [a for a in assessments if workflow.may(user, workflow.SIGN_OFF, a)],
        "returned": returned,
    }
