"""The chart of a principle's spread: how many of the team chose each level.

Drawn by ``reporting.charts`` like every chart, as the share of the team's ratings at
each level (so bars compare across team sizes); the count of people is in the table
shown with it and in the chart's description.
"""

from reporting import charts

from .spread import Spread, plural


def distribution_chart(spread: Spread, *, title: str) -> str:
    total = spread.agreement.count
    bars = [
        (
            f"{level.value} – {level.label}" if level.label else str(level.value),
            100 * level.count / total if total else None,
        )
        for level in spread.counts
    ]
    figures = "; ".join(
        f"{level.value} {level.label}".strip() + f": {_people(level.count)}"
        for level in spread.counts
    )
    description = (
        f"Share of the team's {plural(total, 'rating')} at each level of the scale. {figures}."
        + (f" Not applicable: {spread.not_applicable}." if spread.not_applicable else "")
    )
    return charts.bar_chart(title=f"How the team rated {title}", description=description, bars=bars)


def _people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"
