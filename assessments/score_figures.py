"""An assessment's scores as plain values: what is stored at sign-off (``StoredScores``) and
how pages that list many services read them back.

``figures_of`` turns one assessment's scores (``read_model.Scored``, from ``score_rows``)
into JSON-ready values; ``Figures`` is what is read back. The figures are the assessment's
own: nothing in them depends on another assessment, so a later sign-off never changes them.
The comparison with the previous signed-off assessment is made when they are read, from
that assessment's own overall score (``HeadlineScore.compared``), exactly as
``scoring.score_assessment`` makes it.

Kept: the overall score and what the page says about it, each principle's score (for the
heat map and the lowest-scoring principles across services), each section's score, the
lowest-scoring principles, and the principles rated below their targets.
"""

import dataclasses
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

from . import scoring
from .read_model import Scored

# Bumped if the figures' shape changes, so old rows are worked out again, never misread.
VERSION = 1


# Built on scoring's own "answered" properties and shown change, so a stored score reads
# exactly as a live one (both private to the rules, shared here on purpose).
@dataclass(frozen=True)
class HeadlineScore(scoring._Answered):
    """An assessment's overall score as pages list it (a subset of ``AssessmentScore``)."""

    weighted_score: float | None
    band: str | None
    coverage: float | None
    rated_count: int
    not_applicable_count: int
    unrated_count: int
    total_count: int
    carried_forward_count: int = 0
    previous_weighted_score: float | None = None
    change: float | None = None

    @property
    def shown_change(self) -> int | None:
        return scoring._shown_difference(self.weighted_score, self.previous_weighted_score)

    @classmethod
    def of(cls, score: scoring.AssessmentScore) -> "HeadlineScore":
        """The headline part of a full score (its comparison included)."""
        return cls(**{f.name: getattr(score, f.name) for f in dataclasses.fields(cls)})

    def compared(self, previous: "HeadlineScore | None") -> "HeadlineScore":
        """This score with the change since ``previous`` (the previous signed-off
        assessment on the same scale), as ``scoring.score_assessment`` works it out."""
        if previous is None:
            return self
        before = previous.weighted_score
        return dataclasses.replace(
            self,
            previous_weighted_score=before,
            change=(
                self.weighted_score - before
                if self.weighted_score is not None and before is not None
                else None
            ),
        )


@dataclass(frozen=True, slots=True)
class Column:
    """A principle the assessment rated (or could have), as a heading shows it."""

    principle_id: int
    order: int
    code: str
    short_title: str


@dataclass(frozen=True, slots=True)
class BelowTargetRow:
    code: str
    short_title: str
    rating: str  # the level and its words, as the table shows them
    target: str
    levels_below: int


@dataclass(frozen=True)
class Figures:
    """One assessment's figures as read back: each principle's score (None when not scored)
    and whether it is not applicable, with the principles' columns. ``normalised`` (and so
    ``not_applicable``), ``sections``, ``lowest`` and ``below_target`` are None unless they
    were asked for (a page reads them only for the services it shows)."""

    headline: HeadlineScore
    columns: Sequence[Column]
    normalised: Sequence[float | None] | None  # in the order of ``columns``
    not_applicable: frozenset[int] = frozenset()  # places in ``columns``
    sections: tuple[tuple[str, scoring.GroupScore], ...] | None = None
    lowest: tuple[tuple[str, str, float | None], ...] | None = None
    below_target: tuple[BelowTargetRow, ...] | None = None


HEADLINE_FIELDS = [f.name for f in dataclasses.fields(HeadlineScore)][:8]


def figures_of(scored: Scored) -> dict:
    """JSON-ready figures of one assessment scored from ``score_rows.RatingRow`` values.
    Its comparison with an earlier assessment is left out (it is not the assessment's own)."""
    score, ratings = scored.score, scored.ratings
    columns = [[r.principle_id, r.order, r.code, r.short_title] for r in ratings]
    headings = {r.group_title: r.group_heading for r in ratings}
    titles = {r.code: r.short_title for r in ratings}
    return {
        "version": VERSION,
        # What a page reads for every service it lists, in one piece (quick to read for a
        # hundred): the overall score, each principle's score in the order of "columns",
        # the places of those not applicable, and a name for the list of columns.
        "summary": {
            "headline": [getattr(score, name) for name in HEADLINE_FIELDS],
            "normalised": [p.normalised for p in score.principles],
            "not_applicable": [i for i, p in enumerate(score.principles) if p.not_applicable],
            "columns_key": hashlib.sha256(json.dumps(columns).encode()).hexdigest()[:16],
        },
        # The principles, in the order of "normalised": read once per different list.
        "columns": columns,
        # What a page reads only for the services it shows in full.
        "detail": {
            "sections": [
                [
                    headings[g.group],
                    g.group,
                    g.weighted_score,
                    g.coverage,
                    g.rated_count,
                    g.total_count,
                    g.not_applicable_count,
                    g.band,
                ]
                for g in score.groups
            ],
            "lowest": [[p.code, titles[p.code], p.normalised] for p in score.lowest_scoring],
            "below_target": [dataclasses.astuple(row) for row in below_target(scored)],
        },
    }


def below_target(scored: Scored) -> list[BelowTargetRow]:
    """The principles rated below the target the service set, with how many levels below."""
    values = scored.scale.values
    found = []
    for rating, score in zip(scored.ratings, scored.score.principles, strict=True):
        target, level = rating.target_value, score.level
        if target is None or level is None or rating.not_applicable or level >= target:
            continue
        below = (
            values.index(target) - values.index(level)
            if target in values and level in values
            else target - level
        )
        found.append(
            BelowTargetRow(
                code=rating.code,
                short_title=rating.short_title,
                rating=f"{rating.level_value} – {rating.level_label}",
                target=f"{target} – {rating.target_label}",
                levels_below=below,
            )
        )
    return found


def headline_from(values: list) -> HeadlineScore:
    return HeadlineScore(*values)


def columns_from(values: list) -> tuple[Column, ...]:
    return tuple(Column(*column) for column in values)


def sections_from(values: list) -> tuple[tuple[str, scoring.GroupScore], ...]:
    return tuple(
        (
            heading,
            scoring.GroupScore(
                group=group,
                weighted_score=weighted,
                coverage=coverage,
                rated_count=rated,
                total_count=total,
                not_applicable_count=na,
                band=band,
            ),
        )
        for heading, group, weighted, coverage, rated, total, na, band in values
    )


def lowest_from(values: list) -> tuple[tuple[str, str, float | None], ...]:
    return tuple((code, title, normalised) for code, title, normalised in values)


def below_target_from(values: list) -> tuple[BelowTargetRow, ...]:
    return tuple(BelowTargetRow(*row) for row in values)


def read(values: dict) -> Figures:
    """``Figures`` from the values ``figures_of`` gave (after a trip through JSON or not)."""
    return with_detail(summary_from(values["summary"], values["columns"]), values["detail"])


def summary_from(summary: dict, columns: list | tuple) -> Figures:
    """``Figures`` without their detail, from the "summary" ``figures_of`` gave and columns
    (as given, or already read)."""
    columns = columns if isinstance(columns, tuple) else columns_from(columns)
    return with_scores(
        headline_only(summary["headline"], columns),
        summary["normalised"],
        summary["not_applicable"],
    )


def headline_only(headline: list, columns: tuple[Column, ...]) -> Figures:
    """``Figures`` with the overall score alone (and the columns, already read)."""
    return Figures(headline=headline_from(headline), columns=columns, normalised=None)


def with_scores(figures: Figures, normalised: list, not_applicable: list) -> Figures:
    """The figures with each principle's score and the places of those not applicable."""
    return dataclasses.replace(
        figures, normalised=normalised, not_applicable=frozenset(not_applicable)
    )


def with_detail(figures: Figures, detail: dict) -> Figures:
    """The figures with their sections, lowest-scoring principles and targets."""
    return dataclasses.replace(
        figures,
        sections=sections_from(detail["sections"]),
        lowest=lowest_from(detail["lowest"]),
        below_target=below_target_from(detail["below_target"]),
    )
