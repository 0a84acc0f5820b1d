"""Every write of team scoring: role-checked, atomic, refusing stale or out-of-phase changes.

The workflow table (``assessments.workflow``) says in which state and rating phase each
change works and which permission it needs; these services check it as the assessment
services do, and refuse with ``RefusedError`` (codes below).

Locks: a change to the assessment as a whole (choosing or removing raters, opening
agreement) locks the assessment row first, as every assessment service does. A rater's
save locks only that rater's row and then the rating's, never the assessment's, so two
raters working at once never wait for each other. Opening agreement locks every rater's
row after the assessment's, so it waits for saves already under way, and a save that
comes after it finds the assessment in agreement and is refused: no individual rating can
change once the team has seen them.
"""

from dataclasses import dataclass, replace

from django.db import transaction
from django.utils import timezone
from django.utils.text import get_text_list
from simple_history.utils import bulk_create_with_history

from assessments import rules as assessment_rules
from assessments import workflow
from assessments.errors import RefusedError
from assessments.locking import bump_version, check_version, lock_for_change
from assessments.models import Assessment, Rating, RatingPhase
from partnerships.models import Membership
from partnerships.permissions import ALLOWED_ROLES, Action, require
from principles.models import RatingLevel

from . import rules
from .models import IndividualRating, Rater
from .spread import median_for_rating, scale_of


@dataclass(frozen=True)
class IndividualRatingInput:
    level_id: int | None
    not_applicable: bool
    not_applicable_reason: str
    rationale: str


def _any_rating_started(assessment: Assessment) -> bool:
    return (
        Rating.objects.filter(assessment=assessment)
        .exclude(level__isnull=True, not_applicable=False, evidence="", carried_forward=False)
        .exists()
    )


@transaction.atomic
def team_scoring_start(*, user, assessment_id: int, expected_version: int) -> Assessment:
    """Switch a shared draft to individual ratings first, before anyone has rated it."""
    assessment = lock_for_change(assessment_id, user, workflow.RATE_INDIVIDUALLY_FIRST)
    check_version(assessment, expected_version)
    if _any_rating_started(assessment):
        raise RefusedError(
            "Someone has already started rating this assessment, so it keeps one shared "
            "rating. Start a new assessment to rate individually first.",
            code="already_rated",
        )
    assessment.rating_phase = RatingPhase.INDIVIDUAL
    bump_version(assessment, user, ["rating_phase"])
    return assessment


@transaction.atomic
def raters_add(*, user, assessment_id: int, user_ids: list[int]) -> list[Rater]:
    """Add members as raters, each with an empty rating of every principle.

    Only contributors, leads and approvers of the assessment's partnership may rate;
    someone already a rater is left as they are. Adding raters does not change the
    assessment's version, so nobody's open page becomes stale.
    """
    assessment = lock_for_change(assessment_id, user, workflow.CHOOSE_RATERS)
    wanted = set(user_ids)
    if not wanted:
        raise RefusedError("Select at least one person to rate", code="no_one_chosen")
    allowed = set(
        Membership.objects.filter(
            partnership_id=assessment.service.partnership_id,
            user_id__in=wanted,
            role__in=ALLOWED_ROLES[Action.RATE_INDIVIDUALLY],
            user__is_active=True,
        ).values_list("user_id", flat=True)
    )
    if wanted - allowed:
        raise RefusedError(
            "Select contributors, leads or approvers of this partnership",
            code="not_a_rater_role",
        )
    existing = set(Rater.objects.filter(assessment=assessment).values_list("user_id", flat=True))
    new = [
        Rater(assessment=assessment, user_id=pk, added_by=user) for pk in sorted(wanted - existing)
    ]
    new = bulk_create_with_history(new, Rater, default_user=user)
    # bulk_create sets primary keys on PostgreSQL and SQLite alike (Django 5+).
    rating_ids = list(Rating.objects.filter(assessment=assessment).values_list("pk", flat=True))
    bulk_create_with_history(
        [IndividualRating(rater=rater, rating_id=pk) for rater in new for pk in rating_ids],
        IndividualRating,
        default_user=user,
    )
    return new


@transaction.atomic
def rater_remove(*, user, assessment_id: int, rater_id: int) -> Rater:
    """Remove a rater, with their individual ratings, while people rate individually.

    For someone who has left the partnership, whose account was disabled, or who was
    chosen by mistake: otherwise they stay unfinished for good. Their ratings are deleted
    with them, so no spread, median or count ever includes them, and nobody ever sees
    them; the history records who removed them (and keeps the deleted rows, as for every
    change). The last rater stays (``rules.last_rater``). As adding raters, it does not
    change the assessment's version, so nobody's open page becomes stale.
    """
    assessment = lock_for_change(assessment_id, user, workflow.CHOOSE_RATERS)
    # Locking the rater's row waits for a save of theirs under way; a save after this finds
    # them gone and is refused (see the module's note on locks).
    rater = (
        Rater.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(assessment=assessment, pk=rater_id)
        .first()
    )
    if rater is None:
        raise RefusedError(
            "This person is no longer a rater of this assessment", code="not_a_rater"
        )
    # Counted under the assessment's lock, which every change to the raters takes first.
    if Rater.objects.filter(assessment=assessment).count() == 1:
        raise RefusedError(rules.last_rater(rater.name), code="last_rater")
    # One by one, so each deleted rating's history names who deleted it (a cascade would not).
    for individual in rater.ratings.all():
        individual._history_user = user
        individual.delete()
    rater._history_user = user
    rater.delete()
    return rater


def _lock_rater(assessment_id: int, user) -> Rater:
    """The user's rater row, locked; refused unless the workflow and their role allow it."""
    rater = (
        Rater.objects.select_for_update(of=("self",))
        .filter(assessment_id=assessment_id, user=user)
        .first()
    )
    # Read after the rater's lock, so an agreement opened meanwhile is seen.
    assessment = Assessment.objects.select_related("service").get(pk=assessment_id)
    workflow.check(workflow.RATE_INDIVIDUALLY, assessment)
    require(user, workflow.RATE_INDIVIDUALLY.action, assessment.service.partnership_id)
    if rater is None:
        raise RefusedError(
            "You have not been chosen to rate this assessment. Ask the lead to add you.",
            code="not_a_rater",
        )
    rater.assessment = assessment
    return rater


PRINCIPLE_REMOVED = (
    "This principle was removed from the set after the page was opened, so it no longer "
    "needs a rating"
)


def _principle_removed(individual_rating_id: int, user) -> bool:
    """Whether a deleted individual rating was the user's, with their rater still there:
    then its principle went, not the rater. Read only when the rating is gone."""
    rater_id = (
        IndividualRating.history.filter(id=individual_rating_id)
        .order_by("-history_date")
        .values_list("rater_id", flat=True)
        .first()
    )
    return rater_id is not None and Rater.objects.filter(pk=rater_id, user=user).exists()


@transaction.atomic
def individual_rating_update(
    *, user, individual_rating_id: int, expected_version: int, answer: IndividualRatingInput
) -> IndividualRating:
    """Save one of the user's own individual ratings, in the individual phase only."""
    found = (
        IndividualRating.objects.filter(pk=individual_rating_id)
        .values_list("rater__assessment_id", "rater__user_id")
        .first()
    )
    if found is None:
        # Deleted with its rater, whom the lead removed after the page opened; or with its
        # principle, added to the set by mistake and removed by an admin (``set_growth``).
        if _principle_removed(individual_rating_id, user):
            raise RefusedError(PRINCIPLE_REMOVED, code="principle_removed")
        raise RefusedError("You are no longer a rater of this assessment", code="not_a_rater")
    assessment_id, rater_user_id = found
    rater = _lock_rater(assessment_id, user)
    if rater_user_id != user.pk:
        raise RefusedError("You can change only your own ratings", code="not_your_rating")
    individual = (
        IndividualRating.objects.select_for_update(of=("self",))
        .select_related("level")
        .get(pk=individual_rating_id)
    )
    check_version(individual, expected_version, yours=True)  # nobody else saves it
    level_id = None if answer.not_applicable else answer.level_id
    if (
        level_id is not None
        and not RatingLevel.objects.filter(
            pk=level_id, scale_id=rater.assessment.rating_scale_id
        ).exists()
    ):
        raise RefusedError(
            "Select a level from this assessment's rating scale", code="level_not_on_scale"
        )
    individual.level_id = level_id
    individual.not_applicable = answer.not_applicable
    individual.not_applicable_reason = (
        rules.NOT_APPLICABLE_REASON.clean(answer.not_applicable_reason)
        if answer.not_applicable
        else ""
    )
    individual.rationale = rules.RATIONALE.clean(answer.rationale)
    individual.version += 1
    individual._history_user = user
    individual.save()
    if rater.finished_at is not None and not individual.is_complete:
        # Finished means every rating is complete; undoing one undoes "finished".
        rater.finished_at = None
        rater._history_user = user
        rater.save(update_fields=["finished_at"])
    return individual


@transaction.atomic
def rater_finish(*, user, assessment_id: int) -> Rater:
    """Mark the user's individual ratings as finished; every one must be complete."""
    rater = _lock_rater(assessment_id, user)
    incomplete = rater.ratings.exclude(IndividualRating.complete_q()).count()
    if incomplete:
        raise RefusedError(
            f"Complete all your ratings before you mark them as finished: {incomplete} "
            "not completed",
            code="incomplete",
        )
    if rater.finished_at is None:
        rater.finished_at = timezone.now()
        rater._history_user = user
        rater.save(update_fields=["finished_at"])
    return rater


@transaction.atomic
def agreement_open(
    *, user, assessment_id: int, expected_version: int, although_unfinished: bool = False
) -> Assessment:
    """Show the team its individual ratings, so it can agree each principle's rating.

    When some raters have not finished, it opens only if the lead says so
    (``although_unfinished``); their names are kept with the assessment.
    """
    assessment = lock_for_change(assessment_id, user, workflow.OPEN_AGREEMENT)
    check_version(assessment, expected_version)
    # Waits for any rater's save under way (see the module's note on locks).
    raters = list(
        Rater.objects.select_for_update(of=("self",))
        .filter(assessment=assessment)
        .select_related("user")
    )
    if not raters:
        raise RefusedError("Choose at least one rater before you open agreement", code="no_raters")
    unfinished = [rater.name for rater in raters if rater.finished_at is None]
    if unfinished and not although_unfinished:
        raise RefusedError(
            "Not everyone has finished: "
            + get_text_list(unfinished, "and")
            + ". Confirm that you want "
            "to open agreement now, or wait for them to finish",
            code="raters_unfinished",
        )
    assessment.rating_phase = RatingPhase.AGREEMENT
    assessment.agreement_opened_at = timezone.now()
    assessment.agreement_opened_by = user
    assessment.agreement_unfinished = unfinished
    bump_version(
        assessment,
        user,
        ["rating_phase", "agreement_opened_at", "agreement_opened_by", "agreement_unfinished"],
    )
    return assessment


@transaction.atomic
def report_rater_names_set(*, user, assessment_id: int, show: bool) -> Assessment:
    """Whether the assessment's reports name who wrote each individual rationale.

    Off by default: members who rate see names on the agreement pages, and reports leave
    them out. A lead may change it for a team-scored assessment until it is signed off;
    from then on it is fixed, as everything else in a signed-off report. Like choosing
    raters, it does not change the assessment's version: nobody's open page becomes stale.
    """
    assessment = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("service")
        .get(pk=assessment_id)
    )
    require(user, Action.CHOOSE_RATERS, assessment.service.partnership_id)
    if not assessment.is_team_scored:
        raise RefusedError(
            "This assessment has one shared rating, so its reports have no individual "
            "rationales to name",
            code="not_team_scored",
        )
    if assessment.is_signed_off:
        raise RefusedError(
            "This assessment has been signed off, so whether its reports show raters' names "
            "can no longer be changed",
            code="signed_off",
        )
    if assessment.report_rater_names != show:
        assessment.report_rater_names = show
        assessment._history_user = user
        assessment.save(update_fields=["report_rater_names", "updated_at"])
    return assessment


# Hooks the assessment services call, so their rules hold for every caller -----------------


def divergence_note_clean(
    *, assessment: Assessment, rating: Rating, level_id: int | None, note: str
) -> str:
    """The agreed rating's divergence note as stored, refusing a missing one.

    In the agreement phase, an agreed level more than one level from the median of the
    individual levels needs a note on why. A note typed for any other agreed rating is kept
    as typed: nothing someone wrote is thrown away, and reports say how far the rating is
    from the median beside it (``report.TeamRow``). A shared assessment has no note (its
    form has no such field) and costs no queries.
    """
    if assessment.rating_phase != RatingPhase.AGREEMENT:
        return ""
    if level_id is not None:
        level = RatingLevel.objects.values_list("value", flat=True).get(pk=level_id)
        scale = scale_of(assessment)  # "one level" is a step along it, whatever the values
        median = median_for_rating(rating, scale=scale)
        if rules.needs_divergence_note(level, median, scale=scale):
            return assessment_rules.DIVERGENCE_NOTE.clean(note)
    return _OPTIONAL_DIVERGENCE_NOTE.clean(note)


# The same limits, without requiring the note, for an agreed rating near the median.
_OPTIONAL_DIVERGENCE_NOTE = replace(assessment_rules.DIVERGENCE_NOTE, required="")


def individual_ratings_freeze(*, assessment: Assessment) -> None:
    """Freeze each individual level's value and label, and each rater's name as reports
    show it, with the submitted assessment.

    Called by ``assessment_submit``; no queries for a shared assessment. Not recorded in
    the history: it changes nothing anyone chose, as the frozen text of ratings.
    """
    if not assessment.is_team_scored:
        return
    raters = list(Rater.objects.filter(assessment=assessment).select_related("user"))
    for rater in raters:
        # ``User.name``, never the email address: "" for someone with no name, kept as "".
        rater.frozen_name = rater.user.name
    Rater.objects.bulk_update(raters, ["frozen_name"])
    individuals = list(
        IndividualRating.objects.filter(rater__assessment=assessment).select_related("level")
    )
    for individual in individuals:
        individual.frozen_level_value = individual.level.value if individual.level_id else None
        individual.frozen_level_label = individual.level.label if individual.level_id else ""
    IndividualRating.objects.bulk_update(individuals, ["frozen_level_value", "frozen_level_label"])


def individual_ratings_unfreeze(*, assessment: Assessment) -> None:
    """Read each individual level's words and each rater's name live again, as a draft's
    ratings do: called by ``assessment_return``, so a returned assessment never shows a
    level in two wordings."""
    IndividualRating.objects.filter(rater__assessment=assessment).update(
        frozen_level_value=None, frozen_level_label=""
    )
    Rater.objects.filter(assessment=assessment).update(frozen_name=None)
