"""Every write to assessments: role-checked, atomic, refusing stale, locked or invalid changes.

Rows are locked in one order, assessment first and then rating, so a rating save
and a submission can never interleave. Each service checks, in this order, that the
workflow allows the change in the assessment's state (``workflow``), that the user's
role allows it (403 otherwise), that nobody saved since the user's page was opened, and
that what would be stored meets the rules the forms show (``rules``). Every refusal is a
``RefusedError`` with a code; text is stored stripped.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from consensus import services as team_scoring
from notifications import services as notifications
from partnerships.models import Service
from partnerships.permissions import require
from principles.models import Principle, PrincipleSet
from principles.selectors import rating_scale_for_set
from reporting.services import pdfs_prerender_for_sign_off
from voice import services as voice

from . import follow_up, rules, workflow
from .errors import ConflictError, RefusedError
from .models import ActionStatus, Assessment, ImprovementAction, Rating, SignOffDecision
from .one_per_period import refuse_second_assessment
from .read_model import bands_for, scales_for
from .selectors import previous_signed_off_for


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
    "frozen_target_value",
    "frozen_target_label",
]


def _lock(assessment_id: int, user, transition: workflow.Transition) -> Assessment:
    """The assessment, locked, once the workflow and the user's role allow the change."""
    # Lock only the assessment row, not the joined service, set and scale rows
    # that every other assessment shares.
    assessment = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("service", "principle_set", "rating_scale")
        .get(pk=assessment_id)
    )
    workflow.check(transition, assessment)
    require(user, transition.action, assessment.service.partnership_id)
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
    require(user, workflow.START.action, service.partnership_id)
    period = rules.clean_period(period)
    refuse_second_assessment(service=service, principle_set=principle_set, period=period)
    assessment = Assessment(
        service=service,
        principle_set=principle_set,
        rating_scale=rating_scale_for_set(principle_set=principle_set),
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
    assessment.frozen_scale_values = _scale_values(assessment)
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
    assessment = _lock(rating.assessment_id, user, workflow.EDIT)
    # Lock only the rating row: PostgreSQL cannot lock the nullable side of the
    # outer join that select_related("level") makes.
    rating = (
        Rating.objects.select_for_update(of=("self",)).select_related("level").get(pk=rating_id)
    )
    _check_version(rating, expected_version)

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


def _save_actions(rating: Rating, actions: list[ActionInput], user) -> None:
    existing = {a.pk: a for a in rating.actions.all()}
    count = len(existing)
    for item in actions:
        action = existing.get(item.id) if item.id else ImprovementAction(rating=rating)
        if action is None:  # removed meanwhile (or another rating's): never touch it
            if item.delete:
                continue  # gone already, as the user wanted
            raise RefusedError(ACTION_REMOVED_MESSAGE, code="action_removed")
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
    *, user, assessment_id: int, expected_version: int, weights: dict[int, tuple[int, str]]
) -> Assessment:
    """Set this assessment's weight for each principle, with a reason where it differs."""
    assessment = _lock(assessment_id, user, workflow.SET_WEIGHTS)
    _check_version(assessment, expected_version)
    ratings = list(assessment.ratings.select_related("principle"))
    new = {}
    for rating in ratings:
        weight, reason = weights.get(rating.pk, (rating.weight, rating.weight_reason))
        new[rating.pk] = (
            rules.clean_weight(weight, code=rating.principle.code),
            rules.WEIGHT_REASON.clean(reason),
        )
    if not any(weight > 0 for weight, _ in new.values()):
        raise RefusedError(rules.ALL_ZERO_MESSAGE, code="all_zero")
    if not rules.weight_applies((new[r.pk][0], rules.marked_not_applicable(r)) for r in ratings):
        raise RefusedError(rules.NO_WEIGHT_APPLIES_MESSAGE, code="no_weight_applies")
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
    if changed:
        bulk_update_with_history(changed, Rating, ["weight", "weight_reason"], default_user=user)
    _bump(assessment, user, [])
    return assessment


@transaction.atomic
def assessment_submit(
    *,
    user,
    assessment_id: int,
    expected_version: int,
    no_action_reasons: dict[int, str] | None = None,
) -> Assessment:
    """Submit a complete draft for sign-off, freezing what each principle was rated against.

    ``no_action_reasons`` says, by rating id, why a principle rated in the lowest two levels
    needs no improvement action; one without an open action and without a reason is refused.
    """
    assessment = _lock(assessment_id, user, workflow.SUBMIT)
    _check_version(assessment, expected_version)
    ratings = list(
        assessment.ratings.select_related(
            "principle__group", "level", "target_level"
        ).prefetch_related("actions")
    )
    incomplete = [r for r in ratings if not r.is_complete]
    if incomplete:
        raise RefusedError(
            f"Complete all principles before you submit: {len(incomplete)} not completed",
            code="incomplete",
        )
    if not rules.weight_applies((r.weight, rules.marked_not_applicable(r)) for r in ratings):
        raise RefusedError(rules.NO_WEIGHT_APPLIES_MESSAGE, code="no_weight_applies")
    follow_up.no_action_reasons_record(
        ratings,
        no_action_reasons or {},
        assessment.frozen_scale_values or _scale_values(assessment),
    )
    follow_up.targets_freeze(ratings)
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
    bulk_update_with_history(
        ratings, Rating, [*FROZEN_FIELDS, "no_action_reason"], default_user=user
    )
    team_scoring.individual_ratings_freeze(assessment=assessment)
    # Fixed when it started; an assessment from before that rule is fixed now.
    assessment.frozen_scale_values = assessment.frozen_scale_values or _scale_values(assessment)
    # The words its scores are read in, as they are now: later edits to the scale's level
    # labels never change a submitted or signed-off report.
    scale = scales_for([assessment])[assessment.pk]
    assessment.frozen_bands = [
        list(band) for band in bands_for([assessment], {assessment.pk: scale})[assessment.pk]
    ]
    assessment.state = workflow.SUBMIT.target
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
    *, user, assessment_id: int, expected_version: int, comment: str, codes: Sequence[str] = ()
) -> Assessment:
    """Send a submitted assessment back to draft with a comment; drafts show current text.

    ``codes`` are the principles the comment concerns: their pages show it.
    """
    assessment = _lock(assessment_id, user, workflow.RETURN)
    _check_version(assessment, expected_version)
    comment = rules.RETURN_COMMENT.clean(comment)
    ratings = list(assessment.ratings.select_related("principle"))
    follow_up.named_in_return_flag(ratings, codes)
    for rating in ratings:
        for field in FROZEN_FIELDS:
            setattr(rating, field, Rating._meta.get_field(field).get_default())
    bulk_update_with_history(
        ratings, Rating, [*FROZEN_FIELDS, "named_in_return"], default_user=user
    )
    # The scale stays as it was when the assessment started; its words are read live again.
    assessment.frozen_bands = None
    assessment.state = workflow.RETURN.target
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
    assessment = _lock(assessment_id, user, workflow.SIGN_OFF)
    _check_version(assessment, expected_version)
    assessment.signoff_body = rules.SIGNOFF_BODY.clean(body)
    assessment.signoff_decision = rules.clean_choice(
        decision, SignOffDecision.values, message="Select the decision", code="decision_invalid"
    )
    assessment.signoff_date = rules.DECISION_DATE.clean(decision_date)
    assessment.signoff_minute_reference = rules.MINUTE_REFERENCE.clean(minute_reference)
    assessment.state = workflow.SIGN_OFF.target
    assessment.signed_off_at = timezone.now()
    assessment.signed_off_by = user
    _bump(assessment, user, ["state", *Assessment.SIGN_OFF_FIELDS])
    # People's voice: the feedback round closes and its figures freeze with the assessment.
    voice.feedback_round_close_for_sign_off(assessment=assessment)
    notifications.assessment_signed_off_notify(assessment=assessment)
    pdfs_prerender_for_sign_off(assessment=assessment)  # board members' PDFs, by the worker
    return assessment
