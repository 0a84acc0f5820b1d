"""Self-contained SVG charts for report pages (inline) and PDFs (WeasyPrint, as <img>).

Standard library only, apart from ``number_format``, so printed values read as in the
tables. WeasyPrint renders a modest subset of SVG, so the markup uses presentation
attributes (no CSS), absolute <tspan> positions and no external references.
Output is deterministic. No visible title: the page has the heading; <title>/<desc> name it.

Not scored (None) on a radar must never look like 0%, which is a filled marker at the
centre. A series with a principle not scored has no point on that spoke: its line breaks
there rather than dipping to the centre, the first series' spoke is dashed and its label
ends "(not scored)", a note under the chart says so (unless the page's caption does), and
<desc> names the unscored axes (describe_not_scored gives the sentence for alt text too).
Bar charts print "Not scored" and draw no bar.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from . import svg_markup as markup
from .number_format import percent
from .svg_markup import CHAR_W, FONT, LINE, PAD, SMALL, TEXT, Box

GRID = "#b1b4b6"  # supporting grid only; every data mark uses a colour with >= 3:1 on white
AXIS = "#505a5f"
# Colours and marker shapes cycle independently, so series never differ by colour alone.
COLOURS = ("#1d70b8", "#505a5f", "#d4351c", "#00703c", "#0b0c0c")
SHAPES = ("circle", "square", "triangle", "diamond")
DASH = "6 4"
RADIAL_AFTER = 16  # beyond this many axes, horizontal labels collide, so they follow spokes
NOT_SCORED = "(not scored)"  # ends the label of a spoke the first series did not score
LABEL_W, LABEL_LINES = 16, 3  # ~16 characters keeps 12+ spokes' labels apart
SHORT_WORD, SLACK = 3, 2  # a word this short joins a neighbour, if it runs at most this over
BAR_PLOT_W, BAR_ROW_H, BAR_H = 360, 36, 18
GROUND_PAD = 8  # how much wider a bar's value's white ground is than the text's estimate

Sample = Callable[[float, float], str]  # draws a legend sample centred on (x, y)


@dataclass(frozen=True)
class Series:
    """One line on a radar: percentages 0-100 per axis, None where not scored."""

    name: str
    values: tuple[float | None, ...]
    dashed: bool = False  # e.g. the previous assessment


def svg_data_uri(svg: str) -> str:
    """Encode an SVG for <img src>, which is how WeasyPrint embeds it in a PDF."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def describe_not_scored(axes: Sequence[str], series: Sequence[Series]) -> str:
    """Sentence naming the unscored axes of each series, or "" when everything is scored."""
    parts = []
    for s in series:
        if missing := [a for a, v in zip(axes, s.values, strict=False) if _clean(v) is None]:
            parts.append(f"{s.name} – {', '.join(missing)}")
    if not parts:
        return ""
    return "Not scored (no point, and the line breaks there): " + "; ".join(parts) + "."


def radar_chart(
    *,
    title: str,
    description: str,
    axes: Sequence[str],
    series: Sequence[Series],
    size: int = 480,
    note: bool = True,
) -> str:
    """Spider chart, one spoke per axis; with fewer than 3 axes, a bar chart instead.

    ``size`` is the diameter of the outer ring divided by 0.8; the viewBox grows beyond it
    to fit labels, legend and note. ``note=False`` leaves out the note on how a principle
    not scored is drawn, for a page whose caption says it (two captions saying one thing
    is noise); <desc> still names the unscored axes. The bar fallback shows the first
    series as bars and the second as comparison markers; further series cannot be shown
    that way.
    """
    for s in series:
        if len(s.values) != len(axes):
            raise ValueError(f"Series {s.name!r} has {len(s.values)} values for {len(axes)} axes")
    if len(axes) < 3:
        first = series[0] if series else Series("Score", (None,) * len(axes))
        second = series[1] if len(series) > 1 else None
        bars = list(zip(axes, first.values, strict=True))
        extra = {"comparison": second.values, "comparison_label": second.name} if second else {}
        return bar_chart(title=title, description=description, bars=bars, label=first.name, **extra)
    radius, count = size * 0.4, len(axes)
    box: Box = [-radius, -radius, radius, radius]
    body = [_radar_grid(radius, count)]
    first = series[0].values if series else ()
    unscored = {i for i, v in enumerate(first) if _clean(v) is None}
    body += [_not_scored_spoke(radius, i, count) for i in sorted(unscored)]
    body += [
        _axis_label(label, i in unscored, i, count, radius, box) for i, label in enumerate(axes)
    ]
    body += [_radar_series(s, i, radius, count) for i, s in enumerate(series)]
    half_width = max(-box[0], box[2]) + PAD  # symmetric, so the rings stay centred
    box[0], box[2] = -half_width, half_width
    if len(series) > 1:
        body.append(_legend([(s.name, _line_sample(i, s)) for i, s in enumerate(series)], box))
    unscored_note = describe_not_scored(axes, series)
    if unscored_note and note:
        width = int(2 * half_width / (SMALL * CHAR_W))
        key = "No point and a break in the line: not scored. 0% is at the centre."
        lines = markup.wrap(key, width, 2)
        attrs = {"text_anchor": "middle", "font_size": SMALL, "class_": "note"}
        body.append(markup.text(0, box[3] + 20, lines, box, **attrs))
    desc = f"{description} {unscored_note}" if unscored_note else description
    payload = ("radar", description, tuple(axes), tuple(series), size)
    return markup.document(markup.chart_id(title, payload), title, desc, box, body)


def bar_chart(
    *,
    title: str,
    description: str,
    bars: Sequence[tuple[str, float | None]],
    comparison: Sequence[float | None] | None = None,
    max_value: float = 100,
    label: str = "This assessment",
    comparison_label: str = "Previous assessment",
) -> str:
    """Horizontal bars with the value printed after each; optional comparison markers.

    ``label`` and ``comparison_label`` name bars and markers in the legend, which is
    drawn only when there is a comparison.
    """
    if max_value <= 0:
        raise ValueError("max_value must be positive")
    if comparison is not None and len(comparison) != len(bars):
        raise ValueError(f"{len(comparison)} comparison values for {len(bars)} bars")
    box: Box = [0, 0, BAR_PLOT_W, len(bars) * BAR_ROW_H]
    body = [_bar_axis(len(bars), max_value, box)]
    for i, (name, value) in enumerate(bars):
        previous = _clean(comparison[i]) if comparison is not None else None
        body.append(_bar_row(i, name, _clean(value), previous, max_value, box))
    box[0], box[2] = box[0] - PAD, box[2] + PAD
    if comparison is not None:
        items = [(label, _bar_sample), (comparison_label, _comparison_sample)]
        body.append(_legend(items, box, centre=False))
    payload = ("bar", description, tuple(bars), tuple(comparison or ()), max_value)
    return markup.document(markup.chart_id(title, payload), title, description, box, body)


def _polar(radius: float, index: int, count: int) -> tuple[float, float]:
    """Point on spoke ``index``: spoke 0 points straight up, the rest follow clockwise."""
    angle = 2 * math.pi * index / count
    return radius * math.sin(angle), -radius * math.cos(angle)


def _radar_grid(radius: float, count: int) -> str:
    parts = []
    for i in range(count):
        x, y = _polar(radius, i, count)
        parts.append(markup.el("line", class_="spoke", x1=0, y1=0, x2=x, y2=y, stroke=GRID))
    for step in (25, 50, 75, 100):
        r = radius * step / 100
        colour = AXIS if step == 100 else GRID
        parts.append(
            markup.el("circle", class_="ring", cx=0, cy=0, r=r, fill="none", stroke=colour)
        )
        # Under the ring line, left of the top spoke: clear of its markers and axis labels.
        label = [f"{step}%"]
        parts.append(
            markup.text(
                -5, SMALL - r, label, font_size=SMALL, text_anchor="end", class_="ring-label"
            )
        )
    return "".join(parts)


def _label_lines(label: str, unscored: bool) -> list[str]:
    """The title wrapped to ~16 characters; "(not scored)" on a last line of its own, always
    in full: the title is shortened with "…" instead, if it must be."""
    room = LABEL_LINES - 1 if unscored else LABEL_LINES
    lines = _join_short_words(markup.wrap(label, LABEL_W, len(label) + 1))
    if len(lines) > room:
        lines = markup.wrap(label, LABEL_W, room)
    return [*lines, NOT_SCORED] if unscored else lines


def _join_short_words(lines: list[str]) -> list[str]:
    """Join a lone short word ("and") to the next line, or else the one before, when the
    joined line runs no more than a couple of characters over the width."""
    n = 0
    while n < len(lines):
        lone = len(lines) > 1 and len(lines[n]) <= SHORT_WORD and " " not in lines[n]
        for a, b in ((n, n + 1), (n - 1, n)) if lone else ():
            if a >= 0 and b < len(lines) and len(f"{lines[a]} {lines[b]}") <= LABEL_W + SLACK:
                lines[a : b + 1] = [f"{lines[a]} {lines[b]}"]
                break
        n += 1
    return lines


def _axis_label(label: str, unscored: bool, index: int, count: int, radius: float, box: Box) -> str:
    """Label outside the outer ring, anchored away from it so it never covers the chart."""
    x, y = _polar(radius + 10, index, count)
    sin, cos = x / (radius + 10), -y / (radius + 10)
    if count > RADIAL_AFTER:  # one line along the spoke, turned to read left to right
        marker = f" {NOT_SCORED}" if unscored else ""
        text = markup.wrap(label, 28 - len(marker), 1)[0] + marker
        w = markup.width(text, FONT)
        for px, py in ((x, y), (x + w * sin, y - w * cos)):  # both ends, plus the glyph height
            markup.grow(box, px - FONT, py - FONT, px + FONT, py + FONT)
        right = sin >= -1e-9  # the bottom spoke counts as right: its text reads downwards
        turn = math.degrees(math.atan2(sin, cos)) + (-90 if right else 90)
        attrs = {"text_anchor": "start" if right else "end", "class_": "axis-label"}
        attrs["transform"] = f"rotate({markup.num(turn)} {markup.num(x)} {markup.num(y)})"
        return markup.text(x, y + FONT * 0.35, [text], **attrs)
    lines = _label_lines(label, unscored)
    anchor = "middle" if abs(sin) < 0.15 else ("start" if sin > 0 else "end")
    if cos > 0.3:  # upper spokes: the block sits above the point
        first = y - 4 - (len(lines) - 1) * LINE
    elif cos < -0.3:  # lower spokes: the block hangs below it
        first = y + FONT
    else:
        first = y - (len(lines) - 1) * LINE / 2 + FONT * 0.35
    return markup.text(x, first, lines, box, text_anchor=anchor, class_="axis-label")


def _radar_series(s: Series, index: int, radius: float, count: int) -> str:
    """A closed shape when every spoke is scored. Otherwise only neighbouring scored spokes
    are joined, so the line breaks at each spoke not scored (no point, no fill there)."""
    colour, shape = _style(index)
    points: list[tuple[float, float] | None] = [
        None if (value := _clean(raw)) is None else _polar(radius * min(value, 100) / 100, i, count)
        for i, raw in enumerate(s.values)
    ]
    markers = "".join(_marker(shape, x, y, colour) for x, y in filter(None, points))
    if all(p is not None for p in points):
        xy = " ".join(f"{markup.num(x)},{markup.num(y)}" for x, y in points)
        paint = {"fill": colour, "fill_opacity": 0.08, "stroke_linejoin": "round"}
        polygon = markup.el(
            "polygon", class_="series", points=xy, **paint, **_line(index, s.dashed)
        )
        return polygon + markers
    segments = [
        f"M{markup.num(a[0])} {markup.num(a[1])}L{markup.num(b[0])} {markup.num(b[1])}"
        for a, b in zip(points, points[1:] + points[:1], strict=True)
        if a is not None and b is not None
    ]
    if not segments:
        return markers
    line = {"fill": "none", "stroke_linecap": "round", **_line(index, s.dashed)}
    return markup.el("path", class_="series", d="".join(segments), **line) + markers


def _not_scored_spoke(radius: float, index: int, count: int) -> str:
    """The spoke of a principle the first series did not score, dashed."""
    x, y = _polar(radius, index, count)
    dash = {"stroke_dasharray": "2 4", "stroke_width": 1.5}
    return markup.el("line", class_="not-scored", x1=0, y1=0, x2=x, y2=y, stroke=AXIS, **dash)


def _bar_axis(rows: int, max_value: float, box: Box) -> str:
    bottom, parts = rows * BAR_ROW_H, []
    for tick in (0, max_value / 2, max_value):
        x = BAR_PLOT_W * tick / max_value
        stroke = AXIS if tick == 0 else GRID
        parts.append(
            markup.el("line", class_="tick", x1=x, y1=0, x2=x, y2=bottom + 4, stroke=stroke)
        )
        label = [f"{markup.num(tick)}%"]
        parts.append(markup.text(x, bottom + 18, label, box, text_anchor="middle", font_size=SMALL))
    return "".join(parts)


def _bar_row(
    i: int, name: str, value: float | None, previous: float | None, max_value: float, box: Box
) -> str:
    mid = i * BAR_ROW_H + BAR_ROW_H / 2
    lines = markup.wrap(name, 28, 2)
    first = mid - (len(lines) - 1) * LINE / 2 + FONT * 0.35
    parts = [markup.text(-10, first, lines, box, text_anchor="end", class_="bar-label")]
    end = 0.0
    if value is not None:
        end = BAR_PLOT_W * min(value, max_value) / max_value
        bar = {"x": 0, "y": mid - BAR_H / 2, "width": end, "height": BAR_H}
        parts.append(markup.el("rect", class_="bar", **bar, fill=COLOURS[0]))
    text = percent(value)  # "Not scored" for None
    text_x, ground_w = end + 6, markup.width(text, FONT) + GROUND_PAD
    if previous is not None:
        px = BAR_PLOT_W * min(previous, max_value) / max_value
        parts.append(
            markup.el("g", class_="comparison", content=_comparison_sample(px, mid, BAR_H))
        )
        if text_x - 6 <= px <= text_x + ground_w:
            text_x = px + 7  # keep the printed value (and its ground) clear of the marker
    # A white ground under the value: a gridline it crosses (50% under a bar of 44% to 50%)
    # stops at the figure instead of striking through it. Drawn after the gridlines, clear
    # of the bar, and wider than the text's estimate, as "%" is wider than most glyphs.
    ground = {"x": text_x - 3, "y": mid - FONT / 2 - 2, "width": ground_w, "height": FONT + 4}
    parts.append(markup.el("rect", class_="value-ground", **ground, fill="#ffffff"))
    parts.append(markup.text(text_x, mid + FONT * 0.35, [text], box, class_="value"))
    return "".join(parts)


def _line(index: int, dashed: bool) -> dict[str, Any]:
    """Series stroke; dashes and marker shapes, not only colour, tell series apart."""
    dash = DASH if dashed else None
    return {"stroke": _style(index)[0], "stroke_width": 2.5, "stroke_dasharray": dash}


def _line_sample(index: int, s: Series) -> Sample:
    colour, shape = _style(index)

    def draw(x: float, y: float) -> str:
        line = markup.el(
            "path", d=f"M{markup.num(x - 14)} {markup.num(y)}h28", **_line(index, s.dashed)
        )
        return line + _marker(shape, x, y, colour)

    return draw


def _bar_sample(x: float, y: float) -> str:
    return markup.el("rect", x=x - 14, y=y - 6, width=28, height=12, fill=COLOURS[0])


def _comparison_sample(x: float, y: float, height: float = 8) -> str:
    """Thick black line across the bar, with a white halo so it shows on the blue too."""
    ends = {"x1": x, "y1": y - height / 2 - 5, "x2": x, "y2": y + height / 2 + 5}
    halo = markup.el("line", **ends, stroke="#ffffff", stroke_width=6)
    return halo + markup.el("line", **ends, stroke=TEXT, stroke_width=3)


def _legend(items: list[tuple[str, Sample]], box: Box, *, centre: bool = True) -> str:
    """Key below the chart, wrapping onto more rows when it is wider than the chart."""
    rows: list[list[tuple[str, Sample, float]]] = [[]]
    for name, sample in items:
        text = markup.wrap(name, 40, 1)[0]
        width = 36 + markup.width(text, FONT)
        row_width = sum(w + 20 for *_, w in rows[-1])
        if rows[-1] and row_width + width > box[2] - box[0]:
            rows.append([])
        rows[-1].append((text, sample, width))
    parts, y = [], box[3] + 26
    for row in rows:
        total = sum(w for *_, w in row) + 20 * (len(row) - 1)
        x = (box[0] + box[2] - total) / 2 if centre else box[0] + PAD
        for text, sample, width in row:
            parts.append(sample(x + 14, y - 4.5) + markup.text(x + 36, y, [text], box))
            x += width + 20
        y += 22
    return markup.el("g", class_="legend", content="".join(parts))


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    style = {"class_": "marker", "stroke": colour, "fill": colour}
    if shape == "circle":
        return markup.el("circle", cx=x, cy=y, r=4.5, **style)
    if shape == "square":
        return markup.el("rect", x=x - 4, y=y - 4, width=8, height=8, **style)
    corners = {
        "triangle": ((0, -5.5), (5, 3.5), (-5, 3.5)),
        "diamond": ((0, -5.5), (5.5, 0), (0, 5.5), (-5.5, 0)),
    }[shape]
    points = " ".join(f"{markup.num(x + a)},{markup.num(y + b)}" for a, b in corners)
    return markup.el("polygon", points=points, **style)


def _style(index: int) -> tuple[str, str]:
    return COLOURS[index % len(COLOURS)], SHAPES[index % len(SHAPES)]


def _clean(value: float | None) -> float | None:
    """Floor at 0; NaN and infinities count as not scored rather than corrupting the SVG."""
    if value is None or not math.isfinite(value):
        return None
    return max(float(value), 0.0)
