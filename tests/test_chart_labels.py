"""Radar spoke labels: shipped short titles in full, and "(not scored)" never cut off."""

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from reporting.charts import Series, radar_chart

NS = "{http://www.w3.org/2000/svg}"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SETS = ("national-voices.json", "scotland-integration-principles.json")
LONG = "A principle title that is exactly sixty characters long, ok."


def principles(name):
    rows = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    rows = [r["fields"] for r in rows if r["model"] == "principles.principle"]
    return [(r["code"], r["short_title"]) for r in sorted(rows, key=lambda r: r["order"])]


def label_lines(titles, unscored=()):
    """Each spoke's label as its list of lines, in spoke order."""
    values = tuple(None if i in unscored else 50 for i in range(len(titles)))
    svg = radar_chart(
        title="Principle scores",
        description="Scores by principle.",
        axes=titles,
        series=[Series("This assessment", values)],
    )
    root = ET.fromstring(svg)  # noqa: S314 - parses the charts' own output, not untrusted input
    labels = [t for t in root.iter(f"{NS}text") if t.get("class") == "axis-label"]
    return [[s.text for s in t.iter(f"{NS}tspan")] or [t.text] for t in labels]


@pytest.mark.parametrize("name", SETS)
@pytest.mark.parametrize("scored", [True, False], ids=["scored", "not-scored"])
def test_every_shipped_short_title_shows_in_full(name, scored):
    """Every shipped short title shows in full on its spoke, scored or not scored."""
    codes, titles = zip(*principles(name), strict=True)
    unscored = () if scored else range(len(titles))
    for code, title, lines in zip(codes, titles, label_lines(titles, unscored), strict=True):
        text = " ".join(lines)
        assert "…" not in text, code
        assert text == (title if scored else f"{title} (not scored)"), code


def test_sc_12_not_scored_says_so_in_full():
    """SC-12's label ends "(not scored)", on its own line, when it is not scored."""
    codes, titles = zip(*principles(SETS[1]), strict=True)
    n = codes.index("SC-12")
    lines = label_lines(titles, {n})[n]
    title = titles[n]
    assert lines[-1] == "(not scored)"
    assert " ".join(lines[:-1]) == title


def test_a_short_word_does_not_sit_on_a_line_of_its_own():
    """A short word such as "and" joins the next line rather than sitting alone."""
    titles = [t for _, t in principles(SETS[1])]
    for lines in label_lines(titles) + label_lines(titles, range(len(titles))):
        assert all(len(line) > 3 or len(lines) == 1 for line in lines), lines


def test_a_long_title_is_shortened_but_the_marker_is_not():
    """A title too long for the lines is cut with "…"; "(not scored)" still shows in full."""
    lines = label_lines((LONG,) * 12, {0})[0]
    assert len(lines) <= 3 and lines[-1] == "(not scored)" and lines[-2].endswith("…")


def test_many_spokes_keep_the_marker_on_one_line_labels():
    """With labels along the spokes (over 16 axes), a long title is cut, not "(not scored)"."""
    lines = label_lines((LONG,) * 20, {0})
    assert lines[0][0].endswith("… (not scored)") and len(lines[0][0]) <= 28
