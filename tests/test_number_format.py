"""Numbers as readers see them: whole percentages rounded half up, in one place."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template

from reporting import number_format
from reporting.charts import bar_chart


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (12.5, 13),  # half up, where round() would give 12
        (59.615, 60),
        (62.4, 62),
        (62.5, 63),
        (0.5, 1),
        (2.675, 3),
        (99.5, 100),
        (0, 0),
        (100, 100),
        (-2.5, -3),  # a fall rounds like a rise of the same size
        (-0.4, 0),
    ],
)
def test_whole_rounds_half_up(value, expected):
    """Whole numbers round half up (halves away from zero), not half to even."""
    assert number_format.whole(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(12.5, "13%"), (59.615, "60%"), (0, "0%"), (100.0, "100%"), (None, "Not scored")],
)
def test_percent(value, expected):
    """A 0 to 100 score reads as a whole percentage, or "Not scored"."""
    assert number_format.percent(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [(0.125, "13%"), (0.75, "75%"), (1, "100%"), (None, "None")]
)
def test_share(value, expected):
    """A 0 to 1 share reads as a whole percentage."""
    assert number_format.share(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (12.5, "Up 13 points"),
        (0.6, "Up 1 point"),
        (0.4, "No change"),
        (-0.4, "No change"),
        (-1, "Down 1 point"),
        (-2.5, "Down 3 points"),
        (None, "No comparison"),
    ],
)
def test_change(value, expected):
    """A change reads in words, with its direction, in whole points."""
    assert number_format.change(value) == expected


def test_template_filters_format_as_the_module_does():
    """The report_tags filters give exactly what number_format gives."""
    rendered = Template(
        "{% load report_tags %}{{ a|percent }} {{ b|share }} {{ c|change }} {{ d|percent }}"
    ).render(Context({"a": 12.5, "b": 0.59615, "c": -2.5, "d": None}))
    assert rendered == "13% 60% Down 3 points Not scored"


def test_bar_charts_print_values_as_the_tables_do():
    """A bar of 12.5 prints 13%, as the tables next to it do."""
    svg = bar_chart(title="Scores", description="Scores", bars=[("A", 12.5), ("B", 59.615)])
    assert ">13%<" in svg and ">60%<" in svg


def test_reporting_code_imports_no_template_tags():
    """Python code formats numbers with number_format, never through a template library."""
    reporting = Path(settings.BASE_DIR) / "reporting"
    for path in reporting.rglob("*.py"):
        if "templatetags" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                assert "templatetags" not in (node.module or ""), path
