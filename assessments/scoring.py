"""Scoring for ONE self-assessment: plain values in, frozen dataclasses out.

Deliberately free of Django so the rules can be tested exhaustively and reused
by views, exports and reports alike. ``None`` always means "not scored".

Each call scores a single assessment's principle set. Never merge principles
from different assessments (or frameworks) into one call: codes are only
unique within an assessment and the weights only make sense together.
``previous`` is used purely for per-principle and overall change.

The rules, which the README's "Reports" section states in plain words:

- A rated principle scores its level's place on the scale, from 0% (the lowest level)
  to 100% (the highest).
- A weighted score is the weighted average of the rated principles' scores. Principles
  not applicable, not yet rated, or carried forward from the last assessment and not
  yet confirmed by a person, are left out of it.
- Coverage is the share of the weight of the principles that apply (everything not
  marked not applicable) that is rated. A score with coverage under 100% is provisional.
- The band is in the scale's own words: the level nearest the score as readers see it,
  a whole percentage (``bands_from_levels``, ``band_for``).
- The lowest-scoring principles are the rated principles with the lowest scores below
  100%, whatever their weight, with every tie (``lowest``).

Scores are never rounded here, except where a word or a difference must follow the
figure a reader sees: bands, ties and changes use ``bands.half_up``, the one rounding
that every page, PDF and spreadsheet shows.
"""

from __future__ import annotations

import functools
import itertools
import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .bands import band_for, half_up, validate_bands

MAX_WEIGHT = 10
LOWEST_COUNT = 3  # lowest-scoring principles listed, before ties


@dataclass(frozen=True)
class PrincipleInput:
    """One principle's weight and rating.

    The level of a not-applicable principle is ignored. A carried-forward answer (copied
    from the last assessment and not yet confirmed) counts as not yet rated.
    """

    code: str
    group: str
    weight: int
    level: int | None
    not_applicable: bool = False
    carried_forward: bool = False


@dataclass(frozen=True)
class ScaleInput:
    """The rating scale: ``values`` lists every level in order, lowest to highest."""

    lowest: int
    highest: int
    values: tuple[int, ...]


@dataclass(frozen=True)
class PrincipleScore:
    """One principle's result; normalised and change are None unless it counts as rated.

    ``not_applicable`` is True only for a confirmed "not applicable", not a carried-forward one.
    """

    code: str
    group: str
    weight: int
    level: int | None
    not_applicable: bool
    normalised: float | None
    change: float | None
    carried_forward: bool = False
    previous_normalised: float | None = None

    @property
    def shown_change(self) -> int | None:
        """The change in whole points between the two figures readers see."""
        return _shown_difference(self.normalised, self.previous_normalised)


class _Answered:
    """What a group's score and the headline score both say about how much is answered."""

    weighted_score: float | None
    coverage: float | None
    rated_count: int
    not_applicable_count: int

    @property
    def answered_count(self) -> int:
        """Principles rated or confirmed not applicable."""
        return self.rated_count + self.not_applicable_count

    @property
    def provisional(self) -> bool:
        """True when the score leaves out part of the weight of the principles that apply."""
        return self.weighted_score is not None and self.coverage is not None and self.coverage < 1


@dataclass(frozen=True)
class GroupScore(_Answered):
    """Weighted score and coverage of one group (section) of principles."""

    group: str
    weighted_score: float | None
    coverage: float | None
    rated_count: int
    total_count: int
    not_applicable_count: int = 0
    band: str | None = None


@dataclass(frozen=True)
class AssessmentScore(_Answered):
    """Headline results for one assessment; groups and principles keep input order."""

    weighted_score: float | None
    band: str | None
    coverage: float | None
    rated_count: int
    not_applicable_count: int
    unrated_count: int  # not yet rated, carried-forward answers included
    total_count: int
    unweighted_mean_level: float | None
    distribution: tuple[tuple[int, int], ...]
    groups: tuple[GroupScore, ...]
    principles: tuple[PrincipleScore, ...]
    lowest_scoring: tuple[PrincipleScore, ...]
    change: float | None
    previous_weighted_score: float | None = None
    carried_forward_count: int = 0

    @property
    def shown_change(self) -> int | None:
        """The change in whole points between the two headline figures readers see."""
        return _shown_difference(self.weighted_score, self.previous_weighted_score)


def _shown_difference(now: float | None, before: float | None) -> int | None:
    # "60%, was 55%" must read as up 5 points, whatever the unrounded figures were.
    if now is None or before is None:
        return None
    return half_up(now) - half_up(before)


# A board pack normalises every rating against the same few scales: checking each scale
# once, not once per rating (36,000 times for 100 services of 120 principles, about 20 ms).
# Only a valid scale is remembered (a refusal raises, and exceptions are not cached).
@functools.lru_cache(maxsize=64)
def _validate_scale(scale: ScaleInput) -> None:
    if scale.highest <= scale.lowest:
        raise ValueError("Scale highest level must be above its lowest level.")
    values = tuple(scale.values)
    if not values or values[0] != scale.lowest or values[-1] != scale.highest:
        raise ValueError("Scale values must run from the lowest to the highest level.")
    if any(a >= b for a, b in itertools.pairwise(values)):
        raise ValueError("Scale values must be strictly increasing.")


def _validate_principles(principles: Sequence[PrincipleInput], scale: ScaleInput) -> None:
    seen: set[str] = set()
    for p in principles:
        if p.code in seen:
            raise ValueError(f"Duplicate principle code {p.code!r}.")
        seen.add(p.code)
        # bool is an int subclass; True as a weight is almost certainly a bug.
        if not isinstance(p.weight, int) or isinstance(p.weight, bool):
            raise ValueError(f"Weight for {p.code!r} must be an integer.")
        if not 0 <= p.weight <= MAX_WEIGHT:
            raise ValueError(f"Weight for {p.code!r} must be within 0..{MAX_WEIGHT}.")
        if p.not_applicable or p.level is None:
            continue
        if isinstance(p.level, bool) or p.level not in scale.values:
            raise ValueError(f"Level {p.level!r} for {p.code!r} is not on the scale.")


def _rated_level(p: PrincipleInput) -> int | None:
    """The level that counts towards scores: None for unrated, not applicable and carried
    forward alike."""
    return None if p.not_applicable or p.carried_forward else p.level


def _applies(p: PrincipleInput) -> bool:
    """Everything applies except a confirmed "not applicable"; a carried-forward one is
    not confirmed yet."""
    return not p.not_applicable or p.carried_forward


def normalise(level: int, scale: ScaleInput) -> float:
    """Return the level as a percentage of the way from the scale's lowest to highest."""
    _validate_scale(scale)
    if level not in scale.values:
        raise ValueError(f"Level {level!r} is not on the scale.")
    # Multiply before dividing so the ends come out as exactly 0.0 and 100.0.
    return 100 * (level - scale.lowest) / (scale.highest - scale.lowest)


def lowest[T](
    items: Sequence[T], score: Callable[[T], float], count: int = LOWEST_COUNT
) -> list[T]:
    """The items with the lowest scores below 100%, lowest first; ties keep input order.

    At least ``count`` items when there are that many, and every item whose score, as
    readers see it (a whole percentage), equals the last one's: ties are never dropped.
    """
    if count < 0:
        raise ValueError("count cannot be negative.")
    below = sorted((item for item in items if half_up(score(item)) < 100), key=score)
    if len(below) <= count:
        return below
    if count == 0:
        return []
    cut = half_up(score(below[count - 1]))
    return [item for item in below if half_up(score(item)) <= cut]


def _weighted(principles: Sequence[PrincipleInput], scale: ScaleInput) -> float | None:
    """sum(weight * normalised) / sum(weight) over rated principles; None if that weight is 0."""
    rated = [(p.weight, lvl) for p in principles if (lvl := _rated_level(p)) is not None]
    total = sum(weight for weight, _ in rated)
    if total == 0:
        return None
    # fsum rounds once at the end, so principle order cannot change the result.
    return math.fsum(weight * normalise(lvl, scale) for weight, lvl in rated) / total


def _coverage(principles: Sequence[PrincipleInput]) -> float | None:
    """Rated weight over the weight of the principles that apply; None when that is 0."""
    total = sum(p.weight for p in principles if _applies(p))
    if total == 0:
        return None
    return sum(p.weight for p in principles if _rated_level(p) is not None) / total


def headline(
    principles: Sequence[PrincipleInput],
    scale: ScaleInput,
    bands: Sequence[tuple[float, str]],
) -> tuple[float | None, str | None]:
    """Just the overall weighted score and its band, exactly as ``score_assessment`` gives
    them, without scoring each principle and section: for pages listing many assessments."""
    _validate_scale(scale)
    validate_bands(bands)
    _validate_principles(principles, scale)
    overall = _weighted(principles, scale)
    return overall, band_for(overall, bands)


def score_assessment(
    principles: Sequence[PrincipleInput],
    scale: ScaleInput,
    *,
    previous: Sequence[PrincipleInput] | None = None,
    bands: Sequence[tuple[float, str]] | None = None,
    lowest_count: int = LOWEST_COUNT,
) -> AssessmentScore:
    """Score one assessment (optionally against the same service's previous one, same scale).

    Without ``bands`` no band is named (``band`` is None throughout).
    """
    _validate_scale(scale)
    if bands is not None:
        validate_bands(bands)
    _validate_principles(principles, scale)
    if previous is not None:
        _validate_principles(previous, scale)
    if lowest_count < 0:
        raise ValueError("lowest_count cannot be negative.")

    def band(score: float | None) -> str | None:
        return band_for(score, bands) if bands is not None else None

    previous_normalised = {
        p.code: normalise(lvl, scale)
        for p in previous or ()
        if (lvl := _rated_level(p)) is not None
    }

    scored: list[PrincipleScore] = []
    for p in principles:
        level = _rated_level(p)
        value = normalise(level, scale) if level is not None else None
        before = previous_normalised.get(p.code)
        scored.append(
            PrincipleScore(
                code=p.code,
                group=p.group,
                weight=p.weight,
                # Not applicable, unrated and carried forward have no level, whatever was passed.
                level=level,
                not_applicable=p.not_applicable and not p.carried_forward,
                normalised=value,
                change=value - before if value is not None and before is not None else None,
                carried_forward=p.carried_forward,
                previous_normalised=before,
            )
        )

    groups: list[GroupScore] = []
    for group in dict.fromkeys(p.group for p in principles):  # first-seen order
        members = [p for p in principles if p.group == group]
        group_score = _weighted(members, scale)
        groups.append(
            GroupScore(
                group=group,
                weighted_score=group_score,
                coverage=_coverage(members),
                rated_count=sum(1 for p in members if _rated_level(p) is not None),
                total_count=len(members),
                not_applicable_count=sum(1 for p in members if not _applies(p)),
                band=band(group_score),
            )
        )

    rated_levels = [lvl for p in principles if (lvl := _rated_level(p)) is not None]
    na_count = sum(1 for p in principles if not _applies(p))
    overall = _weighted(principles, scale)
    previous_overall = _weighted(previous, scale) if previous is not None else None
    return AssessmentScore(
        weighted_score=overall,
        band=band(overall),
        coverage=_coverage(principles),
        rated_count=len(rated_levels),
        not_applicable_count=na_count,
        unrated_count=len(principles) - len(rated_levels) - na_count,
        total_count=len(principles),
        unweighted_mean_level=statistics.fmean(rated_levels) if rated_levels else None,
        distribution=tuple((v, rated_levels.count(v)) for v in scale.values),
        groups=tuple(groups),
        principles=tuple(scored),
        lowest_scoring=tuple(
            lowest(
                [s for s in scored if s.normalised is not None],
                lambda s: s.normalised,
                lowest_count,
            )
        ),
        change=(
            overall - previous_overall
            if overall is not None and previous_overall is not None
            else None
        ),
        previous_weighted_score=previous_overall,
        carried_forward_count=sum(1 for p in principles if p.carried_forward),
    )
