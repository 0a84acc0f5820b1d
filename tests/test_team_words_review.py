"""The team's words in reports: one rater, nobody finished, and principles with no level."""

import pytest

from consensus.report import TeamReport
from consensus.spread import TeamRating, spread

SCALE = [(1, "Not evident"), (2, "Emerging"), (3, "Growing")]


@pytest.mark.parametrize(
    ("raters", "finished", "said"),
    [
        (
            1,
            0,
            "1 person was asked to rate every principle privately, and had not finished when "
            "agreement opened, so some principles may have no individual rating.",
        ),
        (
            3,
            0,
            "3 people were asked to rate every principle privately, and none of them had "
            "finished when agreement opened, so some principles have fewer individual ratings "
            "than others.",
        ),
        (
            3,
            2,
            "3 people were asked to rate every principle privately, and 2 of them had "
            "finished when agreement opened, so some principles have fewer individual ratings "
            "than others.",
        ),
    ],
)
def test_who_rated_privately_reads_as_plain_english(raters, finished, said):
    """One rater is "1 person ... had not finished", and nobody finished is "none of them"."""
    assert (
        TeamReport(assessment=None, raters=raters, rows=[], finished=finished).raters_text == said
    )


def test_a_principle_with_no_level_chosen_says_so_rather_than_none():
    """All not applicable, or nobody rated it: the median and range say "No levels"."""
    not_applicable = TeamRating(name="Ann", level=None, answer="Not applicable", rationale="x")
    for ratings in ([], [not_applicable, not_applicable]):
        found = spread(1, ratings, SCALE)
        assert (found.median_cell, found.range_cell) == ("No levels", "No levels")
        assert "None" not in found.median_text + found.range_text
