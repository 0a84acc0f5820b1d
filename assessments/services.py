"""Every write to assessments: role-checked, atomic, refusing stale or locked changes.

Rows are locked in one order, assessment first and then rating, so a rating save
and a submission can never interleave. Each service compares the version the
user started from with the saved one and refuses the change if they differ.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from consensus import services as team_scoring
from notifications import services as notifications
from partnerships.models import Service
from partnerships.permissions import Action, require
from principles.models import Principle, PrincipleSet
from principles.selectors import rating_scale_for_set
from reporting.services import pdfs_prerender_for_sign_off
from voice import services as voice

from . import rules
from .errors import RefusedError
from .models import (
    Assessment,
    AssessmentState,
    ImprovementAction,
    Rating,
    RatingPhase,
    SignOffDecision,
)
from .models.assessment import PERIOD_PATTERN
from .read_model import bands_for, scales_for
from .selectors import previous_signed_off_for


class ConflictError(Exception):
    """Someone else saved first; ``current`` is what is saved now."""

    def __init__(self, current):
        super().__init__("This was changed by someone else after you opened it.")
        self.current = current


class StateError(Exception):
    """The assessment is not in a state that allows this change."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class RatingInput:
    level_id: int | None
    not_applicable: bool
    not_applicable_reason: str
    evidence: str
    divergence_note: str = ""  # team scoring: see consensus.services.divergence_note_clean


@dataclass(frozen=True)
class ActionInput:
    id: int | None
    description: str
    owner: str
    due_date: date
    status: str
    delete: bool = False


FROZEN_FIELDS = [
    "frozen_code",
    "frozen_short_title",
    "frozen_statement",
    "frozen_group_title",
    "frozen_group_is_stem",
    "frozen_group_order",
    "frozen_order",
    "frozen_level_value",
    "frozen_level_label",
    "frozen_default_weight",
]


def _lock(assessment_id: int, *, state: str) -> Assessment:
    # Lock only the assessment row, not the joined service, set and scale rows
    # that every other assessment shares.
    assessment = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("service", "principle_set", "rating_scale")
        .get(pk=assessment_id)
    )
    if assessment.state != state:
        if assessment.state == AssessmentState.SIGNED_OFF:
            raise StateError(
                "This assessment has been signed off, so it cannot be changed. "
                "Start a new assessment instead.",
                code="signed_off",
            )
        raise StateError(
            f"This assessment is {assessment.get_state_display().lower()}, so it cannot be "
            "changed in this way.",
            code="wrong_state",
        )
    return assessment


def _check_version(obj, expected_version: int) -> None:
    if obj.version != expected_version:
        raise ConflictError(obj)


def _bump(assessment: Assessment, user, fields: list[str]) -> None:
    assessment.version += 1
    assessment._history_user = user
    assessment.save(update_fields=[*fields, "version", "updated_at"])


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
    require(user, Action.START, service.partnership_id)
    if not re.fullmatch(PERIOD_PATTERN, period):
        raise ValueError("The period must look like 2026/27.")
    assessment = Assessment(
        service=service,
        principle_set=principle_set,
        rating_scale=rating_scale_for_set(principle_set=principle_set),
        period=period,
        title=title,
        rating_phase=RatingPhase.INDIVIDUAL if team_scoring else RatingPhase.SHARED,
        created_by=user,
    )
    # The scale is fixed when the assessment starts: a level added to it in admin later
    # never changes what this assessment is rated on, or rescores it.
    assessment.frozen_scale_values = _scale_values(assessment)
    previous = None
    if carry_forward:
        # Only a signed-off assessment is a team's settled judgement worth starting from.
        previous = previous_signed_off_for(
            service=service, principle_set=principle_set, before_period=period
        )
        assessment.previous = previous
    assessment._history_user = user
    assessment.save()

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
        _carry_forward_actions(assessment, previous, user)
    return assessment


def _scale_values(assessment: Assessment) -> list[int]:
    return list(assessment.rating_scale.levels.order_by("value").values_list("value", flat=True))


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
        rating.weight = old.weight
        rating.weight_reason = old.weight_reason
        rating.carried_forward = True


def _carry_forward_actions(assessment: Assessment, previous: Assessment, user) -> None:
    """Open actions move to the new assessment; completed ones stay with the old."""
    new_by_principle = {r.principle_id: r for r in assessment.ratings.all()}
    open_actions = (
        ImprovementAction.objects.filter(rating__assessment=previous)
        .exclude(status="completed")
        .select_related("rating")
    )
    copies = [
        ImprovementAction(
            rating=new_by_principle[action.rating.principle_id],
            description=action.description,
            owner=action.owner,
            due_date=action.due_date,
            status=action.status,
        )
        for action in open_actions
        if action.rating.principle_id in new_by_principle
    ]
    bulk_create_with_history(copies, ImprovementAction, default_user=user)


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
    assessment = _lock(rating.assessment_id, state=AssessmentState.DRAFT)
    require(user, Action.EDIT_DRAFT, assessment.service.partnership_id)
    # Lock only the rating row: PostgreSQL cannot lock the nullable side of the
    # outer join that select_related("level") makes.
    rating = (
        Rating.objects.select_for_update(of=("self",)).select_related("level").get(pk=rating_id)
    )
    _check_version(rating, expected_version)

    levels = assessment.rating_scale.levels.filter(pk=answer.level_id)
    if assessment.frozen_scale_values:  # only the levels the scale had when it started
        levels = levels.filter(value__in=assessment.frozen_scale_values)
    if answer.level_id is not None and not answer.not_applicable and not levels.exists():
        raise RefusedError(
            "Select a level from this assessment's rating scale", code="level_not_on_scale"
        )
    rating.not_applicable = answer.not_applicable
    rating.level_id = None if answer.not_applicable else answer.level_id
    rating.not_applicable_reason = answer.not_applicable_reason if answer.not_applicable else ""
    rating.evidence = answer.evidence
    rating.divergence_note = team_scoring.divergence_note_clean(
        assessment=assessment, rating=rating, level_id=rating.level_id, note=answer.divergence_note
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


def _save_actions(rating: Rating, actions: list[ActionInput], user) -> None:
    existing = {a.pk: a for a in rating.actions.all()}
    for item in actions:
        action = existing.get(item.id) if item.id else ImprovementAction(rating=rating)
        if action is None:  # an id from another rating: never touch it
            continue
        action._history_user = user
        if item.delete:
            if action.pk:
                action.delete()
            continue
        action.description = item.description
        action.owner = item.owner
        action.due_date = item.due_date
        action.status = item.status
        action.save()


@transaction.atomic
def assessment_weights_update(
    *, user, assessment_id: int, expected_version: int, weights: dict[int, tuple[int, str]]
) -> Assessment:
    """Set this assessment's weight for each principle, with a reason where it differs."""
    assessment = _lock(assessment_id, state=AssessmentState.DRAFT)
    require(user, Action.SET_WEIGHTS, assessment.service.partnership_id)
    _check_version(assessment, expected_version)
    ratings = list(assessment.ratings.select_related("principle"))
    new = {r.pk: weights.get(r.pk, (r.weight, r.weight_reason)) for r in ratings}
    if not any(weight > 0 for weight, _ in new.values()):
        raise ValueError("At least one weight must be more than 0.")
    if not rules.weight_applies((new[r.pk][0], rules.marked_not_applicable(r)) for r in ratings):
        raise RefusedError(rules.NO_WEIGHT_APPLIES_MESSAGE, code="no_weight_applies")
    changed = []
    for rating in ratings:
        weight, reason = new[rating.pk]
        if not 0 <= weight <= 10:
            raise ValueError("Weights run from 0 to 10.")
        reason = "" if weight == rating.principle.default_weight else reason
        if (rating.weight, rating.weight_reason) != (weight, reason):
            # The assessment's version guards weights, so a weight change does not
            # make someone's open rating page stale.
            rating.weight, rating.weight_reason = weight, reason
            changed.append(rating)
    if changed:
        bulk_update_with_history(changed, Rating, ["weight", "weight_reason"], default_user=user)
    _bump(assessment, user, [])
    return assessment


@transaction.atomic
def assessment_submit(*, user, assessment_id: int, expected_version: int) -> Assessment:
    """Submit a complete draft for sign-off, freezing what each principle was rated against."""
    assessment = _lock(assessment_id, state=AssessmentState.DRAFT)
    require(user, Action.SUBMIT, assessment.service.partnership_id)
    _check_version(assessment, expected_version)
    ratings = list(assessment.ratings.select_related("principle__group", "level"))
    incomplete = [r for r in ratings if not r.is_complete]
    if incomplete:
        raise StateError(
            f"Complete all principles before you submit: {len(incomplete)} not completed.",
            code="incomplete",
        )
    if not rules.weight_applies((r.weight, rules.marked_not_applicable(r)) for r in ratings):
        raise RefusedError(rules.NO_WEIGHT_APPLIES_MESSAGE, code="no_weight_applies")
    for rating in ratings:
        principle = rating.principle
        rating.frozen_code = principle.code
        rating.frozen_short_title = principle.short_title
        rating.frozen_statement = principle.statement
        rating.frozen_group_title = principle.group.title
        rating.frozen_group_is_stem = principle.group.title_is_stem
        rating.frozen_group_order = principle.group.order
        rating.frozen_order = principle.order
        rating.frozen_level_value = rating.level.value if rating.level_id else None
        rating.frozen_level_label = rating.level.label if rating.level_id else ""
        rating.frozen_default_weight = principle.default_weight
    bulk_update_with_history(ratings, Rating, FROZEN_FIELDS, default_user=user)
    team_scoring.individual_ratings_freeze(assessment=assessment)
    # Fixed when it started; an assessment from before that rule is fixed now.
    assessment.frozen_scale_values = assessment.frozen_scale_values or _scale_values(assessment)
    # The words its scores are read in, as they are now: later edits to the scale's level
    # labels never change a submitted or signed-off report.
    scale = scales_for([assessment])[assessment.pk]
    assessment.frozen_bands = [
        list(band) for band in bands_for([assessment], {assessment.pk: scale})[assessment.pk]
    ]
    assessment.state = AssessmentState.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.submitted_by = user
    _bump(
        assessment,
        user,
        ["state", "submitted_at", "submitted_by", "frozen_scale_values", "frozen_bands"],
    )
    notifications.assessment_submitted_notify(assessment=assessment)
    return assessment


@transaction.atomic
def assessment_return(
    *, user, assessment_id: int, expected_version: int, comment: str
) -> Assessment:
    """Send a submitted assessment back to draft with a comment; drafts show current text."""
    assessment = _lock(assessment_id, state=AssessmentState.SUBMITTED)
    require(user, Action.RETURN, assessment.service.partnership_id)
    _check_version(assessment, expected_version)
    if not comment.strip():
        raise ValueError("Say what needs to change when returning an assessment.")
    ratings = list(assessment.ratings.all())
    for rating in ratings:
        for field in FROZEN_FIELDS:
            setattr(rating, field, Rating._meta.get_field(field).get_default())
    bulk_update_with_history(ratings, Rating, FROZEN_FIELDS, default_user=user)
    # The scale stays as it was when the assessment started; its words are read live again.
    assessment.frozen_bands = None
    assessment.state = AssessmentState.DRAFT
    assessment.returned_at = timezone.now()
    assessment.returned_by = user
    assessment.returned_comment = comment
    _bump(
        assessment,
        user,
        ["state", "returned_at", "returned_by", "returned_comment", "frozen_bands"],
    )
    notifications.assessment_returned_notify(assessment=assessment)
    return assessment


@transaction.atomic
def assessment_sign_off(
    *,
    user,
    assessment_id: int,
    expected_version: int,
    body: str,
    decision: str,
    decision_date: date,
    minute_reference: str,
) -> Assessment:
    """Record the board's decision. A signed-off assessment never changes again."""
    assessment = _lock(assessment_id, state=AssessmentState.SUBMITTED)
    require(user, Action.SIGN_OFF, assessment.service.partnership_id)
    _check_version(assessment, expected_version)
    if decision not in SignOffDecision.values:
        raise ValueError(f"Unknown sign-off decision: {decision!r}.")
    assessment.state = AssessmentState.SIGNED_OFF
    assessment.signoff_body = body
    assessment.signoff_decision = decision
    assessment.signoff_date = decision_date
    assessment.signoff_minute_reference = minute_reference
    assessment.signed_off_at = timezone.now()
    assessment.signed_off_by = user
    _bump(
        assessment,
        user,
        [
            "state",
            "signoff_body",
            "signoff_decision",
            "signoff_date",
            "signoff_minute_reference",
            "signed_off_at",
            "signed_off_by",
        ],
    )
    # People's voice: the feedback round closes and its figures freeze with the assessment.
    voice.feedback_round_close_for_sign_off(assessment=assessment)
    notifications.assessment_signed_off_notify(assessment=assessment)
    pdfs_prerender_for_sign_off(assessment=assessment)  # board members' PDFs, by the worker
    return assessment
