"""Every write to assessments: role-checked, atomic, refusing stale, locked or invalid changes.

Rows are locked in one order, assessment first and then rating, so a rating save
and a submission can never interleave. Each service checks, in this order, that the
workflow allows the change in the assessment's state (``workflow``), that the user's
role allows it (403 otherwise), that nobody saved since the user's page was opened, and
that what would be stored meets the rules the forms show (``rules``). Every refusal is a
``RefusedError`` with a code; text is stored stripped.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from consensus import services as team_scoring
from partnerships.models import Service
from partnerships.permissions import require
from principles.models import Principle, PrincipleSet
from principles.models.scales import MIN_LEVELS
from principles.selectors import rating_scale_for_set

from . import follow_up, rules, workflow
from .default_weights import carried_weight, default_weights_lock, weights_refusal
from .errors import OUT_OF_DATE_MESSAGE, RefusedError
from .locking import bump_version, check_own_fields, check_version, lock_for_change
from .models import ActionStatus, Assessment, ImprovementAction, Rating
from .one_per_period import refuse_second_assessment
from .read_model import scale_values

# Submission, return and sign-off live in review_services; callers have always found them here.
from .review_services import (  # noqa: F401
    FROZEN_FIELDS,
    assessment_return,
    assessment_sign_off,
    assessment_submit,
)
from .selectors import previous_signed_off_for

# Admin refuses leaving a set with no scale, but the data can still get there another way.
NO_RATING_SCALE = (
    "These principles cannot be rated yet because they have no rating scale. Ask an "
    "administrator to choose one for them, or to make a scale the default"
)
SCALE_TOO_SHORT = (
    f"These principles cannot be rated yet because their rating scale has fewer than "
    f"{MIN_LEVELS} levels. Ask an administrator to add levels to it, or to choose another scale"
)


@dataclass(frozen=True)
class RatingInput:
    level_id: int | None
    not_applicable: bool
    not_applicable_reason: str
    evidence: str
    divergence_note: str = ""  # team scoring: see consensus.services.divergence_note_clean

    @classmethod
    def applicable(
        cls, *, level_id: int | None, evidence: str, divergence_note: str = ""
    ) -> "RatingInput":
        """An answer that is not "not applicable": a level (or none yet) and its evidence."""
        return cls(
            level_id=level_id,
            not_applicable=False,
            not_applicable_reason="",
            evidence=evidence,
            divergence_note=divergence_note,
        )


@dataclass(frozen=True)
class ActionInput:
    id: int | None
    description: str
    owner: str
    due_date: date
    status: str
    delete: bool = False


@transaction.atomic
def assessment_start(
    *,
    user,
    service: Service,
    principle_set: PrincipleSet,
    period: str,
    title: str,
    carry_forward: bool = False,
    team_scoring: bool = False,
) -> Assessment:
    """Create a draft with a rating row for every principle, optionally copying the last one;
    with ``team_scoring``, members rate it individually first (the consensus app)."""
    require(user, workflow.START.action, service.partnership_id)
    period = rules.clean_period(period)
    refuse_second_assessment(service=service, principle_set=principle_set, period=period)
    rating_scale = rating_scale_for_set(principle_set=principle_set)
    if rating_scale is None:
        raise RefusedError(NO_RATING_SCALE, code="no_rating_scale")
    assessment = Assessment(
        service=service,
        principle_set=principle_set,
        rating_scale=rating_scale,
        period=period,
        title=rules.TITLE.clean(title),
        state=workflow.START.target,
        rating_phase=(
            workflow.RatingPhase.INDIVIDUAL if team_scoring else workflow.RatingPhase.SHARED
        ),
        created_by=user,
    )
    # The scale is fixed when the assessment starts: a level added to it in admin later
    # never changes what this assessment is rated on, or rescores it.
    assessment.frozen_scale_values = scale_values(assessment)
    if len(assessment.frozen_scale_values) < MIN_LEVELS:
        # Admin refuses such a scale, but one saved before that check cannot be scored.
        raise RefusedError(SCALE_TOO_SHORT, code="too_few_levels")
    previous = None
    if carry_forward:
        # Only a signed-off assessment is a team's settled judgement worth starting from.
        previous = previous_signed_off_for(
            service=service, principle_set=principle_set, before_period=period
        )
        # With nothing earlier the draft starts empty; only the form asks the user to untick.
        assessment.previous = previous
    assessment._history_user = user
    assessment.save()

    # Today's defaults, after any admin's change under way (``default_weights``).
    default_weights_lock(principle_set_id=principle_set.pk)
    principles = Principle.objects.filter(principle_set=principle_set).order_by("order")
    ratings = [
        Rating(assessment=assessment, principle=p, weight=p.default_weight, updated_by=user)
        for p in principles
    ]
    if previous is not None:
        _carry_forward(
            ratings, previous, same_scale=previous.rating_scale_id == assessment.rating_scale_id
        )
    bulk_create_with_history(ratings, Rating, default_user=user)
    if previous is not None:
        follow_up.carry_forward_actions(assessment, previous, user)
    return assessment


def _carry_forward(ratings: list[Rating], previous: Assessment, *, same_scale: bool) -> None:
    """Copy last time's answers as a starting point; each stays in progress until reviewed."""
    earlier = {r.principle_id: r for r in previous.ratings.all()}
    for rating in ratings:
        old = earlier.get(rating.principle_id)
        if old is None:
            continue
        rating.level_id = old.level_id if same_scale else None
        rating.not_applicable = old.not_applicable
        rating.not_applicable_reason = old.not_applicable_reason
        rating.evidence = old.evidence
        # A weight nobody chose takes today's default; one chosen is carried with its reason.
        rating.weight, rating.weight_reason = carried_weight(old, rating.principle.default_weight)
        rating.carried_forward = True


@transaction.atomic
def rating_update(
    *,
    user,
    rating_id: int,
    expected_version: int,
    answer: RatingInput,
    actions: list[ActionInput],
) -> Rating:
    """Save one principle's rating, evidence and actions in a draft."""
    rating = Rating.objects.select_related("assessment").get(pk=rating_id)
    assessment = lock_for_change(rating.assessment_id, user, workflow.EDIT)
    # Lock only the rating row: PostgreSQL cannot lock the nullable side of the
    # outer join that select_related("level") makes.
    rating = (
        Rating.objects.select_for_update(of=("self",)).select_related("level").get(pk=rating_id)
    )
    # The last save being their own is a second tab or a resend: say so, not "someone else".
    check_version(rating, expected_version, yours=rating.updated_by_id == user.pk)

    level_id = None if answer.not_applicable else answer.level_id
    levels = assessment.rating_scale.levels.filter(pk=level_id)
    if assessment.frozen_scale_values:  # only the levels the scale had when it started
        levels = levels.filter(value__in=assessment.frozen_scale_values)
    if level_id is not None and not levels.exists():
        raise RefusedError(
            "Select a level from this assessment's rating scale", code="level_not_on_scale"
        )
    rating.not_applicable = answer.not_applicable
    rating.level_id = level_id
    rating.not_applicable_reason = (
        rules.NOT_APPLICABLE_REASON.clean(answer.not_applicable_reason)
        if answer.not_applicable
        else ""
    )
    rating.evidence = rules.EVIDENCE.clean(answer.evidence)
    rating.divergence_note = team_scoring.divergence_note_clean(
        assessment=assessment, rating=rating, level_id=level_id, note=answer.divergence_note
    )
    rating.carried_forward = False
    # Saved with the principle's current wording on the page: any notice that the wording
    # changed after it was rated is answered.
    rating.wording_checked_at = timezone.now()
    rating.version += 1
    rating.updated_by = user
    rating._history_user = user
    rating.save()
    _save_actions(rating, actions, user)
    return rating


# A change to an action that is no longer saved is refused, never dropped: the page offers
# the wording back as a new action (views.removed_actions).
ACTION_REMOVED_MESSAGE = (
    "An improvement action you changed has been removed by someone else, so nothing was saved"
)


def _refuse_missing_actions(rating: Rating, missing: set[int]) -> None:
    """Refuse a change to an action this rating no longer has: ``action_removed`` if its
    history shows it was this rating's, else the page was never ours (another rating's
    action, or a made-up id) and no one removed anything."""
    if not missing:
        return
    removed = set(
        ImprovementAction.history.filter(id__in=missing, rating_id=rating.pk, history_type="-")
        .values_list("id", flat=True)
        .distinct()
    )
    if missing - removed:
        raise RefusedError(OUT_OF_DATE_MESSAGE, code="action_unknown")
    raise RefusedError(ACTION_REMOVED_MESSAGE, code="action_removed")


def _save_actions(rating: Rating, actions: list[ActionInput], user) -> None:
    existing = {a.pk: a for a in rating.actions.all()}
    # Removed meanwhile, or never this rating's: never touched. One already gone is left
    # gone if the user was removing it too.
    _refuse_missing_actions(
        rating,
        {item.id for item in actions if item.id and item.id not in existing and not item.delete},
    )
    count = len(existing)
    for item in actions:
        action = existing.get(item.id) if item.id else ImprovementAction(rating=rating)
        if action is None:
            continue  # gone already, as the user wanted
        action._history_user = user
        if item.delete:
            if action.pk:
                action.delete()
                count -= 1
            continue
        action.description = rules.ACTION_DESCRIPTION.clean(item.description)
        action.owner = rules.ACTION_OWNER.clean(item.owner)
        action.due_date = rules.DUE_DATE.clean(item.due_date)
        statuses = [value for value, _ in ActionStatus.for_drafts()]
        action.status = rules.clean_choice(
            item.status,
            [*statuses, action.status] if action.pk else statuses,  # an old status may stay
            message="Select the status of the action",
            code="action_status_invalid",
        )
        if action.pk is None:
            count += 1
            if count > rules.MAX_ACTIONS:
                raise RefusedError(
                    f"A principle can have up to {rules.MAX_ACTIONS} improvement actions",
                    code="too_many_actions",
                )
        action.save()


@transaction.atomic
def assessment_weights_update(
    *,
    user,
    assessment_id: int,
    expected_version: int,
    weights: dict[int, tuple[int, str]],
    seen: dict[int, tuple[int, str]] | None = None,
) -> Assessment:
    """Set this assessment's weight for each principle, with a reason where it differs.

    ``seen`` is each weight and reason as the page showed them, by rating id: a save is
    then refused only if one of those was changed since (``board_services``).
    """
    assessment = lock_for_change(assessment_id, user, workflow.SET_WEIGHTS)
    ratings = list(assessment.ratings.select_related("principle"))
    unchanged = seen is not None and all(
        seen.get(r.pk) == (r.weight, r.weight_reason) for r in ratings if r.pk in weights
    )
    check_own_fields(assessment, expected_version, unchanged=unchanged)
    new = {}
    for rating in ratings:
        weight, reason = weights.get(rating.pk, (rating.weight, rating.weight_reason))
        new[rating.pk] = (
            rules.clean_weight(weight, code=rating.principle.code),
            rules.clean_weight_reason(reason, code=rating.principle.code),
        )
    if refusal := weights_refusal((new[r.pk][0], rules.marked_not_applicable(r)) for r in ratings):
        raise RefusedError(refusal[0], code=refusal[1])
    changed = []
    for rating in ratings:
        weight, reason = new[rating.pk]
        if weight == rating.principle.default_weight:
            reason = ""
        elif not reason:
            raise RefusedError(
                rules.weight_reason_message(rating.principle.code), code="weight_reason_required"
            )
        if (rating.weight, rating.weight_reason) != (weight, reason):
            # The assessment's version guards weights, so a weight change does not
            # make someone's open rating page stale.
            rating.weight, rating.weight_reason = weight, reason
            changed.append(rating)
    if changed:  # saving what is already saved leaves the version, and others' pages, be
        bulk_update_with_history(changed, Rating, ["weight", "weight_reason"], default_user=user)
        bump_version(assessment, user, [])
    return assessment
