"""What counts as someone's work in a draft, in one place.

Admin may delete a draft nobody has written anything in (``AssessmentAdmin``), and a
principle whose only ratings are untouched ones in drafts (``set_growth``): both read
"written in" here, so a rating one of them would keep is never deleted by the other.
"""

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from consensus.models import IndividualRating

from .models import AssessmentState, Rating


def rating_written(prefix: str = "") -> Q:
    """A shared rating rated, written in, re-weighted, aimed at a level, carried forward or
    with an action. ``prefix`` reaches the rating from another model ("ratings__")."""
    p = prefix
    return (
        Q(**{f"{p}level__isnull": False})
        | Q(**{f"{p}not_applicable": True})
        | ~Q(**{f"{p}not_applicable_reason": ""})
        | ~Q(**{f"{p}evidence": ""})
        | ~Q(**{f"{p}weight": F(f"{p}principle__default_weight")})
        | ~Q(**{f"{p}weight_reason": ""})
        | ~Q(**{f"{p}divergence_note": ""})
        | Q(**{f"{p}target_level__isnull": False})
        | Q(**{f"{p}carried_forward": True})
        | Q(**{f"{p}actions__isnull": False})
    )


def individual_written(prefix: str = "") -> Q:
    """A rater's private rating started: a level, not applicable, a reason or a rationale.
    It counts as much as a shared one: nobody has seen it yet, so nothing else keeps it."""
    p = prefix
    return (
        Q(**{f"{p}level__isnull": False})
        | Q(**{f"{p}not_applicable": True})
        | ~Q(**{f"{p}not_applicable_reason": ""})
        | ~Q(**{f"{p}rationale": ""})
    )


def touched_ratings(*, principle_id: int) -> QuerySet[Rating]:
    """The principle's ratings that keep it: any outside a draft (rated against it, or
    frozen with it), and any in a draft that someone has written in, shared or privately."""
    started = IndividualRating.objects.filter(individual_written(), rating=OuterRef("pk"))
    return Rating.objects.filter(principle_id=principle_id).filter(
        ~Q(assessment__state=AssessmentState.DRAFT) | rating_written() | Exists(started)
    )


def board_words_written(assessment) -> bool:
    """Whether the lead has written the summary for the board or what it is asked to do,
    which a draft holds before anything is rated."""
    return bool(assessment.lead_summary.strip() or assessment.board_ask.strip())
