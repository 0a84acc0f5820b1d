"""The words a score can read as, each with the whole percentages it covers.

Scores are read in the scale's own words (``assessments.bands``): the report's method
section and the board pack's legend list them from the same bands the scores were read
in, frozen at submission, so a legend never disagrees with the words beside the figures.
"""

from dataclasses import dataclass

from assessments.bands import Bands

SHADES = 5  # heat map shades, 0 the lowest band (the weakest stands out); see print.css


@dataclass(frozen=True)
class LegendBand:
    label: str
    lower_bound: int
    upper_bound: int  # the highest whole percentage in the band: 100 for the top band
    shade: int | None


def shade_for(position: int | None, count: int) -> int | None:
    """The heat map shade (0 to SHADES - 1) of the band at ``position`` of ``count`` bands,
    spread evenly over the bands.

    Shade 0 is the lowest band's alone: its cells are also bold with a heavy border (the
    page's stylesheet and print.css key that to shade 0), and the legend says the lowest
    level is. Spread evenly, a scale of 9 or more levels would give the second level
    shade 0 too, so it takes shade 1; scales of up to 8 levels are shaded as before.
    """
    if position is None:
        return None
    if count == 1:
        return SHADES - 1
    shade = round(position * (SHADES - 1) / (count - 1))
    return shade if position == 0 else max(shade, 1)


def legend(bands: Bands) -> list[LegendBand]:
    """Each band with its range of whole percentages, as figures are shown: 38% to 62%."""
    uppers = [int(bound) - 1 for bound, _ in bands[1:]] + [100]
    return [
        LegendBand(
            label=label,
            lower_bound=int(bound),
            upper_bound=upper,
            shade=shade_for(position, len(bands)),
        )
        for position, ((bound, label), upper) in enumerate(zip(bands, uppers, strict=True))
    ]
