"""SVG charts: structure, geometry, accessibility and safety (no database needed)."""

import base64
import math
import re
import xml.etree.ElementTree as ET

import pytest

from reporting.charts import Series, bar_chart, radar_chart, svg_data_uri

NS = "{http://www.w3.org/2000/svg}"
AXES = (
    "Person-centred",
    "Benefit to service users",
    "Outcomes people report",
    "Community and voluntary sector",
    "Inclusive of all communities",
    "Designed with users and carers",
    "Long term conditions",
    "Carers",
    "Driven by commissioners",
    "Incentives",
    "Public and social value",
    "Lasting, open to experiment",
)
CURRENT = Series("This assessment", (72, 55, 40, 30, 88, 63, 100, 25, 50, 0, 70, 45))
CURRENT_3 = Series("Now", (10, 20, 30))
PREVIOUS = Series("Previous assessment", (60, 50, 45, 30, 70, 20, 80, 20, 55, 10, 60, 45), True)
HOSTILE = '<script>alert(1)</script> & "quotes"'
LONG = "A principle title that is exactly sixty characters long, ok."


def radar(axes=AXES, series=(CURRENT, PREVIOUS), title="Principle scores", **kwargs):
    return radar_chart(
        title=title, description="Scores by principle.", axes=axes, series=series, **kwargs
    )


def bars(items=(("Person-centred", 62), ("Carers", None), ("Incentives", 100)), **kwargs):
    return bar_chart(title="Group scores", description="Scores by group.", bars=items, **kwargs)


def parse(svg):
    return ET.fromstring(svg)  # noqa: S314 - parses this module's own output, not untrusted input


def find(root, tag, cls=None):
    return [e for e in root.iter(NS + tag) if cls is None or e.get("class") == cls]


def points(polygon):
    return [tuple(map(float, p.split(","))) for p in polygon.get("points").split()]


def view_box(root):
    x, y, w, h = map(float, root.get("viewBox").split())
    return x, y, x + w, y + h


def centre_and_radius(root):
    rings = find(root, "circle", "ring")
    outer = max(rings, key=lambda c: float(c.get("r")))
    return float(outer.get("cx")), float(outer.get("cy")), float(outer.get("r"))


def luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("svg", [radar(), bars()], ids=["radar", "bar"])
def test_root_is_an_image_labelled_by_its_title_and_desc(svg):
    """The root is role="img", labelled by <title> and <desc>, its first two children."""
    root = parse(svg)
    assert root.tag == NS + "svg"
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root[0].tag == NS + "title" and root[0].get("id") == title_id
    assert root[1].tag == NS + "desc" and root[1].get("id") == desc_id
    assert root[0].text in ("Principle scores", "Group scores")
    assert root[1].text in ("Scores by principle.", "Scores by group.")


def test_radar_draws_one_closed_polygon_per_series_with_a_point_per_axis():
    """Each series is one polygon with exactly one vertex per axis."""
    polygons = find(parse(radar()), "polygon", "series")
    assert len(polygons) == 2
    assert all(len(points(p)) == len(AXES) for p in polygons)


def test_radar_puts_100_on_the_outer_ring_and_0_at_the_centre():
    """A score of 100 lies on the outer ring, 0 at the centre and 50 halfway out."""
    values = (100, 0, 50) + (25,) * 9
    root = parse(radar(series=[Series("Now", values)]))
    cx, cy, r = centre_and_radius(root)
    top, zero, half = points(find(root, "polygon", "series")[0])[:3]
    assert top == pytest.approx((cx, cy - r), abs=0.01)  # spoke 0 points straight up
    assert zero == pytest.approx((cx, cy), abs=0.01)
    assert math.dist(half, (cx, cy)) == pytest.approx(r / 2, abs=0.01)


def test_radar_rings_mark_25_50_75_and_100_percent():
    """Grid rings sit at a quarter, half, three quarters and all of the radius, labelled."""
    root = parse(radar())
    radii = sorted(float(c.get("r")) for c in find(root, "circle", "ring"))
    assert radii == pytest.approx([radii[-1] * f for f in (0.25, 0.5, 0.75, 1)], abs=0.01)
    assert [t.text for t in find(root, "text", "ring-label")] == ["25%", "50%", "75%", "100%"]


def test_not_scored_breaks_the_line_dashes_the_spoke_and_says_so():
    """None has no point: the line breaks at that spoke, which is dashed and labelled "(not
    scored)", and the note and desc say so."""
    values = (80, None) + (50,) * 10
    root = parse(radar(series=[Series("Now", values)]))
    cx, cy, _r = centre_and_radius(root)
    assert not find(root, "polygon", "series")
    (path,) = find(root, "path", "series")
    # 12 spokes make 12 joins; the two that touch spoke 1 are left out.
    assert path.get("d").count("M") == 10
    assert len(find(root, "circle", "marker")) == 11
    (spoke,) = [e for e in root.iter() if e.get("class") == "not-scored"]
    assert spoke.get("stroke-dasharray")
    angle = math.atan2(float(spoke.get("x2")) - cx, cy - float(spoke.get("y2")))
    assert angle == pytest.approx(2 * math.pi / len(AXES), abs=1e-3)  # spoke 1, not elsewhere
    labels = " ".join("".join(t.itertext()) for t in find(root, "text", "axis-label"))
    assert "(not scored)" in labels and labels.count("(not scored)") == 1
    assert "Not scored" in root[1].text and "Benefit to service users" in root[1].text
    assert root[1].text.startswith("Scores by principle.")
    assert "".join(find(root, "text", "note")[0].itertext()).startswith(
        "No point and a break in the line: not scored."
    )


def test_zero_percent_and_not_scored_look_different():
    """0% is a filled marker at the centre on a closed shape; not scored has no marker and
    no vertex at all."""
    zero = parse(radar(series=[Series("Now", (80, 0) + (50,) * 10)]))
    none = parse(radar(series=[Series("Now", (80, None) + (50,) * 10)]))
    cx, cy, _ = centre_and_radius(zero)

    def at_centre(root):
        return [
            m
            for m in find(root, "circle", "marker")
            if math.dist((float(m.get("cx")), float(m.get("cy"))), (cx, cy)) < 0.01
        ]

    assert len(points(find(zero, "polygon", "series")[0])) == len(AXES)
    assert len(at_centre(zero)) == 1 and at_centre(zero)[0].get("fill") != "#ffffff"
    assert not at_centre(none)
    assert not [e for e in zero.iter() if e.get("class") == "not-scored"]


def test_fully_scored_radar_has_no_hollow_markers_or_note():
    """Without None there is no hollow marker, no note and the desc is the input verbatim."""
    root = parse(radar())
    assert not [e for e in root.iter() if e.get("class") in ("not-scored", "note")]
    assert root[1].text == "Scores by principle."


def test_nan_counts_as_not_scored():
    """A NaN score is treated like None rather than producing invalid coordinates."""
    svg = radar(series=[Series("Now", (math.nan,) + (50,) * 11)])
    assert "nan" not in svg.lower()
    assert len([e for e in parse(svg).iter() if e.get("class") == "not-scored"]) == 1


def test_dashed_series_has_a_dasharray_and_solid_series_does_not():
    """Only the dashed series' polygon carries stroke-dasharray."""
    current, previous = find(parse(radar()), "polygon", "series")
    assert current.get("stroke-dasharray") is None
    assert previous.get("stroke-dasharray")


@pytest.mark.parametrize(("series", "legends"), [((CURRENT,), 0), ((CURRENT, PREVIOUS), 1)])
def test_legend_only_appears_with_two_or_more_series(series, legends):
    """A single series gets no legend; two series get one naming both."""
    legend = find(parse(radar(series=series)), "g", "legend")
    assert len(legend) == legends
    if legend:
        assert [t.text for t in find(legend[0], "text")] == [s.name for s in series]


def test_legend_tells_series_apart_by_line_style_and_marker_shape():
    """Legend samples differ in dashing and marker element, not only in colour."""
    (legend,) = find(parse(radar()), "g", "legend")
    lines = find(legend, "path")
    assert [p.get("stroke-dasharray") is not None for p in lines] == [False, True]
    assert len(find(legend, "circle", "marker")) == 1
    assert len(find(legend, "rect", "marker")) == 1


def test_fewer_than_three_axes_falls_back_to_a_bar_chart():
    """Two axes give bars (first series) with comparison markers (second), not a radar."""
    root = parse(
        radar(axes=("Rights", "Safety"), series=[Series("Now", (40, 90)), Series("Then", (30, 70))])
    )
    assert not find(root, "polygon", "series")
    assert len(find(root, "rect", "bar")) == 2
    assert len(find(root, "g", "comparison")) == 2


def test_series_length_must_match_axes():
    """A series with the wrong number of values is an error, not a silently skewed chart."""
    with pytest.raises(ValueError, match="values for 12 axes"):
        radar(series=[Series("Short", (50, 50, 50))])


def test_bar_widths_are_proportional_to_values():
    """Bar widths scale linearly with value up to max_value."""
    items = (("A", 25), ("B", 50), ("C", 100))
    widths = [float(r.get("width")) for r in find(parse(bars(items)), "rect", "bar")]
    assert len(widths) == 3
    assert widths[1] == pytest.approx(2 * widths[0]) and widths[2] == pytest.approx(4 * widths[0])
    halved = find(parse(bars(items, max_value=200)), "rect", "bar")
    assert float(halved[2].get("width")) == pytest.approx(widths[1])


def test_bar_values_are_printed_and_none_says_not_scored():
    """Each bar ends with its whole-percent value; None prints "Not scored" and has no bar."""
    root = parse(bars((("A", 62), ("B", None), ("C", 62.5))))  # half up, not half to even
    assert [t.text for t in find(root, "text", "value")] == ["62%", "Not scored", "63%"]
    assert len(find(root, "rect", "bar")) == 2


def test_bar_axis_ticks_at_0_50_and_100():
    """Ticks mark 0, 50 and 100 percent at the start, middle and end of the plot."""
    root = parse(bars())
    ticks = [float(t.get("x1")) for t in find(root, "line", "tick")]
    assert ticks[0] == 0 and ticks[2] == pytest.approx(2 * ticks[1])
    assert {"0%", "50%", "100%"} <= {t.text for t in find(root, "text")}


def test_comparison_markers_only_when_given():
    """Markers (and their legend) appear per compared bar only when comparison is passed."""
    plain = parse(bars())
    assert not find(plain, "g", "comparison") and not find(plain, "g", "legend")
    compared = parse(bars(comparison=(50, 40, None)))
    markers = find(compared, "g", "comparison")
    assert len(markers) == 2
    full = float(find(compared, "rect", "bar")[1].get("width"))  # the 100% bar
    assert float(find(markers[0], "line")[0].get("x1")) == pytest.approx(full / 2)
    assert len(find(compared, "g", "legend")) == 1


def test_hostile_text_is_escaped_everywhere():
    """Markup in titles, labels and names is escaped: it parses and no element is injected."""
    charts = [
        radar_chart(
            title=HOSTILE,
            description=HOSTILE,
            axes=(HOSTILE,) * 3,
            series=[Series(HOSTILE, (1, None, 3)), Series(HOSTILE, (1, 2, 3), True)],
        ),
        bar_chart(
            title=HOSTILE,
            description=HOSTILE,
            bars=[(HOSTILE, 5)],
            comparison=[4],
            label=HOSTILE,
            comparison_label=HOSTILE,
        ),
    ]
    for svg in charts:
        root = parse(svg)
        assert "<script" not in svg
        assert not [e for e in root.iter() if e.tag.endswith("script")]
        assert root[0].text == HOSTILE and root[1].text.startswith(HOSTILE)
        assert HOSTILE in "".join(root.itertext())


def test_control_characters_are_dropped_so_output_still_parses():
    """Characters XML cannot carry are removed instead of breaking the document."""
    root = parse(radar(axes=("Bell\x07", "Null\x00", "Tab ok"), series=[CURRENT_3]))
    assert [t.text for t in find(root, "text", "axis-label")] == ["Bell", "Null", "Tab ok"]


@pytest.mark.parametrize(
    "svg",
    [radar(), radar(series=[Series("Now", (None,) * 12)]), bars(comparison=(1, 2, 3))],
    ids=["radar", "radar-unscored", "bar"],
)
def test_output_is_self_contained(svg):
    """No links, images, url() references or CSS imports: nothing to fetch."""
    lowered = svg.lower()
    for forbidden in ("href", "<image", "url(", "@import", "<style", "<script"):
        assert forbidden not in lowered


def test_output_is_deterministic_and_ids_differ_between_charts():
    """Same input gives the same bytes; different titles give different, valid ids."""
    assert radar() == radar()
    assert bars() == bars()
    first = parse(radar(title="Principle scores")).get("aria-labelledby")
    second = parse(radar(title="Principle scores 2024")).get("aria-labelledby")
    assert first != second
    assert re.fullmatch(r"[a-z][a-z0-9-]*-title [a-z][a-z0-9-]*-desc", first)


def test_titles_differing_only_at_the_end_get_different_ids():
    """Long titles that share a prefix still get distinct ids (the hash covers the title)."""
    prefix = "Principle scores for the partnership of "
    ids = {parse(radar(title=prefix + name)).get("aria-labelledby") for name in ("Fife", "Ayr")}
    assert len(ids) == 2


def test_same_title_with_different_data_still_gets_a_different_id():
    """Two same-titled charts on one page (e.g. two partnerships) do not share ids."""
    other = Series("Now", (10,) * 12)
    assert parse(radar()).get("aria-labelledby") != parse(radar(series=[other])).get(
        "aria-labelledby"
    )


@pytest.mark.parametrize(
    "svg",
    [
        radar(axes=(LONG,) * 12, series=[Series(LONG, (50,) * 12), Series(LONG, (40,) * 12)]),
        radar(axes=(LONG,) * 40, series=[Series("Now", (50,) * 40)]),
        bars(((LONG, 100), (LONG, None)), comparison=(100, 100)),
    ],
    ids=["radar-12", "radar-40", "bar"],
)
def test_long_labels_are_shortened_and_stay_inside_the_view_box(svg):
    """60-character labels wrap to short lines or end in "…", and all text starts in view."""
    root = parse(svg)
    left, top, right, bottom = view_box(root)
    for element in [*find(root, "text"), *find(root, "tspan")]:
        assert left <= float(element.get("x")) <= right
        assert top <= float(element.get("y")) <= bottom
    lines = [
        e.text for e in root.iter() if e.get("class") == "axis-label" or e.tag.endswith("span")
    ]
    lines = [t for t in lines if t]
    assert lines and all(len(t) <= 28 for t in lines)
    assert any(t.endswith("…") for t in lines)


def test_twelve_axis_labels_wrap_into_at_most_three_lines_of_sixteen_characters():
    """Radar labels wrap at ~16 characters over at most three <tspan> lines."""
    root = parse(radar(axes=(LONG,) * 12, series=[CURRENT]))
    for label in find(root, "text", "axis-label"):
        spans = find(label, "tspan")
        assert 1 < len(spans) <= 3 and all(len(s.text) <= 16 for s in spans)
        assert spans[-1].text.endswith("…")


def test_text_is_legible_and_data_colours_contrast_with_white():
    """Text is >= 12 units in #0b0c0c; data marks have >= 3:1 contrast against white."""
    root = parse(radar(series=[CURRENT, PREVIOUS, Series("Third", (5,) * 12)]))
    assert root.get("font-family") == "arial, sans-serif"
    for text in find(root, "text"):
        assert float(text.get("font-size")) >= 12 and text.get("fill") == "#0b0c0c"
    marks = [e for e in root.iter() if e.get("class") in ("series", "marker", "not-scored")]
    marks += find(parse(bars(comparison=(1, 2, 3))), "rect", "bar")
    colours = {e.get(a) for e in marks for a in ("stroke", "fill")} - {None, "#ffffff"}
    assert colours
    for colour in colours:
        assert 1.05 / (luminance(colour) + 0.05) >= 3, colour


def test_numbers_are_rounded_to_two_decimals():
    """Coordinates carry at most two decimal places, keeping the SVG small."""
    assert not re.search(r"\d\.\d{3,}", radar(size=333))


def test_svg_data_uri_round_trips():
    """The data URI is base64 of the UTF-8 SVG, including non-ASCII characters."""
    svg = radar(axes=(LONG,) * 12, series=[CURRENT])
    prefix = "data:image/svg+xml;base64,"
    uri = svg_data_uri(svg)
    assert uri.startswith(prefix)
    assert base64.b64decode(uri.removeprefix(prefix)).decode("utf-8") == svg
