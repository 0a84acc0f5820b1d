"""The read model of scores: what every score is built from, for one assessment or many.

The report, the board pack, the exports and the assessment pages read ratings, scales,
bands and previous signed-off assessments here, so they always agree and each read is
written once. Every function reads in a fixed number of queries however many
assessments or ratings it is given. The rules themselves stay pure, in ``scoring``.

Every assessment is scored on the scale values frozen when it started
(``Assessment.frozen_scale_values``). Its scores are read in the scale's own words: the
bands frozen at submission (``Assessment.frozen_bands``), or for a draft the current
labels of its levels. Answers carried forward and not yet confirmed count as not rated.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from principles.models import RatingLevel

from . import scoring
from .bands import Bands, bands_from_levels
from .models import Assessment, AssessmentState, ImprovementAction, Rating, shown_order


@dataclass(frozen=True)
class Scored:
    """One assessment's score, with the reads it was built from.

    ``previous`` is its previous signed-off assessment, or None when there is none or
    it was on another scale: only like is compared with like. ``not_compared`` is that one
    on another scale, so that pages say why there is no change rather than that there was
    no earlier assessment.
    """

    assessment: Assessment
    ratings: list[Rating]
    scale: scoring.ScaleInput
    bands: Bands
    score: scoring.AssessmentScore
    previous: Assessment | None = None
    previous_ratings: tuple[Rating, ...] = ()
    not_compared: Assessment | None = None

    def previous_normalised(self) -> dict[str, float]:
        """The previous assessment's score for each principle it rated, by code."""
        return normalised_by_code(self.previous_ratings, self.scale)


def display_ratings(ratings: QuerySet[Rating], *, with_actions: bool = False) -> QuerySet[Rating]:
    """Ratings as pages show them, in the set's order.

    With principle, group and level, which ``Rating``'s display properties read; with
    actions (one more query), each rating's improvement actions in due-date order.
    """
    ratings = ratings.select_related("principle__group", "level", "target_level").order_by(
        "assessment_id", shown_order()
    )
    if with_actions:
        ratings = ratings.prefetch_related(
            Prefetch("actions", queryset=ImprovementAction.objects.order_by("due_date", "pk"))
        )
    return ratings


def ratings_for(
    assessments: Iterable[Assessment], *, with_actions: bool = False
) -> dict[int, list[Rating]]:
    """Each assessment's ratings for display, by assessment id: one query (two with actions)."""
    by_pk = {a.pk: a for a in assessments}
    by_assessment: dict[int, list[Rating]] = {pk: [] for pk in by_pk}
    if not by_pk:
        return by_assessment
    ratings = display_ratings(
        Rating.objects.filter(assessment_id__in=by_pk), with_actions=with_actions
    )
    for rating in ratings:
        # The assessment is already in memory: reuse it, as a related manager would.
        rating.assessment = by_pk[rating.assessment_id]
        by_assessment[rating.assessment_id].append(rating)
    return by_assessment


def scale_input(values: Iterable[int]) -> scoring.ScaleInput:
    """A scale from its level values, in any order."""
    ordered = tuple(sorted(values))
    return scoring.ScaleInput(lowest=ordered[0], highest=ordered[-1], values=ordered)


def _levels(scale_ids: set[int]) -> dict[int, dict[int, str]]:
    """Each scale's current levels, value to label, in one query (none for no scales)."""
    levels: dict[int, dict[int, str]] = defaultdict(dict)
    if scale_ids:
        for scale_id, value, label in RatingLevel.objects.filter(
            scale_id__in=scale_ids
        ).values_list("scale_id", "value", "label"):
            levels[scale_id][value] = label
    return levels


def scale_values(assessment: Assessment) -> list[int]:
    """The values of the assessment's scale as they are now, lowest first."""
    return list(assessment.rating_scale.levels.order_by("value").values_list("value", flat=True))


def scales_for(assessments: Iterable[Assessment]) -> dict[int, scoring.ScaleInput]:
    """Each assessment's scale, by assessment id: the values frozen when it started.

    An assessment with none frozen (made before scales were frozen at the start) uses its
    scale's current levels, read in one query for all of them.
    """
    assessments = list(assessments)
    levels = _levels({a.rating_scale_id for a in assessments if not a.frozen_scale_values})
    return {
        a.pk: scale_input(a.frozen_scale_values or levels[a.rating_scale_id]) for a in assessments
    }


def bands_for(
    assessments: Iterable[Assessment], scales: dict[int, scoring.ScaleInput]
) -> dict[int, Bands]:
    """The words each assessment's scores are read in, by assessment id.

    The bands frozen at submission; for the others, the current labels of the levels of
    their scale (``scales``), read in one query for all of them. A level since removed from
    the scale keeps a plain name, "Level 4", so the bands still cover every score.
    """
    assessments = list(assessments)
    levels = _levels({a.rating_scale_id for a in assessments if not a.frozen_bands})
    found = {}
    for a in assessments:
        if a.frozen_bands:
            found[a.pk] = tuple((bound, label) for bound, label in a.frozen_bands)
            continue
        labels = levels[a.rating_scale_id]
        found[a.pk] = bands_from_levels(
            [(value, labels.get(value, f"Level {value}")) for value in scales[a.pk].values]
        )
    return found


def previous_signed_off(
    assessments: Iterable[Assessment], *, among: Iterable[Assessment] | None = None
) -> dict[int, Assessment | None]:
    """For each assessment, the latest earlier signed-off one of its service against its set;
    for a signed-off assessment, the latest that was signed off before it was, so that
    signing off an earlier year afterwards never changes what its reports compare with.

    Read in one query, or none when the caller passes ``among``: assessments it has
    already read that include every earlier one of those services against those sets.
    """
    assessments = list(assessments)
    if among is None:
        among = (
            Assessment.objects.filter(
                service_id__in={a.service_id for a in assessments},
                principle_set_id__in={a.principle_set_id for a in assessments},
                state=AssessmentState.SIGNED_OFF,
            )
            if assessments
            else []
        )
    signed: dict[tuple[int, int], list[Assessment]] = defaultdict(list)
    for candidate in among:
        if candidate.is_signed_off:
            signed[candidate.service_id, candidate.principle_set_id].append(candidate)
    found = {}
    for assessment in assessments:
        earlier = [
            a
            for a in signed[assessment.service_id, assessment.principle_set_id]
            if a.period < assessment.period and _signed_off_before(a, assessment)
        ]
        found[assessment.pk] = max(earlier, key=lambda a: a.period) if earlier else None
    return found


def _signed_off_before(earlier, assessment) -> bool:
    """Whether ``earlier`` was signed off when ``assessment`` was, if it was: always for an
    assessment not signed off, or either time unknown (made without the services)."""
    if not assessment.is_signed_off or not (assessment.signed_off_at and earlier.signed_off_at):
        return True
    return earlier.signed_off_at < assessment.signed_off_at


def principle_inputs(ratings: Iterable[Rating]) -> list[scoring.PrincipleInput]:
    return [
        scoring.PrincipleInput(
            code=r.code,
            group=r.group_title,
            weight=r.weight,
            level=None if r.not_applicable else r.level_value,
            not_applicable=r.not_applicable,
            carried_forward=r.carried_forward,
        )
        for r in ratings
    ]


def counts_as_rated(rating: Rating) -> bool:
    """Whether a rating's level counts, as ``scoring`` counts it: not for not applicable,
    not rated, or carried forward and not yet confirmed."""
    return not (rating.not_applicable or rating.carried_forward) and rating.level_value is not None


def normalised_by_code(ratings: Iterable[Rating], scale: scoring.ScaleInput) -> dict[str, float]:
    """Each rated principle's score, 0 to 100, by code; the rest left out."""
    return {r.code: scoring.normalise(r.level_value, scale) for r in ratings if counts_as_rated(r)}


def score_assessments(
    assessments: Iterable[Assessment],
    *,
    with_actions: bool = False,
    among: Iterable[Assessment] | None = None,
) -> dict[int, Scored]:
    """Score each assessment, compared with its previous signed-off one, by assessment id.

    At most four queries however many assessments: previous assessments (none with
    ``among``, see ``previous_signed_off``), the levels of drafts' scales (for their
    words), ratings, and actions.
    """
    return score_assessments_from(
        assessments,
        among=among,
        read_ratings=lambda everything: ratings_for(everything, with_actions=with_actions),
    )


def like_with_like(
    earlier: Assessment | None, scale: scoring.ScaleInput, scales: dict[int, scoring.ScaleInput]
) -> tuple[Assessment | None, Assessment | None]:
    """The previous signed-off assessment to compare with, and the one not compared: only
    like is compared with like, so one on another scale is kept aside, for pages to say so."""
    if earlier is not None and scales[earlier.pk] != scale:
        return None, earlier
    return earlier, None


def score_assessments_from(
    assessments: Iterable[Assessment],
    *,
    among: Iterable[Assessment] | None,
    read_ratings: Callable[[list[Assessment]], dict[int, list]],
) -> dict[int, Scored]:
    """``score_assessments`` with the ratings read by ``read_ratings`` (each assessment's,
    by id): model instances for a report, plain values for a page of a hundred services."""
    assessments = list(assessments)
    previous = previous_signed_off(assessments, among=among)
    everything = {a.pk: a for a in [*assessments, *filter(None, previous.values())]}
    scales = scales_for(everything.values())
    bands = bands_for(assessments, scales)
    ratings = read_ratings(list(everything.values()))
    scored = {}
    for assessment in assessments:
        scale = scales[assessment.pk]
        earlier, other_scale = like_with_like(previous[assessment.pk], scale, scales)
        earlier_ratings = tuple(ratings[earlier.pk]) if earlier else ()
        scored[assessment.pk] = Scored(
            assessment=assessment,
            ratings=ratings[assessment.pk],
            scale=scale,
            bands=bands[assessment.pk],
            score=scoring.score_assessment(
                principle_inputs(ratings[assessment.pk]),
                scale,
                previous=principle_inputs(earlier_ratings) if earlier else None,
                bands=bands[assessment.pk],
            ),
            previous=earlier,
            previous_ratings=earlier_ratings,
            not_compared=other_scale,
        )
    return scored


def headlines_for(assessments: Iterable[Assessment]) -> dict[int, tuple[float | None, str | None]]:
    """Each assessment's overall weighted score and its words, by assessment id, as
    ``score_assessments`` gives them, for pages that list many assessments.

    One query for every rating (plain values, no model instances) and one for the levels
    of drafts' scales, whatever the number of assessments or principles.
    """
    assessments = list(assessments)
    if not assessments:
        return {}
    scales = scales_for(assessments)
    bands = bands_for(assessments, scales)
    inputs: dict[int, list[scoring.PrincipleInput]] = {a.pk: [] for a in assessments}
    rows = (
        Rating.objects.filter(assessment_id__in=inputs)
        .order_by("assessment_id", shown_order())
        .values_list(
            "assessment_id",
            "frozen_code",
            "principle__code",
            "frozen_level_value",
            "level__value",
            "weight",
            "not_applicable",
            "carried_forward",
        )
    )
    for pk, frozen_code, code, frozen_level, level, weight, na, carried in rows:
        # As ``Rating.code`` and ``Rating.level_value`` read them: frozen once submitted.
        inputs[pk].append(
            scoring.PrincipleInput(
                code=frozen_code or code,
                group="",  # sections do not change the overall score
                weight=weight,
                level=None if na else (frozen_level if frozen_code else level),
                not_applicable=na,
                carried_forward=carried,
            )
        )
    return {pk: scoring.headline(inputs[pk], scales[pk], bands[pk]) for pk in inputs}
