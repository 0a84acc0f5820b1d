"""The rules behind every figure a board reads, one test per rule (issue 10, items 6 to 11).

Pure Python: each test scores plain values as the read model passes them.
"""

import ast
from pathlib import Path

import pytest

from assessments import bands, scoring
from assessments.scoring import PrincipleInput, ScaleInput

SCALE = ScaleInput(lowest=1, highest=5, values=(1, 2, 3, 4, 5))
LEVELS = ((1, "Not evident"), (2, "Limited"), (3, "Growing"), (4, "Strengthening"), (5, "Embedded"))


def words():
    return bands.bands_from_levels(LEVELS)


def nv(n, level, weight=1, **extra):
    return PrincipleInput(code=f"NV-{n:02d}", group="G", weight=weight, level=level, **extra)


def test_bands_module_is_pure_python():
    """The bands, like the scores, are worked out without Django."""
    tree = ast.parse(Path(bands.__file__).read_text())
    modules = {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)} | {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert not any(name.split(".")[0] == "django" for name in modules)


def test_the_band_follows_the_figure_the_reader_sees():
    """Item 6: 59.615% is shown as 60%, so its band is the one the legend gives for 60%."""
    principles = [nv(1, 5, weight=2), nv(2, 4), *(nv(n, 3) for n in range(3, 13))]
    result = scoring.score_assessment(principles, SCALE, bands=words())
    assert result.weighted_score == pytest.approx(59.615, abs=0.001)
    shown = bands.half_up(result.weighted_score)
    assert shown == 60
    _, label = max((b for b in words() if b[0] <= shown), key=lambda b: b[0])
    assert result.band == label
    # The same rule at every boundary: the band of x.5 is the band of x + 1.
    for bound, label in words()[1:]:
        assert bands.band_for(bound - 0.5, words()) == label
        assert bands.band_for(bound - 0.51, words()) != label


def test_one_vocabulary_a_service_rated_growing_throughout_reads_growing():
    """Item 7: the headline is in the scale's own words; all at a level reads as that level."""
    for value, label in LEVELS:
        result = scoring.score_assessment(
            [nv(n, value) for n in range(1, 13)], SCALE, bands=words()
        )
        assert result.band == label
        assert all(g.band == label for g in result.groups)
    assert {label for _, label in words()} == {label for _, label in LEVELS}


def test_bands_are_the_nearest_level_on_any_scale():
    """On a 0 to 3 scale (0, 33, 67, 100%) each level's band holds the figures nearest it."""
    four = bands.bands_from_levels([(3, "High"), (0, "None"), (1, "Low"), (2, "Mid")])
    assert four == ((0, "None"), (17, "Low"), (50, "Mid"), (84, "High"))
    assert bands.band_for(16.6, four) == "Low"  # shown as 17%
    assert bands.band_for(16.4, four) == "None"
    # Halfway between two levels goes up, as rounding does.
    assert bands.band_for(50, four) == "Mid"
    with pytest.raises(ValueError):
        bands.bands_from_levels([(1, "Only")])


def test_carried_forward_answers_count_as_not_rated():
    """Item 8: answers copied from last time and not confirmed are neither scored nor covered."""
    carried = [nv(n, 3, carried_forward=True) for n in range(1, 13)]
    previous = [nv(n, 3) for n in range(1, 13)]
    result = scoring.score_assessment(carried, SCALE, previous=previous, bands=words())
    assert result.weighted_score is None and result.band is None
    assert result.coverage == 0
    assert result.change is None
    assert (result.rated_count, result.unrated_count, result.carried_forward_count) == (0, 12, 12)
    assert result.lowest_scoring == ()
    assert all(p.normalised is None and p.level is None for p in result.principles)

    # A carried-forward "not applicable" is not confirmed either: it still applies.
    na = nv(1, None, not_applicable=True, carried_forward=True)
    result = scoring.score_assessment([na, nv(2, 5)], SCALE)
    assert (result.not_applicable_count, result.unrated_count) == (0, 1)
    assert result.coverage == pytest.approx(0.5)
    assert not result.principles[0].not_applicable


def test_coverage_is_of_what_applies_and_a_part_score_is_provisional():
    """Item 9: a complete assessment with one principle not applicable is fully covered; a
    score on one principle of twelve is provisional."""
    complete = [nv(1, None, not_applicable=True), *(nv(n, 3) for n in range(2, 13))]
    result = scoring.score_assessment(complete, SCALE, bands=words())
    assert result.coverage == 1
    assert (result.answered_count, result.total_count, result.not_applicable_count) == (12, 12, 1)
    assert not result.provisional

    one = [nv(1, 4), *(nv(n, None) for n in range(2, 13))]
    result = scoring.score_assessment(one, SCALE, bands=words())
    assert result.coverage == pytest.approx(1 / 12)
    assert result.provisional and result.groups[0].provisional
    assert result.band == "Strengthening"

    # Unrated principles of weight 0 do not make a score provisional: they count for nothing.
    zero = [nv(1, 4), nv(2, None, weight=0)]
    assert not scoring.score_assessment(zero, SCALE).provisional


def test_lowest_scoring_is_by_score_with_every_tie():
    """Item 10: SC-06 at 50% comes after the principles at 25%, whatever the weights, and
    a fourth principle tied at 25% is shown rather than dropped."""
    principles = [
        PrincipleInput(code="SC-06", group="G", weight=10, level=3),  # 50%, heavily weighted
        nv(7, 2),
        nv(8, 2),
        nv(9, 2),
        nv(10, 2),  # the tie that was dropped
        nv(11, 5),
    ]
    result = scoring.score_assessment(principles, SCALE)
    assert [p.code for p in result.lowest_scoring] == ["NV-07", "NV-08", "NV-09", "NV-10"]


def test_lowest_scoring_ties_are_judged_on_the_figures_shown():
    """Two means both shown as 63% are a tie, even if they differ after the point."""
    means = {"a": 10.0, "b": 40.0, "c": 62.5, "d": 62.6, "e": 70.0}
    assert scoring.lowest(list(means), means.get) == ["a", "b", "c", "d"]
    assert scoring.lowest(list(means), means.get, count=5) == ["a", "b", "c", "d", "e"]
    assert scoring.lowest(["x"], {"x": 99.6}.get) == []  # shown as 100%, the top


def test_principles_weighted_zero_can_still_be_lowest_scoring():
    """Item 11: principles rated at the bottom of the scale with weight 0 are listed, so the
    report never says nothing was rated below the top."""
    principles = [*(nv(n, 1, weight=0) for n in range(1, 5)), *(nv(n, 5) for n in range(5, 13))]
    result = scoring.score_assessment(principles, SCALE)
    assert [p.code for p in result.lowest_scoring] == ["NV-01", "NV-02", "NV-03", "NV-04"]
    assert result.weighted_score == 100


def test_changes_follow_the_figures_shown():
    """ "81%, was 63%" reads as up 18 points, though the unrounded change rounds to 19."""
    before = [nv(1, 4, weight=2), nv(2, 4), nv(3, 2)]
    result = scoring.score_assessment(
        [nv(1, 5, weight=2), nv(2, 4), nv(3, 3)], SCALE, previous=before
    )
    assert result.weighted_score == pytest.approx(81.25)
    assert result.previous_weighted_score == pytest.approx(62.5)
    assert result.change == pytest.approx(18.75)
    assert result.shown_change == 81 - 63
    assert result.principles[0].shown_change == 25
