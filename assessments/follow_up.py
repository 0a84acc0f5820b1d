"""What a board follows up, as the services record it: weak principles without an action,
targets, principles named in a return, and open actions carried into the next assessment.

Called by ``services`` inside their transactions; each function either changes the rows
it is given (the caller saves them) or refuses with a ``RefusedError``.
"""

from collections.abc import Iterable, Sequence

from django.contrib.humanize.templatetags.humanize import apnumber
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

# The current state of an action, after its updates since sign-off, is read where updates
# live; carrying actions forward is the one write here that needs it.
from actions.selectors import with_current

from . import rules
from .errors import RefusedError
from .models import CLOSED_STATUSES, ActionStatus, Assessment, ImprovementAction, Rating

WEAK_LEVELS = 2  # at most the lowest two levels of a scale are weak (``weak_values``)


def weak_values(scale_values: Sequence[int]) -> list[int]:
    """The levels of the scale that count as weak, lowest first: the lowest two, but never
    the top level, so on a two-level scale only the lowest. A principle rated at the top
    is never asked for an action, nor marked "No action", on any scale."""
    ordered = sorted(scale_values)
    return ordered[: min(WEAK_LEVELS, len(ordered) - 1)]


def weak_levels_words(scale_values: Sequence[int]) -> str:
    """Which levels count as weak on this scale, as pages say it after "rated": "in the
    lowest two levels", or "at the lowest level" on a two-level scale. Worded from
    ``weak_values``, so what a page says is always the rule it applies."""
    count = len(weak_values(scale_values))
    if count == 1:
        return "at the lowest level"
    return f"in the lowest {apnumber(count)} levels"


def is_weak(level_value: int | None, scale_values: Sequence[int]) -> bool:
    """Rated at a weak level of the scale (``weak_values``; never when unrated or not
    applicable)."""
    return level_value is not None and level_value in weak_values(scale_values)


def has_open_action(rating: Rating) -> bool:
    """Needs the rating's actions loaded (``actions.all()``)."""
    return any(action.status not in CLOSED_STATUSES for action in rating.actions.all())


def weak_without_action(ratings: Iterable[Rating], scale_values: Sequence[int]) -> list[Rating]:
    """Principles rated at a weak level (``weak_values``) that have no open improvement
    action. An answer carried forward and not yet confirmed is not a rating (it counts as not
    rated everywhere), so it is never listed."""
    return [
        r
        for r in ratings
        if not r.not_applicable
        and not r.carried_forward
        and is_weak(r.level_value, scale_values)
        and not has_open_action(r)
    ]


def no_action_reasons_record(
    ratings: list[Rating], reasons: dict[int, str], scale_values: Sequence[int]
) -> None:
    """Keep, for each weak principle without an open action, why none is needed (by rating
    id); refuse the submission if one has no reason. Every other principle's is cleared."""
    needing = {r.pk for r in weak_without_action(ratings, scale_values)}
    for rating in ratings:
        if rating.pk not in needing:
            rating.no_action_reason = ""
            continue
        try:
            rating.no_action_reason = rules.NO_ACTION_REASON.clean(reasons.get(rating.pk, ""))
        except RefusedError as error:
            if error.code != "no_action_reason_required":
                raise
            raise RefusedError(
                f"{rating.code} is rated {rating.level_label.lower()} and has no open action: "
                "add an action, or say why none is needed",
                code=error.code,
            ) from None


def targets_freeze(ratings: Iterable[Rating]) -> None:
    """Fix each target as it reads now (needs ``target_level`` loaded), like the level."""
    for rating in ratings:
        level = rating.target_level if rating.target_level_id else None
        rating.frozen_target_value = level.value if level else None
        rating.frozen_target_label = level.label if level else ""


def named_in_return_flag(ratings: Iterable[Rating], codes: Sequence[str]) -> None:
    """Mark the principles a return names (needs ``principle`` loaded); refuse unknown codes."""
    ratings = list(ratings)
    known = {r.principle.code for r in ratings}
    if unknown := set(codes) - known:
        raise RefusedError(
            f"Choose principles in this assessment only: {', '.join(sorted(unknown))} is not one",
            code="return_principle_unknown",
        )
    for rating in ratings:
        rating.named_in_return = rating.principle.code in codes


def carry_forward_actions(assessment: Assessment, previous: Assessment, user) -> None:
    """Copy the previous assessment's open actions, as they stand now, linked to them.

    "As they stand now" is after any update since its sign-off (``actions.selectors``):
    an action completed or dropped during the year stays behind. The copy links back
    (``carried_from``), so the Actions page follows the action here from now on and the
    board pack can say what happened to last cycle's actions. "Deferred" is no longer
    offered, so it is carried as "agreed": the action stands, due when its date says.
    """
    new_by_principle = {r.principle_id: r for r in assessment.ratings.all()}
    # Locked before they are read, as an update to one locks it (``actions.services``):
    # an update under way is waited for and copied, and one made after is refused there,
    # never left on an original that can no longer be updated while its copy stays open.
    list(
        ImprovementAction.objects.select_for_update(of=("self",))
        .filter(rating__assessment=previous)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    open_actions = (
        with_current(
            ImprovementAction.objects.filter(rating__assessment=previous),
            today=timezone.localdate(),
        )
        .exclude(current_status__in=CLOSED_STATUSES)
        .select_related("rating")
        .order_by("rating__principle__order", "pk")
    )
    copies = [
        ImprovementAction(
            rating=new_by_principle[action.rating.principle_id],
            description=action.description,
            owner=action.owner,
            due_date=action.current_due_date,
            status=(
                ActionStatus.AGREED
                if action.current_status == ActionStatus.DEFERRED
                else action.current_status
            ),
            carried_from=action,
        )
        for action in open_actions
        if action.rating.principle_id in new_by_principle
    ]
    bulk_create_with_history(copies, ImprovementAction, default_user=user)
