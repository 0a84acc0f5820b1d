"""Reads for the lead's and the approver's pages about what goes to the board."""

from . import follow_up
from .changes import changes_since_return
from .models import Assessment, Rating
from .read_model import scales_for
from .selectors import scale_levels


def weak_without_action(assessment: Assessment, ratings: list[Rating]) -> list[Rating]:
    """Principles rated at a weak level (``follow_up.weak_values``) with no open action
    (``ratings`` with their actions loaded): check your answers asks for an action, or why
    none is needed."""
    scale = scales_for([assessment])[assessment.pk]
    return follow_up.weak_without_action(ratings, scale.values)


def weak_levels_words(assessment: Assessment) -> str:
    """Which levels of the assessment's scale count as weak, in words ("in the lowest two
    levels", or "at the lowest level" on a two-level scale), as the rule applies them."""
    scale = scales_for([assessment])[assessment.pk]
    return follow_up.weak_levels_words(scale.values)


def levels_described(assessment: Assessment, principle) -> list:
    """The assessment's scale levels, each ``descriptor`` replaced by what the level looks
    like for this principle where the principle says (``described`` is then True). The
    levels are read for this page only and never saved."""
    texts = dict(principle.level_descriptors.values_list("value", "text"))
    levels = scale_levels(assessment)
    for level in levels:
        level.described = level.value in texts
        level.descriptor = texts.get(level.value, level.descriptor)
    return levels


def signing_off(assessment: Assessment) -> dict:
    """What the sign-off page shows: page one of the report (headline, weakest principles and
    their actions) and, after a return, what changed since."""
    from reporting.reports import build_report  # reporting builds on assessments

    report = build_report(assessment)
    return {
        "report": report,
        "page": report.page_one,
        "changes": changes_since_return(assessment, [row.rating for row in report.rows]),
    }
