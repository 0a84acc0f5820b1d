"""The words a score can read as, each with the whole percentages it covers.

Scores are read in the scale's own words (``assessments.bands``): the report's method
section and the board pack's legend list them from the same bands the scores were read
in, frozen at submission, so a legend never disagrees with the words beside the figures.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from assessments.bands import Bands

SHADES = 5  # heat map shades, 0 the lowest band (the weakest stands out); see print.css


@dataclass(frozen=True)
class LegendBand:
    label: str
    lower_bound: int
    upper_bound: int  # the highest whole percentage in the band: 100 for the top band
    shade: int | None


def shade_for(band: str | None, bands: Sequence[tuple[float, str]]) -> int | None:
    """The heat map shade (0 to SHADES - 1) of a band, spread evenly over the bands."""
    labels = [label for _, label in bands]
    if band not in labels:
        return None
    if len(labels) == 1:
        return SHADES - 1
    return round(labels.index(band) * (SHADES - 1) / (len(labels) - 1))


def legend(bands: Bands) -> list[LegendBand]:
    """Each band with its range of whole percentages, as figures are shown: 38% to 62%."""
    uppers = [int(bound) - 1 for bound, _ in bands[1:]] + [100]
    return [
        LegendBand(
            label=label,
            lower_bound=int(bound),
            upper_bound=upper,
            shade=shade_for(label, bands),
        )
        for (bound, label), upper in zip(bands, uppers, strict=True)
    ]
