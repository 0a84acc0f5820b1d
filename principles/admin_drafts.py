"""What an admin's change to a set's principles does to its drafts, in messages the admin
reads: a default weight followed, a principle added, one added by mistake removed again
(``assessments.default_weights``, ``assessments.set_growth``), and the delete page's list of
the drafts' untouched ratings that go with a principle."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied

from assessments.default_weights import draft_weights_follow_default
from assessments.errors import RefusedError
from assessments.models import Rating
from assessments.set_growth import draft_ratings_add, draft_ratings_remove
from consensus.models import IndividualRating

from .models import Principle


def _drafts(count: int) -> str:
    """ "1 draft assessment", "3 draft assessments": how the messages below begin."""
    return f"{count} draft assessment{'s' if count != 1 else ''}"


def drafts_follow_default(request, principle: Principle, old_default: int) -> None:
    moved = draft_weights_follow_default(
        user=request.user, principle_id=principle.pk, old_default=old_default
    )
    if moved:
        messages.info(
            request,
            f"{_drafts(moved)} used the default weight for {principle.code}, so "
            f"{'they now use' if moved != 1 else 'it now uses'} {principle.default_weight} "
            f"instead of {old_default}. Weights that teams changed, with a reason, are as "
            "they were.",
        )


def drafts_include(request, principle: Principle) -> None:
    added = draft_ratings_add(user=request.user, principle_id=principle.pk)
    if added:
        messages.info(
            request,
            f"{_drafts(added)} now {'include' if added != 1 else 'includes'} {principle.code}. "
            "It is not rated yet, so it must be rated before the assessment can be submitted. "
            "Submitted and signed-off assessments do not include it.",
        )


def drafts_exclude(request, principle: Principle, *, where: str = "") -> None:
    """Before ``principle`` is deleted, or moved away from its set (``where``)."""
    try:
        removed = draft_ratings_remove(user=request.user, principle_id=principle.pk)
    except RefusedError as refused:  # someone wrote in a rating since the page opened
        raise PermissionDenied(refused.message) from refused
    if removed:
        messages.info(
            request,
            f"{_drafts(removed)}{where} no longer {'include' if removed != 1 else 'includes'} "
            f"{principle.code}: nobody had rated it or written anything for it there.",
        )


def with_empty_ratings(deleted: list, principles, model_count: dict) -> list:
    """Django's list of what goes (each principle, in the order given, then a list of what
    goes with it, if anything), with its drafts' untouched ratings in plain words, counted
    in the summary too (``model_count``, changed in place)."""
    nested, rest = [], list(deleted)
    for principle in principles:
        ratings = principle.ratings.count()
        individuals = IndividualRating.objects.filter(rating__principle=principle).count()
        for model, count in ((Rating, ratings), (IndividualRating, individuals)):
            if count:
                plural = str(model._meta.verbose_name_plural)
                model_count[plural] = model_count.get(plural, 0) + count
        shown = rest.pop(0)
        goes = rest.pop(0) if rest and isinstance(rest[0], list) else []
        said = (
            _counted(ratings, "draft assessment", "empty rating"),
            _counted(individuals, "rater", "empty individual rating"),
        )
        goes = [*goes, *filter(None, said)]
        nested += [shown, goes] if goes else [shown]
    return nested


def _counted(count: int, whose: str, what: str) -> str:
    """ "3 draft assessments' empty ratings of it"; "" for none."""
    if not count:
        return ""
    if count == 1:
        return f"1 {whose}'s {what} of it"
    return f"{count} {whose}s' {what}s of it"
