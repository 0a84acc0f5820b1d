"""Hypothesis properties of assessments.scoring: bounds, the naive formula, weights, not
applicable, monotonic scores and bands, and lowest-scoring ties.

Pure Python only: no database, no Django models."""

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments.bands import band_for
from assessments.scoring import PrincipleInput, ScaleInput, normalise, score_assessment
from tests.scoring_inputs import BANDS, WORDS


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
