"""Tests for assessments.scoring: hand-worked examples plus Hypothesis properties.

Pure Python only: no database, no Django models.
"""

import ast
import dataclasses
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments import scoring
from assessments.bands import band_for, bands_from_levels
from assessments.scoring import (
    PrincipleInput,
    ScaleInput,
    normalise,
    score_assessment,
)

SCALE = ScaleInput(lowest=1, highest=5, values=(1, 2, 3, 4, 5))
# The shipped scale's words, as bands: 0-12%, 13-37%, 38-62%, 63-87%, 88-100%.
WORDS = ("Not evident", "Limited", "Growing", "Strengthening", "Embedded")
BANDS = bands_from_levels(tuple(zip(SCALE.values, WORDS, strict=True)))


def rated(code, weight, level, group="G1"):
    return PrincipleInput(code=code, group=group, weight=weight, level=level)


def not_applicable(code, weight, group="G1"):
    return PrincipleInput(code=code, group=group, weight=weight, level=None, not_applicable=True)


def unrated(code, weight, group="G1"):
    return PrincipleInput(code=code, group=group, weight=weight, level=None)


# Four principles on a 1-5 scale, worked by hand:
#   A: weight 3, level 4 -> normalised 75,  weighted 225
#   B: weight 1, level 2 -> normalised 25,  weighted  25
#   C: weight 2, level 5 -> normalised 100, weighted 200
#   D: weight 4, level 1 -> normalised 0,   weighted   0
# Overall: (225 + 25 + 200 + 0) / (3 + 1 + 2 + 4) = 450 / 10 = 45.0
# G1 (A, B): 250 / 4 = 62.5; G2 (C, D): 200 / 6 = 33.33...
FOUR = (
    rated("A", 3, 4, "G1"),
    rated("B", 1, 2, "G1"),
    rated("C", 2, 5, "G2"),
    rated("D", 4, 1, "G2"),
)


# --- Hand-worked examples -------------------------------------------------------------


def test_module_does_not_import_django():
    """The scoring module stays pure Python with no Django imports."""
    tree = ast.parse(Path(scoring.__file__).read_text())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")
    assert not any(name.split(".")[0] == "django" for name in imported)


def test_results_are_frozen():
    """Returned scores are immutable dataclasses."""
    result = score_assessment(FOUR, SCALE)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.weighted_score = 0  # type: ignore[misc]


def test_normalise_endpoints_and_midpoint():
    """Normalised scores run from exactly 0 at the lowest level to 100 at the highest."""
    assert normalise(1, SCALE) == 0.0
    assert normalise(3, SCALE) == 50.0
    assert normalise(5, SCALE) == 100.0


def test_normalise_on_scale_not_starting_at_one():
    """Normalising uses the scale's own lowest and highest levels."""
    scale = ScaleInput(lowest=0, highest=3, values=(0, 1, 2, 3))
    assert normalise(2, scale) == pytest.approx(200 / 3)


def test_weighted_score_four_principles():
    """The overall weighted score matches the hand-worked 450 / 10 = 45."""
    result = score_assessment(FOUR, SCALE, bands=BANDS)
    assert result.weighted_score == pytest.approx(45.0)
    assert result.band == "Growing"
    assert [p.normalised for p in result.principles] == [75.0, 25.0, 100.0, 0.0]


def test_group_scores_in_first_seen_order():
    """Group scores are weighted within each group and reported in first-seen order."""
    result = score_assessment(FOUR, SCALE, bands=BANDS)
    assert [g.group for g in result.groups] == ["G1", "G2"]
    g1, g2 = result.groups
    assert g1.weighted_score == pytest.approx(62.5)
    assert g1.band == "Strengthening"  # shown as 63%
    assert g2.weighted_score == pytest.approx(200 / 6)
    assert g2.band == "Limited"
    assert (g1.rated_count, g1.total_count, g1.coverage) == (2, 2, 1.0)


def test_groups_interleaved_keep_first_seen_order():
    """A group seen first stays first even when its principles are interleaved."""
    principles = (rated("A", 1, 1, "Z"), rated("B", 1, 5, "A"), rated("C", 1, 5, "Z"))
    result = score_assessment(principles, SCALE)
    assert [g.group for g in result.groups] == ["Z", "A"]
    assert result.groups[0].weighted_score == pytest.approx(50.0)
    assert result.groups[1].weighted_score == pytest.approx(100.0)


def test_coverage_and_counts_with_not_applicable_and_unrated():
    """Coverage is rated weight over the weight of the principles that apply: unrated
    principles count in the denominator, not-applicable ones do not."""
    principles = (
        rated("A", 2, 3),  # rated: 2 of the 7 weight that applies
        not_applicable("B", 3),
        unrated("C", 5),
    )
    result = score_assessment(principles, SCALE)
    assert result.coverage == pytest.approx(2 / 7)
    assert (result.rated_count, result.not_applicable_count, result.unrated_count) == (1, 1, 1)
    assert result.total_count == 3
    # Only A counts towards the score: 2 * 50 / 2 = 50.
    assert result.weighted_score == pytest.approx(50.0)
    assert result.groups[0].not_applicable_count == 1
    assert result.groups[0].coverage == pytest.approx(2 / 7)


def test_not_applicable_level_is_ignored():
    """A not-applicable principle is excluded even if a level was passed with it."""
    principles = (
        rated("A", 1, 5),
        PrincipleInput(code="B", group="G1", weight=5, level=1, not_applicable=True),
    )
    result = score_assessment(principles, SCALE)
    assert result.weighted_score == pytest.approx(100.0)
    assert result.principles[1].level is None
    assert result.principles[1].normalised is None


def test_distribution_and_mean_level():
    """Distribution counts every scale level in order, including zeros; mean is unweighted."""
    principles = (*FOUR, rated("E", 1, 4), not_applicable("F", 2), unrated("G", 2))
    result = score_assessment(principles, SCALE)
    assert result.distribution == ((1, 1), (2, 1), (3, 0), (4, 2), (5, 1))
    # (4 + 2 + 5 + 1 + 4) / 5 = 3.2
    assert result.unweighted_mean_level == pytest.approx(3.2)
    assert result.not_applicable_count == 1


def test_lowest_scoring_by_score_whatever_the_weight():
    """The lowest-scoring principles are sorted by score, lowest first, below the top only."""
    result = score_assessment(FOUR, SCALE)
    # D (0%), B (25%), A (75%); C is at the top of the scale.
    assert [p.code for p in result.lowest_scoring] == ["D", "B", "A"]
    assert [p.code for p in score_assessment(FOUR, SCALE, lowest_count=2).lowest_scoring] == [
        "D",
        "B",
    ]
    assert score_assessment(FOUR, SCALE, lowest_count=0).lowest_scoring == ()


def test_lowest_scoring_leaves_out_unrated_and_not_applicable():
    """Unrated and N/A principles never appear among the lowest-scoring."""
    principles = (unrated("B", 5), not_applicable("C", 5), rated("D", 1, 5))
    assert score_assessment(principles, SCALE).lowest_scoring == ()


def test_change_against_previous_assessment():
    """Change is per principle by code and overall, None when either side is unscored."""
    previous = (
        rated("A", 3, 3, "G1"),  # 50 -> now 75: +25
        not_applicable("B", 1, "G1"),  # N/A before -> None
        rated("D", 4, 2, "G2"),  # 25 -> now 0: -25
        rated("X", 5, 5, "G2"),  # no longer present: ignored per principle
    )
    result = score_assessment(FOUR, SCALE, previous=previous)
    changes = {p.code: p.change for p in result.principles}
    assert changes == {"A": 25.0, "B": None, "C": None, "D": -25.0}
    # Previous overall: (3 * 50 + 4 * 25 + 5 * 100) / (3 + 4 + 5) = 750 / 12 = 62.5
    assert result.previous_weighted_score == pytest.approx(62.5)
    assert result.change == pytest.approx(45.0 - 62.5)


def test_change_is_none_without_previous_or_unscored_previous():
    """Overall change is None with no previous, or when the previous had nothing rated."""
    assert score_assessment(FOUR, SCALE).change is None
    assert all(p.change is None for p in score_assessment(FOUR, SCALE).principles)
    previous = (unrated("A", 3), not_applicable("D", 4))
    result = score_assessment(FOUR, SCALE, previous=previous)
    assert result.change is None
    assert result.previous_weighted_score is None


@pytest.mark.parametrize(
    ("score", "label"),
    [
        (0, "Not evident"),
        (12.49, "Not evident"),  # shown as 12%
        (12.5, "Limited"),  # shown as 13%
        (37.4, "Limited"),
        (37.5, "Growing"),
        (50, "Growing"),
        (62.49, "Growing"),
        (62.5, "Strengthening"),
        (87.49, "Strengthening"),
        (87.5, "Embedded"),
        (100, "Embedded"),
        (None, None),
    ],
)
def test_band_boundaries(score, label):
    """Each score falls in the band of the level nearest the whole percentage shown."""
    assert band_for(score, BANDS) == label


def test_bands_from_the_shipped_scale():
    """The 1 to 5 scale's words cover 0-12%, 13-37%, 38-62%, 63-87% and 88-100%."""
    assert BANDS == (
        (0, "Not evident"),
        (13, "Limited"),
        (38, "Growing"),
        (63, "Strengthening"),
        (88, "Embedded"),
    )


def test_custom_bands_are_used():
    """Bands passed to score_assessment label the overall and group scores."""
    bands = ((0, "Low"), (50, "High"))
    result = score_assessment(FOUR, SCALE, bands=bands)
    assert result.band == "Low"
    assert [g.band for g in result.groups] == ["High", "Low"]


def test_nothing_rated_gives_none():
    """With nothing rated the scores, band and mean are None but counts still add up."""
    principles = (unrated("A", 3), not_applicable("B", 2))
    result = score_assessment(principles, SCALE)
    assert result.weighted_score is None
    assert result.band is None
    assert result.unweighted_mean_level is None
    assert result.coverage == 0.0
    assert result.distribution == ((1, 0), (2, 0), (3, 0), (4, 0), (5, 0))
    assert result.groups[0].weighted_score is None
    assert result.lowest_scoring == ()


def test_only_zero_weight_rated_gives_none():
    """If every rated principle has weight 0 there is no weighted score."""
    principles = (rated("A", 0, 5), unrated("B", 4))
    result = score_assessment(principles, SCALE)
    assert result.weighted_score is None
    assert result.coverage == 0.0
    assert result.unweighted_mean_level == 5.0


def test_empty_assessment():
    """An empty principle list scores as None throughout rather than failing."""
    result = score_assessment((), SCALE)
    assert result.weighted_score is None
    assert result.coverage is None
    assert result.total_count == 0
    assert result.groups == ()


@pytest.mark.parametrize(
    "principles",
    [
        (rated("A", -1, 3),),
        (rated("A", 11, 3),),
        (rated("A", True, 3),),
        (rated("A", 1, 6),),
        (rated("A", 1, 0),),
        (rated("A", 1, 3), rated("A", 2, 4)),
    ],
    ids=["negative-weight", "weight-over-10", "bool-weight", "level-high", "level-low", "dup"],
)
def test_invalid_principles_raise(principles):
    """Bad weights, off-scale levels and duplicate codes raise ValueError."""
    with pytest.raises(ValueError):
        score_assessment(principles, SCALE)


def test_invalid_previous_raises():
    """The previous assessment is validated too."""
    with pytest.raises(ValueError):
        score_assessment(FOUR, SCALE, previous=(rated("A", 1, 9),))


@pytest.mark.parametrize(
    "scale",
    [
        ScaleInput(lowest=5, highest=5, values=(5,)),
        ScaleInput(lowest=5, highest=1, values=(5, 4, 3, 2, 1)),
        ScaleInput(lowest=1, highest=5, values=(1, 3, 2, 5)),
        ScaleInput(lowest=1, highest=5, values=(1, 2, 3)),
        ScaleInput(lowest=1, highest=5, values=()),
    ],
    ids=["equal", "reversed", "unsorted-values", "values-short", "no-values"],
)
def test_invalid_scale_raises(scale):
    """A scale whose highest is not above its lowest, or with bad values, raises."""
    with pytest.raises(ValueError):
        score_assessment(FOUR, scale)
    with pytest.raises(ValueError):
        normalise(1, scale)


@pytest.mark.parametrize(
    "bands",
    [
        (),
        ((10, "A"), (50, "B")),
        ((0, "A"), (60, "B"), (40, "C")),
        ((0, "A"), (40, "B"), (40, "C")),
        ((0, "A"), (140, "B")),
    ],
    ids=["empty", "not-from-zero", "unsorted", "duplicate", "over-100"],
)
def test_invalid_bands_raise(bands):
    """Empty, non-zero-start, unsorted or duplicate bands raise ValueError."""
    with pytest.raises(ValueError):
        band_for(50, bands)
    with pytest.raises(ValueError):
        score_assessment(FOUR, SCALE, bands=bands)


def test_other_invalid_arguments_raise():
    """A negative priority count, negative score or off-scale normalise raise ValueError."""
    with pytest.raises(ValueError):
        score_assessment(FOUR, SCALE, lowest_count=-1)
    with pytest.raises(ValueError):
        band_for(-0.1, BANDS)
    with pytest.raises(ValueError):
        normalise(6, SCALE)


# --- Hypothesis properties ------------------------------------------------------------


@st.composite
def scales(draw):
    lowest = draw(st.integers(min_value=-2, max_value=2))
    highest = lowest + draw(st.integers(min_value=1, max_value=6))
    return ScaleInput(lowest=lowest, highest=highest, values=tuple(range(lowest, highest + 1)))


@st.composite
def assessments(draw, max_weight=10, min_size=1):
    """A scale plus principles each rated, N/A or unrated, with distinct codes."""
    scale = draw(scales())
    size = draw(st.integers(min_value=min_size, max_value=12))
    principles = []
    for i in range(size):
        state = draw(st.sampled_from(["rated", "rated", "na", "unrated"]))
        weight = draw(st.integers(min_value=0, max_value=max_weight))
        group = draw(st.sampled_from(["G1", "G2", "G3"]))
        level = draw(st.sampled_from(scale.values)) if state == "rated" else None
        principles.append(
            PrincipleInput(
                code=f"P-{i:02d}",
                group=group,
                weight=weight,
                level=level,
                not_applicable=state == "na",
            )
        )
    return scale, principles


def _weighted_by_hand(principles, scale):
    rated_ps = [p for p in principles if p.level is not None and not p.not_applicable]
    total = sum(p.weight for p in rated_ps)
    if total == 0:
        return None
    return sum(p.weight * normalise(p.level, scale) for p in rated_ps) / total


@given(assessments())
def test_property_scores_within_bounds(data):
    """Overall and group scores lie in 0..100 and coverage in 0..1."""
    scale, principles = data
    result = score_assessment(principles, scale)
    scores = [result.weighted_score, *(g.weighted_score for g in result.groups)]
    for score in scores:
        assert score is None or 0 <= score <= 100
    coverages = [result.coverage, *(g.coverage for g in result.groups)]
    for coverage in coverages:
        assert coverage is None or 0 <= coverage <= 1
    assert (
        result.rated_count + result.not_applicable_count + result.unrated_count
        == result.total_count
    )


@given(assessments())
def test_property_matches_naive_formula(data):
    """The weighted score equals a naive Σ w·n / Σ w over rated principles."""
    scale, principles = data
    expected = _weighted_by_hand(principles, scale)
    actual = score_assessment(principles, scale).weighted_score
    if expected is None:
        assert actual is None
    else:
        assert actual == pytest.approx(expected)


@given(assessments(max_weight=5), st.integers(min_value=1, max_value=2))
def test_property_scaling_weights_leaves_scores_unchanged(data, factor):
    """Multiplying every weight by a positive factor leaves scores and coverage unchanged."""
    scale, principles = data
    scaled = [dataclasses.replace(p, weight=p.weight * factor) for p in principles]
    before = score_assessment(principles, scale)
    after = score_assessment(scaled, scale)
    assert after.weighted_score == pytest.approx(before.weighted_score)
    assert after.coverage == pytest.approx(before.coverage)
    for g_before, g_after in zip(before.groups, after.groups, strict=True):
        assert g_after.weighted_score == pytest.approx(g_before.weighted_score)
        assert g_after.coverage == pytest.approx(g_before.coverage)


@given(assessments(), st.data())
def test_property_not_applicable_equals_removal(data, draw):
    """Marking one principle N/A leaves others' normalised scores alone and equals removing it."""
    scale, principles = data
    index = draw.draw(st.integers(min_value=0, max_value=len(principles) - 1))
    marked = list(principles)
    marked[index] = dataclasses.replace(principles[index], level=None, not_applicable=True)
    removed = principles[:index] + principles[index + 1 :]

    before = score_assessment(principles, scale)
    as_na = score_assessment(marked, scale)
    without = score_assessment(removed, scale)

    others_before = [p.normalised for i, p in enumerate(before.principles) if i != index]
    others_na = [p.normalised for i, p in enumerate(as_na.principles) if i != index]
    assert others_na == others_before
    assert as_na.principles[index].normalised is None
    if without.weighted_score is None:
        assert as_na.weighted_score is None
    else:
        assert as_na.weighted_score == pytest.approx(without.weighted_score)


@given(assessments(), st.data())
def test_property_raising_a_rating_never_lowers_score(data, draw):
    """Raising any one rated principle's level never lowers the weighted score."""
    scale, principles = data
    rated_indexes = [
        i for i, p in enumerate(principles) if p.level is not None and p.level < scale.highest
    ]
    if not rated_indexes:
        return
    index = draw.draw(st.sampled_from(rated_indexes))
    old = principles[index].level
    new = draw.draw(st.sampled_from([v for v in scale.values if v > old]))
    raised = list(principles)
    raised[index] = dataclasses.replace(principles[index], level=new)

    before = score_assessment(principles, scale).weighted_score
    after = score_assessment(raised, scale).weighted_score
    if before is None:
        assert after is None
    else:
        assert after >= before - 1e-9
        if principles[index].weight > 0:
            assert after > before


@given(assessments(), st.data())
def test_property_zero_weight_principle_has_no_effect(data, draw):
    """Adding a zero-weight rated principle leaves the weighted score and coverage unchanged."""
    scale, principles = data
    level = draw.draw(st.sampled_from(scale.values))
    extra = PrincipleInput(code="ZERO", group="G1", weight=0, level=level)
    without = score_assessment(principles, scale)
    with_zero = score_assessment([*principles, extra], scale)
    if without.weighted_score is None:
        assert with_zero.weighted_score is None
    else:
        assert with_zero.weighted_score == pytest.approx(without.weighted_score)
    if without.coverage is None:
        assert with_zero.coverage is None
    else:
        assert with_zero.coverage == pytest.approx(without.coverage)


@given(assessments(), st.integers(min_value=0, max_value=5))
def test_property_lowest_scoring_sorted_with_every_tie(data, count):
    """The lowest-scoring are rated, below 100%, sorted ascending; there are at least
    ``count`` when that many are below the top, and no left-out principle scores as low as
    the last one listed."""
    scale, principles = data
    result = score_assessment(principles, scale, lowest_count=count)
    listed = result.lowest_scoring
    scores = [p.normalised for p in listed]
    assert all(s is not None and s < 100 for s in scores)
    assert scores == sorted(scores)
    below_top = [p for p in result.principles if p.normalised is not None and p.normalised < 100]
    assert len(listed) >= min(count, len(below_top))
    if listed:
        left_out = [p for p in below_top if p not in listed]
        assert all(p.normalised > scores[-1] for p in left_out)


@given(st.floats(min_value=0, max_value=100), st.floats(min_value=0, max_value=100))
def test_property_bands_are_monotonic(a, b):
    """A higher score never falls in a lower band."""
    low, high = sorted((a, b))
    assert WORDS.index(band_for(low, BANDS)) <= WORDS.index(band_for(high, BANDS))
