"""Submitting an assessment for sign-off, returning it for changes and recording sign-off.

Submission freezes what each principle was rated against (its wording, group, level and
target), the words its scores are read in and the set's title, short name and main
purpose; a return clears them again, so the draft shows current text; sign-off closes the
people's voice round and makes the board's PDFs.
The checks and the locking order are those of ``services``, which names these too.
"""

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from consensus import services as team_scoring
from notifications import services as notifications
from reporting.services import pdfs_prerender_for_sign_off
from voice import services as voice

from . import follow_up, rules, workflow
from .default_weights import (
    default_weights_lock,
    returned_weights_follow_default,
    scoring_refusal,
)
from .errors import RefusedError
from .locking import bump_version, check_version, lock_for_change
from .models import Assessment, Rating, SignOffDecision
from .read_model import bands_for, scale_values, scales_for
from .score_services import assessment_scores_store
from .set_growth import returned_ratings_add

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


@transaction.atomic
def assessment_submit(
    *,
    user,
    assessment_id: int,
    expected_version: int,
    no_action_reasons: dict[int, str] | None = None,
) -> Assessment:
    """Submit a complete draft for sign-off, freezing what each principle was rated against.

    ``no_action_reasons`` says, by rating id, why a principle rated at a weak level
    (``follow_up.weak_values``: the lowest two, never the top) needs no improvement action;
    one without an open action and without a reason is refused.
    """
    assessment = lock_for_change(assessment_id, user, workflow.SUBMIT)
    check_version(assessment, expected_version)
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
    if refusal := scoring_refusal((r.weight, rules.marked_not_applicable(r)) for r in ratings):
        raise RefusedError(refusal[0], code=refusal[1])
    follow_up.no_action_reasons_record(
        ratings,
        no_action_reasons or {},
        assessment.frozen_scale_values or scale_values(assessment),
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
    assessment.frozen_scale_values = assessment.frozen_scale_values or scale_values(assessment)
    # The words its scores are read in, as they are now: later edits to the scale's level
    # labels never change a submitted or signed-off report.
    scale = scales_for([assessment])[assessment.pk]
    assessment.frozen_bands = [
        list(band) for band in bands_for([assessment], {assessment.pk: scale})[assessment.pk]
    ]
    # The set's own words (title, short name, main purpose), as they are now: later edits
    # to the set never change a submitted or signed-off report.
    for field, set_field in Assessment.FROZEN_SET_FIELDS.items():
        setattr(assessment, field, getattr(assessment.principle_set, set_field))
    # And the service's and partnership's names: renaming them never changes it either.
    for field, name in zip(Assessment.FROZEN_NAME_FIELDS, assessment.names_now, strict=True):
        setattr(assessment, field, name)
    assessment.state = workflow.SUBMIT.target
    assessment.submitted_at = timezone.now()
    assessment.submitted_by = user
    bump_version(
        assessment,
        user,
        [
            "state",
            "submitted_at",
            "submitted_by",
            "frozen_scale_values",
            "frozen_bands",
            *Assessment.FROZEN_SET_FIELDS,
            *Assessment.FROZEN_NAME_FIELDS,
        ],
    )
    notifications.assessment_submitted_notify(assessment=assessment)
    return assessment


@transaction.atomic
def assessment_return(
    *, user, assessment_id: int, expected_version: int, comment: str, codes: Sequence[str] = ()
) -> Assessment:
    """Send a submitted assessment back to draft with a comment; drafts show current text
    and follow today's default weights where nobody chose another (``default_weights``).

    ``codes`` are the principles the comment concerns: their pages show it.
    """
    assessment = lock_for_change(assessment_id, user, workflow.RETURN)
    check_version(assessment, expected_version)
    comment = rules.RETURN_COMMENT.clean(comment)
    # Today's defaults, after any admin's change under way (``default_weights``).
    default_weights_lock(principle_set_id=assessment.principle_set_id)
    ratings = list(assessment.ratings.select_related("principle"))
    follow_up.named_in_return_flag(ratings, codes)
    returned_weights_follow_default(ratings)
    for rating in ratings:
        for field in FROZEN_FIELDS:
            setattr(rating, field, Rating._meta.get_field(field).get_default())
    bulk_update_with_history(
        ratings, Rating, [*FROZEN_FIELDS, "named_in_return", "weight"], default_user=user
    )
    returned_ratings_add(user=user, assessment=assessment)  # principles added meanwhile
    # The scale stays as it was when the assessment started; its words, the set's and the
    # names are read live again.
    team_scoring.individual_ratings_unfreeze(assessment=assessment)
    assessment.frozen_bands = None
    for field in [*Assessment.FROZEN_SET_FIELDS, *Assessment.FROZEN_NAME_FIELDS]:
        setattr(assessment, field, "")
    assessment.state = workflow.RETURN.target
    assessment.returned_at = timezone.now()
    assessment.returned_by = user
    assessment.returned_comment = comment
    bump_version(
        assessment,
        user,
        [
            "state",
            "returned_at",
            "returned_by",
            "returned_comment",
            "frozen_bands",
            *Assessment.FROZEN_SET_FIELDS,
            *Assessment.FROZEN_NAME_FIELDS,
        ],
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
    assessment = lock_for_change(assessment_id, user, workflow.SIGN_OFF)
    check_version(assessment, expected_version)
    assessment.signoff_body = rules.SIGNOFF_BODY.clean(body)
    assessment.signoff_decision = rules.clean_choice(
        decision,
        SignOffDecision.values,
        message="Select what the board or committee decided",
        code="decision_invalid",
    )
    assessment.signoff_date = rules.DECISION_DATE.clean(decision_date)
    if refusal := rules.decision_date_refusal(assessment.signoff_date, assessment.period):
        raise RefusedError(refusal[0], code=refusal[1])
    assessment.signoff_minute_reference = rules.MINUTE_REFERENCE.clean(minute_reference)
    assessment.state = workflow.SIGN_OFF.target
    assessment.signed_off_at = timezone.now()
    assessment.signed_off_by = user
    bump_version(assessment, user, ["state", *Assessment.SIGN_OFF_FIELDS])
    # Its scores never change from now on: worked out once, for pages listing many services.
    assessment_scores_store(assessment=assessment)
    # People's voice: the feedback round closes and its figures freeze with the assessment.
    voice.feedback_round_close_for_sign_off(assessment=assessment)
    notifications.assessment_signed_off_notify(assessment=assessment)
    pdfs_prerender_for_sign_off(assessment=assessment)  # board members' PDFs, by the worker
    return assessment
