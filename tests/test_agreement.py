"""The team agreement rule: pure, tested without a database."""

import math
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from assessments.agreement import agreement
from consensus.report import export_cells
from consensus.spread import Spread

levels = st.lists(st.integers(min_value=1, max_value=5), max_size=40)


def test_the_published_example_of_twelve_raters_is_agreed():
    """Eleven ratings within 2 to 4 around a median of 3 and one outside: agreed."""
    result = agreement([3, 3, 3, 3, 3, 3, 3, 3, 2, 4, 4, 1])
    assert result.median == 3
    assert result.window == (2, 4)
    assert result.outside == 1
    assert (result.lowest, result.highest) == (1, 4)
    assert result.agreed and not result.split


def test_ratings_spread_over_the_whole_scale_are_split():
    """One rating at each of five levels: two of five lie outside any window, so split."""
    result = agreement([1, 2, 3, 4, 5])
    assert result.median == 3
    assert result.outside == 2
    assert result.split


def test_four_of_twelve_outside_is_split_and_three_is_not():
    """With 12 raters the threshold is four, as in the study."""
    assert agreement([1, 1, 1, 1, 3, 3, 3, 3, 5, 5, 5, 5]).outside == 4
    assert agreement([1, 1, 1, 1, 3, 3, 3, 3, 5, 5, 5, 5]).split
    assert agreement([1, 1, 1, 3, 3, 3, 3, 3, 3, 5, 5, 5]).outside == 3
    assert not agreement([1, 1, 1, 3, 3, 3, 3, 3, 3, 5, 5, 5]).split


def test_the_window_holding_most_ratings_is_chosen():
    """Of the windows containing the median, the fullest counts: here 3 to 5, not 1 to 3."""
    result = agreement([1, 3, 4, 4, 5, 5])
    assert result.median == 4
    assert result.window == (3, 5)
    assert result.outside == 1


def test_an_even_team_can_have_a_median_between_levels():
    """A median of 2.5 is reported as such; the window still contains it."""
    result = agreement([2, 2, 3, 3])
    assert result.median == 2.5
    assert result.window[0] <= 2.5 <= result.window[1]
    assert result.outside == 0


def test_nobody_rated_is_neither_agreed_nor_split():
    """No ratings: no median, no range, and not split."""
    result = agreement([])
    assert (result.count, result.median, result.lowest, result.window) == (0, None, None, None)
    assert not result.split and not result.agreed


def test_one_or_two_raters_always_agree_within_three_levels():
    """Two ratings two levels apart still fit in one window."""
    assert agreement([4]).agreed
    assert agreement([1, 3]).agreed
    assert agreement([1, 5]).split


@given(levels, st.randoms())
def test_order_does_not_matter(values, random):
    """Shuffling the ratings changes nothing."""
    shuffled = list(values)
    random.shuffle(shuffled)
    assert agreement(shuffled) == agreement(values)


@given(levels)
def test_adding_a_rating_at_the_median_never_turns_agreed_into_split(values):
    """A rating at a whole-number median joins every candidate window."""
    result = agreement(values)
    if result.count == 0 or result.median != int(result.median) or result.split:
        return
    assert not agreement([*values, int(result.median)]).split


@given(levels)
def test_split_follows_the_third_of_ratings_threshold(values):
    """Split exactly when at least a third (rounded up) lie outside the window."""
    result = agreement(values)
    assert result.split == (result.count > 0 and result.outside >= math.ceil(result.count / 3))
    if result.count:
        low, high = result.window
        assert high - low == 2 and low <= result.median <= high
        assert result.outside == sum(not low <= v <= high for v in values)


def _spread(levels: list[int], not_applicable: int = 0) -> Spread:
    return Spread(
        principle_id=1,
        agreement=agreement(levels),
        counts=(),
        not_applicable=not_applicable,
        ratings=(),
    )


def test_one_rating_is_not_called_agreed():
    """One person's level has nothing to agree with: the verdict and sentence say so."""
    one = _spread([3], not_applicable=4)
    assert one.verdict == "Only one rating"
    assert one.summary == "1 rating, 4 not applicable: 3, nothing to compare it with"
    assert _spread([3, 3]).verdict == "Agreed"


def test_a_whole_median_is_written_as_a_whole_number_in_spreadsheets():
    """Two ratings of 2 have median 2, written "2" as the page writes it, not "2.0"."""
    team = SimpleNamespace(spread_for=lambda principle_id: _spread([2, 2]))
    assessment = SimpleNamespace(is_team_scored=True)
    rating = SimpleNamespace(principle_id=1, divergence_note="")
    assert export_cells(assessment, team, rating)[3] == 2
    assert str(export_cells(assessment, team, rating)[3]) == "2"
    team = SimpleNamespace(spread_for=lambda principle_id: _spread([2, 3]))
    assert export_cells(assessment, team, rating)[3] == 2.5
