"""Writing SVG by hand, as the charts do: elements, escaping, numbers and measured text.

Standard library only. Text is measured by estimate (no font metrics), generously, so
what is drawn always fits the box the chart grows around it; ``document`` wraps it up with
the <title> and <desc> that name the chart to screen readers.
"""

from __future__ import annotations

import hashlib
import re
import textwrap
from typing import Any
from xml.sax.saxutils import escape

TEXT = "#0b0c0c"
PAD = 8
QUOTES = {'"': "&quot;", "'": "&apos;"}  # escape() covers & < > only; attributes need quotes
FONT, SMALL, LINE = 13, 12, 15  # >= 12 user units, legible at 1:1 on screen and in the PDF
CHAR_W = 0.6  # generous average Arial glyph width (em): estimates must not under-reserve

Box = list[float]  # [min_x, min_y, max_x, max_y] of everything drawn, grown while drawing


def el(tag: str, content: str | None = None, **attrs: object) -> str:
    """Element with attributes in call order; a_b becomes a-b, class_ class, None is left out."""
    pairs = ((k.rstrip("_").replace("_", "-"), v) for k, v in attrs.items() if v is not None)
    rendered = "".join(
        f' {k}="{num(v) if isinstance(v, int | float) else esc(str(v), QUOTES)}"' for k, v in pairs
    )
    return f"<{tag}{rendered}/>" if content is None else f"<{tag}{rendered}>{content}</{tag}>"


def esc(text: str, entities: dict[str, str] | None = None) -> str:
    """XML-escape, dropping control characters that XML 1.0 cannot carry at all."""
    return escape(re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", text), entities or {})


def num(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def text(x: float, y: float, lines: list[str], box: Box | None = None, **attrs: Any) -> str:
    """<text> with one absolutely positioned <tspan> per line; grows ``box`` to hold it."""
    size, anchor = attrs.setdefault("font_size", FONT), attrs.get("text_anchor")
    for n, line in enumerate(lines):
        w = width(line, size)
        left = x - w if anchor == "end" else x - w / 2 if anchor == "middle" else x
        if box is not None:
            grow(box, left, y + n * LINE - size, left + w, y + n * LINE + size * 0.3)
    attrs = {"x": x, "y": y, **attrs, "fill": TEXT}
    if len(lines) == 1:
        return el("text", **attrs, content=esc(lines[0]))
    spans = (el("tspan", x=x, y=y + n * LINE, content=esc(s)) for n, s in enumerate(lines))
    return el("text", **attrs, content="".join(spans))


def width(text: str, size: float) -> float:
    return len(text) * size * CHAR_W


def grow(box: Box, x1: float, y1: float, x2: float, y2: float) -> None:
    box[0], box[1] = min(box[0], x1, x2), min(box[1], y1, y2)
    box[2], box[3] = max(box[2], x1, x2), max(box[3], y1, y2)


def wrap(text: str, width: int, max_lines: int) -> list[str]:
    """Wrap to at most ``max_lines`` lines of ``width`` characters, ending in "…" if cut."""
    lines = textwrap.wrap(text, max(width, 2)) or [""]
    if len(lines) > max_lines:
        rest = " ".join(lines[max_lines - 1 :])
        lines = [*lines[: max_lines - 1], rest[: width - 1].rstrip() + "…"]
    return lines


def chart_id(title: str, payload: object) -> str:
    """Readable, stable id; hashing the data too keeps same-titled charts apart."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:24].strip("-")
    digest = hashlib.sha256(repr((title, payload)).encode("utf-8")).hexdigest()[:8]
    return f"chart-{slug}-{digest}" if slug else f"chart-{digest}"


def document(chart_id: str, title: str, desc: str, box: Box, body: list[str]) -> str:
    box[1], box[3] = box[1] - PAD, box[3] + PAD
    w, h = box[2] - box[0], box[3] - box[1]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="{num(box[0])} {num(box[1])} {num(w)} {num(h)}" '
        f'width="{num(w)}" height="{num(h)}" font-family="arial, sans-serif">'
        f'<title id="{chart_id}-title">{esc(title)}</title>'
        f'<desc id="{chart_id}-desc">{esc(desc)}</desc>{"".join(body)}</svg>'
    )
