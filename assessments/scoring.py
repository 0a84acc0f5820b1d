"""Scoring for ONE self-assessment: plain values in, frozen dataclasses out.

Deliberately free of Django so the rules can be tested exhaustively and reused
by views, exports and reports alike. ``None`` always means "not scored".

Each call scores a single assessment's principle set. Never merge principles
from different assessments (or frameworks) into one call: codes are only
unique within an assessment and the weights only make sense together.
``previous`` is used purely for per-principle and overall change.

Nothing is rounded here; round only when presenting, so results stay stable.
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

MAX_WEIGHT = 10

DEFAULT_BANDS: tuple[tuple[float, str], ...] = (
    (0, "Not evident"),
    (20, "Emerging"),
    (40, "Developing"),
    (60, "Established"),
    (80, "Embedded"),
)


@dataclass(frozen=True)
class PrincipleInput:
    """One principle's weight and rating; a not-applicable principle's level is ignored."""

    code: str
    group: str
    weight: int
    level: int | None
    not_applicable: bool = False


@dataclass(frozen=True)
class ScaleInput:
    """The rating scale: ``values`` lists every level in order, lowest to highest."""

    lowest: int
    highest: int
    values: tuple[int, ...]


@dataclass(frozen=True)
class PrincipleScore:
    """One principle's result; normalised, shortfall and change are None unless rated."""

    code: str
    group: str
    weight: int
    level: int | None
    not_applicable: bool
    normalised: float | None
    weighted_shortfall: float | None
    change: float | None


@dataclass(frozen=True)
class GroupScore:
    """Weighted score and coverage of one group (section) of principles."""

    group: str
    weighted_score: float | None
    coverage: float | None
    rated_count: int
    total_count: int
    not_applicable_count: int = 0
    band: str | None = None


@dataclass(frozen=True)
class AssessmentScore:
    """Headline results for one assessment; groups and principles keep input order."""

    weighted_score: float | None
    band: str | None
    coverage: float | None
    rated_count: int
    not_applicable_count: int
    unrated_count: int
    total_count: int
    unweighted_mean_level: float | None
    distribution: tuple[tuple[int, int], ...]
    groups: tuple[GroupScore, ...]
    principles: tuple[PrincipleScore, ...]
    priorities: tuple[PrincipleScore, ...]
    change: float | None
    previous_weighted_score: float | None = None


def _validate_scale(scale: ScaleInput) -> None:
    if scale.highest <= scale.lowest:
        raise ValueError("Scale highest level must be above its lowest level.")
    values = tuple(scale.values)
    if not values or values[0] != scale.lowest or values[-1] != scale.highest:
        raise ValueError("Scale values must run from the lowest to the highest level.")
    if any(a >= b for a, b in itertools.pairwise(values)):
        raise ValueError("Scale values must be strictly increasing.")


def _validate_bands(bands: Sequence[tuple[float, str]]) -> None:
    bounds = [bound for bound, _ in bands]
    if not bounds:
        raise ValueError("At least one band is required.")
    # Every score 0..100 must land in a band, so the first band has to start at 0.
    if bounds[0] != 0:
        raise ValueError("The first band must start at 0.")
    if any(a >= b for a, b in itertools.pairwise(bounds)):
        raise ValueError("Band lower bounds must be strictly increasing (no duplicates).")
    if bounds[-1] > 100:
        raise ValueError("Band lower bounds must be within 0..100.")


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
    """The level that counts towards scores: None for unrated and not-applicable alike."""
    return None if p.not_applicable else p.level


def normalise(level: int, scale: ScaleInput) -> float:
    """Return the level as a percentage of the way from the scale's lowest to highest."""
    _validate_scale(scale)
    if level not in scale.values:
        raise ValueError(f"Level {level!r} is not on the scale.")
    # Multiply before dividing so the ends come out as exactly 0.0 and 100.0.
    return 100 * (level - scale.lowest) / (scale.highest - scale.lowest)


def band_for(score: float | None, bands: Sequence[tuple[float, str]] = DEFAULT_BANDS) -> str | None:
    """Return the label of the band with the highest lower bound not above ``score``."""
    _validate_bands(bands)
    if score is None:
        return None
    if score < 0:
        raise ValueError("Scores cannot be negative.")
    label = bands[0][1]
    for bound, name in bands:
        if bound <= score:
            label = name
    return label


def _weighted(principles: Sequence[PrincipleInput], scale: ScaleInput) -> float | None:
    """sum(weight * normalised) / sum(weight) over rated principles; None if that weight is 0."""
    rated = [(p.weight, lvl) for p in principles if (lvl := _rated_level(p)) is not None]
    total = sum(weight for weight, _ in rated)
    if total == 0:
        return None
    # fsum rounds once at the end, so principle order cannot change the result.
    return math.fsum(weight * normalise(lvl, scale) for weight, lvl in rated) / total


def _coverage(principles: Sequence[PrincipleInput]) -> float | None:
    total = sum(p.weight for p in principles)
    if total == 0:
        return None
    return sum(p.weight for p in principles if _rated_level(p) is not None) / total


def score_assessment(
    principles: Sequence[PrincipleInput],
    scale: ScaleInput,
    *,
    previous: Sequence[PrincipleInput] | None = None,
    bands: Sequence[tuple[float, str]] = DEFAULT_BANDS,
    priority_count: int = 3,
) -> AssessmentScore:
    """Score one assessment (optionally against the same service's previous one, same scale)."""
    _validate_scale(scale)
    _validate_bands(bands)
    _validate_principles(principles, scale)
    if previous is not None:
        _validate_principles(previous, scale)
    if priority_count < 0:
        raise ValueError("priority_count cannot be negative.")

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
                # A not-applicable principle has no level, whatever the caller passed.
                level=level,
                not_applicable=p.not_applicable,
                normalised=value,
                weighted_shortfall=p.weight * (100 - value) if value is not None else None,
                change=value - before if value is not None and before is not None else None,
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
                not_applicable_count=sum(1 for p in members if p.not_applicable),
                band=band_for(group_score, bands),
            )
        )

    rated_levels = [lvl for p in principles if (lvl := _rated_level(p)) is not None]
    na_count = sum(1 for p in principles if p.not_applicable)
    # Stable sort on the original order breaks shortfall ties by principle order.
    priorities = sorted(
        (s for s in scored if s.weighted_shortfall is not None and s.weighted_shortfall > 0),
        key=lambda s: -(s.weighted_shortfall or 0.0),
    )[:priority_count]

    overall = _weighted(principles, scale)
    previous_overall = _weighted(previous, scale) if previous is not None else None
    return AssessmentScore(
        weighted_score=overall,
        band=band_for(overall, bands),
        coverage=_coverage(principles),
        rated_count=len(rated_levels),
        not_applicable_count=na_count,
        unrated_count=len(principles) - len(rated_levels) - na_count,
        total_count=len(principles),
        unweighted_mean_level=statistics.fmean(rated_levels) if rated_levels else None,
        distribution=tuple((v, rated_levels.count(v)) for v in scale.values),
        groups=tuple(groups),
        principles=tuple(scored),
        priorities=tuple(priorities),
        change=(
            overall - previous_overall
            if overall is not None and previous_overall is not None
            else None
        ),
        previous_weighted_score=previous_overall,
    )


# Team agreement ---------------------------------------------------------------------------
#
# The rule a published SCIROCCO consensus (Delphi) study applied to 12 raters: a principle
# is "split" when at least four ratings lie outside a three-level region containing the
# median. Generalised to any team size: split when at least a third of the ratings
# (rounded up) lie outside the best three-level window that contains the median, the
# best window being the one that holds the most ratings.

AGREEMENT_WINDOW = 3  # levels


@dataclass(frozen=True)
class Agreement:
    """How far a team's individual ratings of one principle agree; None when nobody rated."""

    count: int
    median: float | None
    lowest: int | None
    highest: int | None
    window: tuple[int, int] | None  # the best window's lowest and highest level
    outside: int  # ratings outside that window
    split: bool

    @property
    def agreed(self) -> bool:
        return self.count > 0 and not self.split


def agreement(levels: Sequence[int]) -> Agreement:
    """Count, median, range and split/agreed for individual levels (not applicable excluded)."""
    if not levels:
        return Agreement(0, None, None, None, None, 0, False)
    median = statistics.median(levels)
    span = AGREEMENT_WINDOW - 1
    # Windows [low, low + span] on whole levels that contain the median.
    candidates = range(math.ceil(median - span), math.floor(median) + 1)
    inside, low = max(
        (sum(low <= level <= low + span for level in levels), -low) for low in candidates
    )
    low = -low  # ties go to the lowest window, so the result is deterministic
    outside = len(levels) - inside
    return Agreement(
        count=len(levels),
        median=median,
        lowest=min(levels),
        highest=max(levels),
        window=(low, low + span),
        outside=outside,
        split=outside >= math.ceil(len(levels) / 3),
    )
