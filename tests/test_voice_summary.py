"""We say / people say: the pure counting rules (no database)."""

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from voice.summary import (
    AGREEING,
    DOES_NOT_APPLY,
    MIN_ANSWERS,
    ON_SCALE,
    SUPPRESSED_TEXT,
    Tally,
    TeamRating,
    compare,
    is_strong,
    people_say,
    percent,
    respondents,
    small_count,
)

ANSWERS = (*ON_SCALE, DOES_NOT_APPLY)
counts_strategy = st.dictionaries(st.sampled_from(ANSWERS), st.integers(0, 500))


def _team(level_value, principle_id=1):
    answer = "Not applicable" if level_value is None else f"{level_value} – Level"
    return TeamRating(
        principle_id=principle_id,
        code=f"NV-{principle_id:02d}",
        short_title="Person-centred",
        level_value=level_value,
        answer=answer,
    )


def _tally(counts, principle_id=1):
    return Tally(by_principle={principle_id: counts}, statements={principle_id: "I am heard"})


def test_share_counts_agree_and_strongly_agree_among_answers_on_the_scale():
    """10 answers on the scale, 7 agreeing; "does not apply" is left out of the share."""
    said = people_say({"strongly-agree": 3, "agree": 4, "disagree": 3, DOES_NOT_APPLY: 6})
    assert (said.answered, said.agreeing, said.does_not_apply) == (10, 7, 6)
    assert said.share == Fraction(7, 10)
    assert said.share_text == "70% agree"
    assert said.answered_text == "10"


def test_fewer_than_five_answers_show_no_figures():
    """Four answers: no share, no count, and "fewer than 5 answers" instead."""
    said = people_say({"agree": 3, "disagree": 1, DOES_NOT_APPLY: 9})
    assert said.suppressed
    assert said.share is None and said.percent is None
    assert said.share_text == SUPPRESSED_TEXT == "fewer than 5 answers"
    assert said.answered_text == "fewer than 5 answers"


def test_five_answers_are_shown():
    """The threshold is 5: five answers are enough to show."""
    assert not people_say({"agree": 5}).suppressed
    assert people_say({"agree": 5}).share_text == "100% agree"


def test_percentages_round_halves_up():
    """1 of 8 is 12.5%, shown as 13%; 2 of 3 is 67%."""
    assert percent(Fraction(1, 8)) == 13
    assert percent(Fraction(2, 3)) == 67
    assert percent(Fraction(0)) == 0


def test_strong_means_three_quarters_of_the_way_up_the_scale():
    """On 1 to 5, Strengthening (4) and Embedded (5); on 1 to 6, 5 and 6; on 0 to 4, 3 and 4."""
    assert [v for v in range(1, 6) if is_strong(v, lowest=1, highest=5)] == [4, 5]
    assert [v for v in range(1, 7) if is_strong(v, lowest=1, highest=6)] == [5, 6]
    assert [v for v in range(0, 5) if is_strong(v, lowest=0, highest=4)] == [3, 4]
    assert not is_strong(None, lowest=1, highest=5)


def test_flag_when_the_team_rates_strengthening_but_fewer_than_half_agree():
    """Team 4, 2 of 6 agree: flagged. Team 3, or half agreeing, or too few answers: not."""
    few_agree = {"agree": 2, "disagree": 4}
    assert compare([_team(4)], _tally(few_agree), lowest=1, highest=5)[0].flagged
    assert not compare([_team(3)], _tally(few_agree), lowest=1, highest=5)[0].flagged
    half = {"agree": 3, "neither": 3}
    assert not compare([_team(5)], _tally(half), lowest=1, highest=5)[0].flagged
    too_few = {"disagree": 4}
    assert not compare([_team(5)], _tally(too_few), lowest=1, highest=5)[0].flagged
    assert not compare([_team(None)], _tally(few_agree), lowest=1, highest=5)[0].flagged


def test_a_principle_without_a_statement_has_no_people_say():
    """No statement: nothing to show, never flagged."""
    row = compare([_team(5)], Tally(), lowest=1, highest=5)[0]
    assert row.people is None and not row.flagged
    assert row.people_text == "No statement for people"


def test_rows_keep_the_team_order():
    """Comparisons come back in the order of the team's ratings."""
    team = [_team(3, principle_id=2), _team(4, principle_id=1)]
    rows = compare(team, Tally(statements={1: "a", 2: "b"}), lowest=1, highest=5)
    assert [row.team.principle_id for row in rows] == [2, 1]


def test_tally_survives_being_stored_as_json():
    """Frozen figures read back exactly as they were counted (JSON keys become strings)."""
    tally = Tally(
        by_principle={7: {"agree": 5, DOES_NOT_APPLY: 1}, 9: {"disagree": 2}},
        statements={7: "I am heard", 9: "I feel safe"},
        respondents={"person": 4, "carer": 2},
        assisted=1,
    )
    assert Tally.from_json(tally.to_json()) == tally
    assert tally.responses == 6


def test_counts_of_who_answered_hide_small_numbers():
    """Fewer than 5 carers is shown as such, as for statements."""
    tally = Tally(respondents={"person": 12, "carer": 3, "other": 2}, assisted=2)
    who = respondents(tally, {"person": "Uses the service", "carer": "Carer", "other": "Other"})
    assert who.total_text == "17"
    assert who.by_kind == [
        ("Uses the service", "12"),
        ("Carer", "fewer than 5"),
        ("Other", "fewer than 5"),
    ]
    assert who.assisted_text == "fewer than 5"
    assert small_count(5) == "5"


def test_one_hidden_group_cannot_be_worked_out_from_the_total():
    """42 answered: 26 use the service, 13 carers, 3 others. Shown 42, 26 and 13, the 3
    would be plain; so the carers are not shown either, leaving only 16 between them."""
    tally = Tally(respondents={"person": 26, "carer": 13, "other": 3})
    who = respondents(tally, {"person": "Uses the service", "carer": "Carer", "other": "Other"})
    assert who.total_text == "42"
    assert who.by_kind == [
        ("Uses the service", "26"),
        ("Carer", "not shown, so that a smaller group cannot be worked out"),
        ("Other", "fewer than 5"),
    ]


@given(counts_strategy)
def test_small_numbers_never_show_a_figure(counts):
    """Whatever the answers, a statement under the threshold shows no digits at all."""
    said = people_say(counts)
    if said.answered < MIN_ANSWERS:
        assert said.share_text == said.answered_text == SUPPRESSED_TEXT
    else:
        assert 0 <= said.percent <= 100
        assert said.share_text == f"{said.percent}% agree"


@given(counts_strategy, st.integers(1, 5))
def test_a_flag_always_has_its_reasons(counts, level):
    """Flagged means: enough answers, fewer than half agree as shown (the share is under
    49.5%, so it rounds to 49% or less), and a strong team rating."""
    row = compare([_team(level)], _tally(counts), lowest=1, highest=5)[0]
    agreeing = sum(counts.get(a, 0) for a in AGREEING)
    answered = sum(counts.get(a, 0) for a in ON_SCALE)
    expected = answered >= MIN_ANSWERS and 200 * agreeing < 99 * answered and level >= 4
    assert row.flagged == expected


@given(st.dictionaries(st.sampled_from(["person", "carer", "other"]), st.integers(0, 60)))
def test_no_group_of_one_to_four_can_be_worked_out_by_subtraction(counts):
    """With the total shown, a hidden group of 1 to 4 never stands alone among those hidden."""
    labels = {"person": "Uses the service", "carer": "Carer", "other": "Other"}
    who = respondents(Tally(respondents=counts), labels)
    hidden = [n for n, (_, text) in enumerate(who.by_kind) if not text.isdigit()]
    small = [n for n, key in enumerate(labels) if 0 < counts.get(key, 0) < 5]
    if who.total_text.isdigit() and small:
        assert len(hidden) >= 2
