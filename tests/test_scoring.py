"""Tests for assessments.scoring: hand-worked examples and the inputs it refuses.

Pure Python only: no database, no Django models. Hypothesis properties are in
test_scoring_properties.py."""

import ast
import dataclasses
from pathlib import Path

import pytest

from assessments import scoring
from assessments.bands import band_for
from assessments.scoring import PrincipleInput, ScaleInput, normalise, score_assessment
from tests.scoring_inputs import BANDS, SCALE, not_applicable, rated, unrated

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
