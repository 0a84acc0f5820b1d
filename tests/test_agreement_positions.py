"""Team agreement and the divergence note count levels as steps along the scale, whatever
values an admin gave them (10, 20, 30, 40, 50 or 1, 2, 5, 10), and give the median back in
the scale's own values and words."""

from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments.agreement import agreement, position, value_at
from assessments.errors import RefusedError
from consensus.forms import AgreedRatingForm
from consensus.report import TeamRow
from consensus.rules import needs_divergence_note
from consensus.spread import TeamRating, spread, spreads_for
from principles.models import Principle, RatingLevel
from tests import builders
from tests import team_builders as team
from tests.factories import PrincipleSetFactory, RatingScaleFactory

ONE_TO_FIVE = [1, 2, 3, 4, 5]
TENS = [10, 20, 30, 40, 50]
UNEVEN = [1, 2, 5, 10]
WORDS = ["Not evident", "Limited", "Growing", "Strengthening", "Embedded"]


def tens(positions: list[int]) -> list[int]:
    return [TENS[p - 1] for p in positions]


# The rule, without a database ---------------------------------------------------------------


def test_the_same_ratings_read_the_same_on_a_scale_numbered_in_tens():
    """The reviewer's ratings at positions 1, 2, 2, 2, 3 and 3 are agreed on both scales."""
    positions = [1, 2, 2, 2, 3, 3]
    on_tens = agreement(tens(positions), TENS)
    on_ones = agreement(positions, ONE_TO_FIVE)
    assert on_ones.agreed and on_tens.agreed
    assert on_tens.outside == on_ones.outside == 0
    assert on_tens.window == on_ones.window == (1, 3)


def test_levels_two_steps_apart_fit_one_window_on_any_scale():
    """10, 30 and 30 lie within three neighbouring levels of a 10 to 50 scale: agreed."""
    assert agreement([10, 30, 30], TENS).agreed
    assert agreement([10, 50, 50], TENS).split


def test_the_median_and_range_are_in_the_scales_values():
    """The median is a level's value, or halfway between two neighbouring levels' values."""
    result = agreement([20, 30], TENS)
    assert (result.median, result.median_position, result.median_on_a_level) == (25, 2.5, False)
    assert (result.lowest, result.highest) == (20, 30)
    result = agreement([10, 30], TENS)
    assert (result.median, result.median_on_a_level) == (20, True)


def test_an_uneven_scale_counts_its_levels_not_its_numbers():
    """On 1, 2, 5, 10 the median of 1 and 5 is the level between them, 2, not 3."""
    result = agreement([1, 5], UNEVEN)
    assert (result.median, result.median_on_a_level) == (2, True)
    assert agreement([1, 2, 5, 5, 10, 10], UNEVEN).agreed


def test_a_level_the_scale_lacks_is_a_step_of_its_own():
    """A value missing from the scale (changed some other way) does not break the rule."""
    result = agreement([20, 35, 35], TENS)
    assert result.count == 3 and result.median == 35 and result.agreed


def test_the_divergence_note_counts_levels_on_the_scale():
    """On a 10 to 50 scale 30 is one level from a median of 20; 40 is two."""
    assert not needs_divergence_note(30, 20, scale=TENS)
    assert needs_divergence_note(40, 20, scale=TENS)
    assert not needs_divergence_note(30, 25, scale=TENS)  # half a level
    assert needs_divergence_note(40, 25, scale=TENS)  # a level and a half
    assert not needs_divergence_note(10, 5, scale=UNEVEN)  # neighbours, five apart
    assert not needs_divergence_note(None, 20, scale=TENS)
    assert not needs_divergence_note(30, None, scale=TENS)


scales = st.lists(
    st.integers(min_value=0, max_value=1000), min_size=2, max_size=7, unique=True
).map(sorted)


@st.composite
def ratings_on_a_scale(draw):
    """A scale's values and positions on it (1 for its lowest level) of up to 30 ratings."""
    scale = draw(scales)
    positions = draw(st.lists(st.integers(1, len(scale)), max_size=30))
    return scale, positions


@given(ratings_on_a_scale())
def test_any_scale_agrees_as_its_positions_do(case):
    """Whatever the values, the verdict is the one its positions on a 1, 2, 3... scale give,
    and the median is the value at the positions' median."""
    scale, positions = case
    values = [scale[p - 1] for p in positions]
    by_value = agreement(values, scale)
    by_position = agreement(positions, range(1, len(scale) + 1))
    assert (by_value.count, by_value.outside, by_value.split, by_value.window) == (
        by_position.count,
        by_position.outside,
        by_position.split,
        by_position.window,
    )
    assert by_value.median_position == by_position.median
    if positions:
        assert by_value.median == value_at(by_position.median, scale)
        assert (by_value.lowest, by_value.highest) == (min(values), max(values))


@given(ratings_on_a_scale(), st.data())
def test_the_note_rule_reads_the_median_as_the_rule_gives_it(case, data):
    """The median the pages pass on (a value) is the same number of levels from an agreed
    level as the median of the positions is."""
    scale, positions = case
    if not positions:
        return
    agreed = data.draw(st.integers(1, len(scale)))
    median = agreement([scale[p - 1] for p in positions], scale).median
    assert position(median, scale) == agreement(positions).median
    assert needs_divergence_note(scale[agreed - 1], median, scale=scale) == needs_divergence_note(
        agreed, agreement(positions).median
    )


# The words people read, without a database -------------------------------------------------


def tens_spread(values: list[int]):
    """A principle's spread on a 10 to 50 scale, built as the pages build it."""
    ratings = [TeamRating("Someone", value, f"{value}", "Why") for value in values]
    return spread(1, ratings, list(zip(TENS, WORDS, strict=True)))


def test_a_median_on_a_scale_in_tens_names_its_levels():
    """Between two levels the median is halfway between their values, naming both; on a
    level it is that level."""
    assert tens_spread([20, 30]).median_text == "25 (between 20 – Limited and 30 – Growing)"
    assert tens_spread([20, 20, 30]).median_text == "20 – Limited"
    assert tens_spread([10, 30, 30]).summary == (
        "3 ratings: median 30 – Growing, range 10 – Not evident to 30 – Growing, agreed"
    )


def test_the_report_says_a_rating_one_level_away_is_not_far_from_the_median():
    """An agreed 30 beside a median of 20 is one level away; 40 is more than one."""
    found = tens_spread([20, 20, 20])
    near = TeamRow(rating=_agreed(30), spread=found)
    far = TeamRow(rating=_agreed(40), spread=found)
    assert not near.far_from_median and far.far_from_median


def _agreed(value: int) -> SimpleNamespace:
    """An agreed rating at ``value`` as the reports read it, unsaved."""
    return SimpleNamespace(
        level_value=value, level_label="", not_applicable=False, carried_forward=False
    )


def test_the_agreed_rating_form_counts_levels_on_the_scale():
    """On a 10 to 50 scale with median 20, 30 needs no note and 40 does."""
    levels = [
        RatingLevel(pk=value, value=value, label=word, descriptor="")
        for value, word in zip(TENS, WORDS, strict=True)
    ]

    def errors(answer):
        data = {"answer": answer, "evidence": "E", "divergence_note": "", "version": 1}
        form = AgreedRatingForm(data, levels=levels, median=20)
        form.is_valid()
        return [error.code for error in form.errors.as_data().get("divergence_note", [])]

    assert errors("30") == []
    assert errors("40") == ["required"]


# Through the services, with a database ------------------------------------------------------


@pytest.fixture
def on_tens(service, people, raters):
    """A team draft on a 10 to 50 scale in agreement: its first principle rated 10, 30 and
    30, its second 20, 20 and 20."""
    principle_set = PrincipleSetFactory(principles=2, rating_scale=RatingScaleFactory(levels=TENS))
    draft = team.start_team(user=people["lead"], service=service, principle_set=principle_set)
    team.add_raters(user=people["lead"], assessment=draft, raters=raters)
    first, second = principle_set.principles.order_by("order").values_list("code", flat=True)
    for user, values in zip(raters, [(10, 20), (30, 20), (30, 20)], strict=True):
        for code, value in zip((first, second), values, strict=True):
            team.rate_individually(user=user, assessment=draft, code=code, value=value)
    draft = team.open_agreement(user=people["lead"], assessment=draft, although_unfinished=True)
    return draft, first, second


@pytest.mark.django_db
def test_a_team_on_a_scale_in_tens_agrees_as_on_one_to_five(on_tens):
    """10, 30 and 30 read "Agreed", as 1, 3 and 3 do on the default scale."""
    draft, first, _ = on_tens
    spreads = spreads_for([builders.reload(assessment=draft)])[draft.pk]
    found = spreads[Principle.objects.get(code=first).pk]
    assert found.verdict == "Agreed"
    assert found.median_text == "30 – Level 30"


@pytest.mark.django_db
def test_the_service_asks_for_a_note_only_more_than_one_level_away(on_tens, people):
    """With every rating at 20, agreeing 30 needs no note; 40 needs one."""
    draft, _, second = on_tens
    team.agree(user=people["lead"], assessment=draft, code=second, value=30)
    assert builders.rating_for(assessment=draft, code=second).level.value == 30
    with pytest.raises(RefusedError) as refused:
        team.agree(user=people["lead"], assessment=draft, code=second, value=40)
    assert refused.value.code == "divergence_note_required"
