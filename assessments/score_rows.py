"""Scores from plain values rather than model instances: for the board pack's drafts and
for the scores stored at sign-off (``score_services``).

``read_model.score_assessments`` loads every rating with its principle, section and levels
as model instances: at a hundred services by a hundred and twenty principles that is
48,000 objects, most of the board pack's cost. The board pack reads only a few of each
rating's values, so here each rating is one row of plain values (``RatingRow``) with the
same names, and the same rules, as ``Rating``'s display properties. The scores come from
the same pure rules (``scoring.score_assessment``, through ``read_model.principle_inputs``)
with the same scales, words and previous assessments, so every figure is the same.

The same queries as ``score_assessments``: none for previous assessments (the caller passes
``among``), the levels of drafts' scales (for their words), and one for every rating.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from principles.models import heading

from .models import Assessment, Rating, shown_order
from .read_model import Scored, score_assessments_from


@dataclass(frozen=True, slots=True)
class RatingRow:
    """One rating's values as ``Rating``'s display properties give them: frozen once
    submitted, the principle's current text and the current level in a draft."""

    principle_id: int
    order: int  # the principle's place in the set, as the report orders ratings
    code: str
    short_title: str
    group_title: str
    group_heading: str
    weight: int
    not_applicable: bool
    carried_forward: bool
    level_value: int | None
    level_label: str
    target_value: int | None
    target_label: str
    divergence_note: str


# What a rating shows: frozen with it once submitted, or read live from its principle and
# levels until then. Both tuples name the same eight things in the same order.
_FROZEN = (
    "frozen_code",
    "frozen_short_title",
    "frozen_group_title",
    "frozen_group_is_stem",
    "frozen_level_value",
    "frozen_level_label",
    "frozen_target_value",
    "frozen_target_label",
)
_LIVE = (
    "principle__code",
    "principle__short_title",
    "principle__group__title",
    "principle__group__title_is_stem",
    "level__value",
    "level__label",
    "target_level__value",
    "target_level__label",
)
_FIELDS = (
    "assessment_id",
    "principle_id",
    "principle__order",
    *_FROZEN,
    *_LIVE,
    "weight",
    "not_applicable",
    "carried_forward",
    "divergence_note",
)


def _live(values: tuple) -> tuple:
    """The live words, without a label where the join found no level."""
    code, short_title, group_title, is_stem, level_value, level_label, target, target_label = values
    return (
        code,
        short_title,
        group_title,
        is_stem,
        level_value,
        level_label if level_value is not None else "",
        target,
        target_label if target is not None else "",
    )


def rating_rows(ids: Iterable[int]) -> dict[int, list[RatingRow]]:
    """Each assessment's ratings in the set's order, by assessment id: one query (none for
    no assessments)."""
    found: dict[int, list[RatingRow]] = {pk: [] for pk in ids}
    if not found:
        return found
    rows = (
        Rating.objects.filter(assessment_id__in=found)
        .order_by("assessment_id", shown_order())
        .values_list(*_FIELDS)
    )
    shown_count = len(_FROZEN)
    for assessment_id, principle_id, order, *values in rows:
        frozen = tuple(values[:shown_count])
        live = tuple(values[shown_count : 2 * shown_count])
        weight, not_applicable, carried_forward, divergence_note = values[2 * shown_count :]
        # ``Rating.is_frozen``: a frozen code means every frozen word was saved with it.
        code, short_title, group_title, is_stem, level_value, level_label, target, target_label = (
            frozen if frozen[0] else _live(live)
        )
        found[assessment_id].append(
            RatingRow(
                principle_id=principle_id,
                order=order,
                code=code,
                short_title=short_title,
                group_title=group_title,
                group_heading=heading(group_title, is_stem=is_stem),
                weight=weight,
                not_applicable=not_applicable,
                carried_forward=carried_forward,
                level_value=level_value,
                level_label=level_label,
                target_value=target,
                target_label=target_label,
                divergence_note=divergence_note,
            )
        )
    return found


def score_assessments(
    assessments: Iterable[Assessment], *, among: Iterable[Assessment]
) -> dict[int, Scored]:
    """As ``read_model.score_assessments`` (without actions), each ``Scored`` holding
    ``RatingRow`` values in place of ``Rating`` instances."""
    return score_assessments_from(
        assessments,
        among=among,
        read_ratings=lambda found: rating_rows(assessment.pk for assessment in found),
    )
