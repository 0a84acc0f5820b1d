"""The board pack's figures across services: the heat map's columns and cells, the legend
of each set of words, and the lowest-scoring principles across services.

Worked out from every service's figures (``assessments.score_figures``), so they are the
same on the page, which shows a page of services, and in the PDF, which shows them all.
"""

import functools
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from assessments import score_figures, scoring
from assessments.bands import Bands, band_index
from principles.models import Principle, heading

from .legend import LegendBand, legend, shade_for
from .number_format import percent

NOT_RATED, NOT_APPLICABLE = "–", "N/A"

# The most principles the PDF's heat map puts across one landscape page: at 12 (the shipped
# sets) each column is about 19 mm, as wide as "Strengthening" at 7pt. More are split over
# several tables of as near the same size as can be, each repeating the services.
HEAT_MAP_COLUMNS = 12


# One principle of the set, as the heat map's column heading (as read with the figures).
Column = score_figures.Column


# Compared and hashed as itself (``eq=False``): each different cell is made once
# (``_rated_cell``), and the markup written for it is looked up by it (``board_markup``).
@dataclass(frozen=True, eq=False)
class Cell:
    """One service's result for one principle; ``shade`` is None when not scored."""

    text: str
    normalised: float | None = None
    band: str | None = None
    shade: int | None = None
    not_applicable: bool = False


@dataclass(frozen=True)
class LowAcrossServices:
    """A principle among the lowest-scoring across services, by its average score."""

    column: Column
    mean: float
    rated_count: int


@dataclass(frozen=True)
class Legend:
    """One set of words with the whole percentages each covers, and the services read in it
    (all of them, unless the words of the scale changed between their submissions)."""

    services: tuple[str, ...]
    bands: tuple[LegendBand, ...]


@dataclass(frozen=True)
class HeatGroup:
    """A section of the set over the heat map's columns: its heading as shown ("Services
    must be…") and how many neighbouring columns it heads."""

    heading: str
    span: int


@dataclass(frozen=True)
class HeatPart:
    """Some of the heat map's principles, with each service's cells for them. ``of`` is the
    number of principles in all, None when one table shows every one. ``groups`` head the
    part's columns by section, empty for a set of one section."""

    columns: Sequence[Column]
    rows: list[tuple[object, Sequence[Cell]]]  # (service summary, its cells)
    first: int = 1
    last: int = 0
    of: int | None = None
    groups: tuple[HeatGroup, ...] = ()


def heat_parts(
    columns: Sequence[Column],
    included: Sequence,
    most: int = HEAT_MAP_COLUMNS,
    headings: Sequence[str] | None = None,
) -> list[HeatPart]:
    """The heat map as tables of at most ``most`` principles (30 principles: three of 10),
    each with its columns' sections when ``headings`` gives each column's (a section split
    between two tables heads its columns in each)."""
    if len(columns) <= most:
        return [
            HeatPart(
                columns,
                [(s, s.cells) for s in included],
                last=len(columns),
                groups=heat_groups(headings or ()),
            )
        ]
    size = math.ceil(len(columns) / math.ceil(len(columns) / most))
    return [
        HeatPart(
            columns[start : start + size],
            [(s, s.cells[start : start + size]) for s in included],
            first=start + 1,
            last=min(start + size, len(columns)),
            of=len(columns),
            groups=heat_groups((headings or ())[start : start + size]),
        )
        for start in range(0, len(columns), size)
    ]


def heat_groups(headings: Sequence[str]) -> tuple[HeatGroup, ...]:
    """Each run of neighbouring columns in the same section, as one heading over them."""
    groups: list[HeatGroup] = []
    for text in headings:
        if groups and groups[-1].heading == text:
            groups[-1] = HeatGroup(text, groups[-1].span + 1)
        else:
            groups.append(HeatGroup(text, 1))
    return tuple(groups)


def section_headings(columns: Sequence[Column], included: Sequence) -> list[str] | None:
    """Each column's section heading, as the set has it now (the pack names the set as it
    is now), or None for a set of one section, which needs no row of them. A set of one
    section is known from the services' own figures (each lists its sections), so only a
    set of several (Scotland's three lists) costs a query."""
    if not any(len(summary.sections) > 1 for summary in included):
        return None
    found = Principle.objects.filter(pk__in=[c.principle_id for c in columns]).values_list(
        "pk", "group__title", "group__title_is_stem"
    )
    by_principle = {pk: heading(title, is_stem=is_stem) for pk, title, is_stem in found}
    headings = [by_principle.get(c.principle_id, "") for c in columns]
    return headings if len(set(headings)) > 1 else None


def columns_of(column_lists: list[Sequence[score_figures.Column]]) -> list[Column]:
    """Every principle rated in any shown assessment, in the set's order."""
    seen: dict[int, Column] = {}  # the first assessment's words for each principle
    done = set()
    for columns in column_lists:
        if id(columns) in done:  # the same principles as an assessment before (read once)
            continue
        done.add(id(columns))
        for c in columns:
            seen.setdefault(c.principle_id, c)
    return sorted(seen.values(), key=lambda column: column.order)


_NOT_APPLICABLE_CELL = Cell(text=NOT_APPLICABLE, not_applicable=True)
_NOT_RATED_CELL = Cell(text=NOT_RATED)


def cells_of(figures: score_figures.Figures, columns: list[Column], bands: Bands) -> tuple:
    """One service's heat-map cells, a cell for each of the pack's ``columns``."""
    na = figures.not_applicable
    if [c.principle_id for c in figures.columns] == [c.principle_id for c in columns]:
        # The service rated every principle shown, in the same order (normally the case).
        return tuple(cell_of((n, i in na), bands) for i, n in enumerate(figures.normalised))
    by_principle = {
        c.principle_id: (normalised, i in na)
        for i, (c, normalised) in enumerate(zip(figures.columns, figures.normalised, strict=True))
    }
    return tuple(cell_of(by_principle.get(c.principle_id), bands) for c in columns)


def cell_of(score: tuple[float | None, bool] | None, bands) -> Cell:
    if score is not None and score[1]:
        return _NOT_APPLICABLE_CELL
    if score is None or score[0] is None:
        return _NOT_RATED_CELL
    return _rated_cell(score[0], bands)


# Scores take few values (one per level, mostly), so a hundred services by a hundred and
# twenty principles need only a handful of different cells: each is worked out once. Cells
# are frozen, so sharing one between services changes nothing.
@functools.lru_cache(maxsize=4096)
def _rated_cell(normalised: float, bands: Bands) -> Cell:
    index = band_index(normalised, bands)
    return Cell(
        text=percent(normalised),
        normalised=normalised,
        band=bands[index][1],
        shade=shade_for(index, len(bands)),
    )


def legends(included: list) -> list[Legend]:
    """Each set of words the shown services' scores are read in, with those services."""
    services: dict[Bands, list[str]] = defaultdict(list)
    for summary in included:
        services[summary.bands].append(summary.service.name)
    return [
        Legend(services=tuple(names), bands=tuple(legend(bands)))
        for bands, names in services.items()
    ]


def lowest_across_services(
    columns: list[Column], figures: list[score_figures.Figures]
) -> list[LowAcrossServices]:
    """The lowest-scoring principles across services: by average score over the services that
    rated them, with the same rule as each service's own list (``scoring.lowest``), so with
    one service the two agree. Ties are all shown."""
    rated: dict[int, list[float]] = defaultdict(list)
    # Services that rate the same principles (normally all) are read a principle at a time.
    alike: dict[int, list[score_figures.Figures]] = defaultdict(list)
    for service in figures:
        alike[id(service.columns)].append(service)
    for group in alike.values():
        ids = [c.principle_id for c in group[0].columns]
        for principle_id, scores in zip(
            ids, zip(*(f.normalised for f in group), strict=True), strict=True
        ):
            # Most principles are rated by every service: no need to pick the rated out.
            rated[principle_id].extend(
                scores if None not in scores else [v for v in scores if v is not None]
            )
    found = [
        LowAcrossServices(column, math.fsum(values) / len(values), len(values))
        for column in columns
        if (values := rated.get(column.principle_id))
    ]
    return scoring.lowest(found, lambda low: low.mean)
