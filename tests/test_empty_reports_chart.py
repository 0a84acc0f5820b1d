"""No gridline strikes through a bar's printed value in the board pack's chart (no database)."""

import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest

from reporting.charts import BAR_PLOT_W, bar_chart
from reporting.pack_chart import headline_chart
from reporting.svg_markup import CHAR_W, FONT

NS = "{http://www.w3.org/2000/svg}"
# Arial's glyph widths (em) of what the values print: digits, and "%" wider than the charts'
# estimate of every glyph (``CHAR_W``).
ARIAL = {"%": 0.889}
DIGIT = 0.556


def _chart(score: float, previous: float | None = None) -> tuple[str, str]:
    summary = SimpleNamespace(
        service=SimpleNamespace(name="Community rehabilitation"),
        score=SimpleNamespace(weighted_score=score, previous_weighted_score=previous),
        previous=None if previous is None else object(),
    )
    partnership, principle_set = (
        SimpleNamespace(name="Northfield"),
        SimpleNamespace(short_name="NV"),
    )
    return headline_chart(partnership, principle_set, [summary])


def _grounds_under_crossed_gridlines(svg: str) -> list[tuple[float, bool]]:
    """For each gridline the value's text may cross: its x, and whether a white ground drawn
    after the gridline covers it where the text is."""
    root = ET.fromstring(svg)  # noqa: S314 - this module's own output
    elements = list(root.iter())
    value = next(e for e in elements if e.get("class") == "value")
    left, baseline = float(value.get("x")), float(value.get("y"))
    right = left + sum(ARIAL.get(c, DIGIT) for c in value.text) * FONT
    found = []
    for index, line in enumerate(elements):
        if line.get("class") != "tick" or float(line.get("x1")) == 0:
            continue
        x = float(line.get("x1"))
        if not left - 1 <= x <= right + 1:
            continue
        covered = any(
            e.tag == NS + "rect"
            and e.get("fill") == "#ffffff"
            and float(e.get("x")) <= x <= float(e.get("x")) + float(e.get("width"))
            and float(e.get("y")) <= baseline - FONT * 0.75
            and float(e.get("y")) + float(e.get("height")) >= baseline + FONT * 0.2
            for e in elements[index + 1 :]
        )
        found.append((x, covered))
    return found


@pytest.mark.parametrize("score", [x / 2 for x in range(80, 201)])
def test_no_gridline_crosses_a_value_uncovered(score):
    """From 40% to 100%, each gridline a value's label reaches is under a white ground."""
    svg, _ = _chart(score)
    crossed = _grounds_under_crossed_gridlines(svg)
    assert all(covered for _, covered in crossed), (score, crossed)


def test_a_score_of_48_percent_is_printed_over_the_50_percent_gridline_on_a_white_ground():
    """The reviewer's case: the 50% line stops at "48%"; the alternative text still gives it."""
    svg, alt = _chart(47.9)
    assert _grounds_under_crossed_gridlines(svg) == [(BAR_PLOT_W / 2, True)]
    assert "Community rehabilitation 48%." in alt


def test_the_ground_stays_clear_of_the_bar_and_the_previous_score_marker():
    """The ground starts after the bar ends, and never covers the previous score's line."""
    for score, previous in ((47.9, 55), (47.9, 60), (30, 37), (96, 40)):
        root = ET.fromstring(_chart(score, previous)[0])  # noqa: S314
        bar = next(e for e in root.iter(NS + "rect") if e.get("class") == "bar")
        ground = next(e for e in root.iter(NS + "rect") if e.get("class") == "value-ground")
        start, end = float(ground.get("x")), float(ground.get("x")) + float(ground.get("width"))
        assert start > float(bar.get("width"))
        marker = BAR_PLOT_W * previous / 100
        assert end < marker - 3 or start > marker + 3, (score, previous)  # its white halo
        assert float(ground.get("width")) > len("48%") * FONT * CHAR_W


def test_bar_charts_elsewhere_ground_their_values_too():
    """The report's bar charts share the drawing: "Not scored" has a ground, and no bar."""
    root = ET.fromstring(bar_chart(title="Scores", description="Scores", bars=[("A", None)]))  # noqa: S314
    assert [e.get("class") for e in root.iter(NS + "rect")] == ["value-ground"]
