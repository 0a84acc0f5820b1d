"""The team's ratings page in the scale's words: the median and the range name their levels
as the agreed rating does, and the rule for "split" is explained in plain words."""

import html
import re
from types import SimpleNamespace

import pytest
from django.urls import reverse

from assessments.agreement import agreement
from consensus.report import TeamRow
from consensus.spread import LevelCount, Spread
from tests.team_data import agreement_phase, three_raters

SCALE = ["Not evident", "Limited", "Growing", "Strengthening", "Embedded"]
NBSP, WORD_JOINER = "\u00a0", "\u2060"


def spread(levels: list[int], labels: list[str] = SCALE) -> Spread:
    """A spread of ``levels`` on a five-level scale with ``labels``."""
    counts = tuple(
        LevelCount(value, label, levels.count(value)) for value, label in enumerate(labels, start=1)
    )
    return Spread(
        principle_id=1, agreement=agreement(levels), counts=counts, not_applicable=0, ratings=()
    )


def plain(text: str) -> str:
    """Table cell text with its non-breaking characters read as ordinary spaces."""
    return text.replace(WORD_JOINER, "").replace(NBSP, " ")


# The words --------------------------------------------------------------------------------


def test_the_median_and_range_name_their_levels():
    """The median and the range give each level's value and label, not bare numbers."""
    found = spread([2, 3, 3, 4])
    assert found.median_text == "3 – Growing"
    assert found.range_text == "2 – Limited to 4 – Strengthening"
    assert found.summary == (
        "4 ratings: median 3 – Growing, range 2 – Limited to 4 – Strengthening, agreed"
    )


def test_a_median_between_two_levels_names_both():
    """A median of 2.5 keeps its number and names the two levels it lies between."""
    found = spread([1, 2, 3, 4])
    assert found.median_text == "2.5 (between 2 – Limited and 3 – Growing)"


def test_a_split_summary_names_its_levels():
    """The split list's sentence gives the median and range in the scale's words."""
    assert spread([1, 1, 3, 4, 5]).summary == (
        "5 ratings: median 3 – Growing, range 1 – Not evident to 5 – Embedded, split"
    )


def test_one_level_for_everyone_or_one_rating_is_said_once():
    """Everyone at one level reads "all" and that level; one rating names its level."""
    assert spread([3, 3, 3]).summary == "3 ratings: all 3 – Growing, agreed"
    assert spread([3]).summary == "1 rating: 3 – Growing, nothing to compare it with"
    assert spread([3, 3]).range_text == "3 – Growing"


def test_a_level_the_scale_does_not_label_here_is_its_number():
    """A level without a label (a submitted scale's level nobody chose) reads as its number."""
    found = spread([1, 5], labels=["Not evident", "", "", "", "Embedded"])
    assert found.median_text == "3"
    assert found.range_text == "1 – Not evident to 5 – Embedded"


def test_table_cells_break_lines_only_between_levels():
    """In a table cell a level's words stay together: a line breaks only around "to"."""
    found = spread([1, 2, 3, 4, 5])
    assert found.range_cell.split(" ") == [
        f"1{NBSP}–{WORD_JOINER}{NBSP}Not{NBSP}evident",
        "to",
        f"5{NBSP}–{WORD_JOINER}{NBSP}Embedded",
    ]
    assert plain(found.range_cell) == found.range_text
    assert plain(found.median_cell) == found.median_text == "3 – Growing"


def answer(**fields) -> SimpleNamespace:
    """A rating's answer as the reports read it (``answer_text``), unsaved."""
    values = {"level_value": None, "level_label": "", "not_applicable": False}
    return SimpleNamespace(**{**values, "carried_forward": False, **fields})


def test_the_agreed_rating_cell_keeps_a_level_on_one_line():
    """The agreed rating's table cell keeps a level on one line as the median's cell does; other
    answers ("Not applicable", "Not agreed yet") are left to wrap at their spaces."""
    row = TeamRow(
        rating=answer(level_value=3, level_label="Strengthening well"), spread=spread([3])
    )
    assert row.agreed_cell == f"3{NBSP}–{WORD_JOINER}{NBSP}Strengthening{NBSP}well"
    assert plain(row.agreed_cell) == row.agreed == "3 – Strengthening well"
    others = (answer(not_applicable=True), answer(), answer(carried_forward=True, level_value=3))
    for rating in others:
        row = TeamRow(rating=rating, spread=spread([3]))
        assert row.agreed_cell == row.agreed and NBSP not in row.agreed_cell


# The page ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_agreement_page_gives_median_and_range_in_the_scales_words(
    client, service, people, partnership
):
    """NV-02 (rated 1, 3 and 5): the median and range name their levels, in its row and in
    the list of split principles."""
    draft = agreement_phase(service, people, three_raters(partnership, people))
    client.force_login(people["contributor"])
    response = client.get(reverse("consensus:agreement", args=[draft.pk]))
    page = plain(html.unescape(response.content.decode()))
    row = re.search(r"<tr>\s*<th scope=\"row\"><a [^>]*>NV-02 .*?</tr>", page, re.DOTALL)
    cells = re.findall(r"<td>([^<]*)</td>", row.group())
    assert cells[:2] == ["3 – Growing", "1 – Not evident to 5 – Embedded"]
    said = "3 ratings: median 3 – Growing, range 1 – Not evident to 5 – Embedded, split"
    assert said in page


@pytest.mark.django_db
def test_the_agreement_page_explains_the_method_in_plain_words(
    client, service, people, partnership
):
    """The rule says what the maturity model is and what counts as split, without jargon,
    with a worked example that the rule itself agrees with."""
    draft = agreement_phase(service, people, three_raters(partnership, people))
    client.force_login(people["contributor"])
    response = client.get(reverse("consensus:agreement", args=[draft.pk]))
    page = " ".join(re.sub(r"<[^>]+>", "", html.unescape(response.content.decode())).split())
    assert "three-point region" not in page
    assert (
        "The team is split on a principle when at least a third of its ratings (rounded up: "
        "2 of 5, 4 of 12) fall outside the group of three neighbouring levels, such as 2, 3 "
        "and 4, that includes the median and holds the most ratings." in page
    )
    assert "if 5 people rate a principle 1, 1, 3, 4 and 5, the median is 3." in page
    # The worked example and the "4 of 12" are what the rule decides.
    worked = agreement([1, 1, 3, 4, 5])
    assert (worked.median, worked.outside, worked.split) == (3, 2, True)
    assert agreement([1, 1, 2, 2, 4, 4, 4, 4, 5, 5, 5, 5]).split  # 4 of 12 outside 3 to 5
    assert not agreement([1, 1, 2, 4, 4, 4, 4, 4, 5, 5, 5, 5]).split  # 3 of 12 outside
    assert (
        "the SCIROCCO integrated care maturity model, a European tool that health and care "
        "systems use to assess how ready they are for integrated care" in page
    )
