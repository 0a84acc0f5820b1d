"""The board pack's chart of each service's headline score, with its words for screen
readers and the PDF's alternative text."""

from . import charts
from .number_format import percent


def headline_chart(partnership, principle_set, included: list) -> tuple[str, str]:
    """The bar chart of these services' headline scores (``board_pack.ServiceSummary``), as
    SVG, and its text alternative: every bar's figures in words."""
    if not included:
        return "", ""
    compare = any(s.previous is not None for s in included)
    description = (
        f"Weighted score of each service against {principle_set.short_name}, as a percentage"
        + (", with its previous signed-off assessment marked." if compare else ".")
    )
    svg = charts.bar_chart(
        title=f"Headline scores by service, {partnership.name}",
        description=description,
        bars=[(s.service.name, s.score.weighted_score) for s in included],
        comparison=[s.score.previous_weighted_score for s in included] if compare else None,
        label="Assessment shown",
        comparison_label="Previous signed-off assessment",
    )
    figures = "; ".join(
        f"{s.service.name} {percent(s.score.weighted_score)}"
        + (f" (was {percent(s.score.previous_weighted_score)})" if s.previous else "")
        for s in included
    )
    return svg, f"{description} {figures}."
