"""Page one of the report, what a board reads first: how are we doing, where are we weak,
and what are we doing about it.

Built from the report (``reports.build_report``) with no further queries. It uses the
report's own definitions: the headline is the score in the scale's own words
(``score.band``), the weakest principles are the report's lowest-scoring ones
(``scoring.lowest``, ties shown) and the strongest mirror that rule from the top, leaving
out any principle already among the weakest, so none is called both. A signed-off
assessment's actions are shown as they were signed off: progress since is on the Actions
page and in the board pack.
"""

from dataclasses import dataclass
from functools import cached_property

from assessments.bands import half_up
from assessments.follow_up import weak_levels_words, weak_without_action
from assessments.models import CLOSED_STATUSES, ImprovementAction

STRONGEST_COUNT = 3


@dataclass(frozen=True)
class WeakRow:
    """A weak principle with its open actions, or why it has none ("No action")."""

    row: object  # reports.ReportRow
    open_actions: tuple[ImprovementAction, ...]
    no_action_reason: str

    @property
    def no_action(self) -> bool:
        return not self.open_actions


@dataclass(frozen=True)
class TargetRow:
    """A principle with a target level; ``gap`` is how many levels it is below (0 if not)."""

    row: object  # reports.ReportRow
    target_value: int
    target_label: str
    gap: int | None  # None when the principle is not rated

    @property
    def below(self) -> bool:
        return bool(self.gap)


def strongest(rows: list, count: int = STRONGEST_COUNT, weakest: list = ()) -> list:
    """The rated principles with the highest scores above 0%, highest first: at least
    ``count``, and every one whose score, as readers see it, equals the last one's
    (``scoring.lowest``, mirrored). Rows in ``weakest`` are left out: when few principles
    are rated, or all score the same, the same principle would otherwise be listed as both
    strongest and weakest."""
    left_out = {row.rating.code for row in weakest}
    above = sorted(
        (
            r
            for r in rows
            if r.score.normalised is not None
            and half_up(r.score.normalised) > 0
            and r.rating.code not in left_out
        ),
        key=lambda r: -r.score.normalised,
    )
    if len(above) <= count or count == 0:
        return above[:count] if count == 0 else above
    cut = half_up(above[count - 1].score.normalised)
    return [r for r in above if half_up(r.score.normalised) >= cut]


def levels_below(level: int, target: int, values=()) -> int:
    """How many levels of the scale ``level`` is below ``target`` (0 at or above it)."""
    if level in values and target in values:
        return max(values.index(target) - values.index(level), 0)
    return max(target - level, 0)


def gap_text(gap: int | None) -> str:
    """A gap to target (``levels_below``; None when not rated) in the report's words, for
    the report, the board pack and the spreadsheets alike."""
    if gap is None:
        return "Not rated"
    if gap == 0:
        return "Target met"
    return f"{gap} level{'' if gap == 1 else 's'} below"


def _open(rating) -> tuple[ImprovementAction, ...]:
    return tuple(a for a in rating.actions.all() if a.status not in CLOSED_STATUSES)


@dataclass(frozen=True)
class PageOne:
    report: object  # reports.Report

    @property
    def headline(self) -> str:
        """The overall score in the scale's own words."""
        return self.report.score.band or "Not scored"

    @cached_property
    def strongest(self) -> list:
        return strongest(self.report.rows, weakest=self.report.lowest_scoring)

    @cached_property
    def weakest(self) -> list[WeakRow]:
        return [
            WeakRow(row, _open(row.rating), row.rating.no_action_reason)
            for row in self.report.lowest_scoring
        ]

    @cached_property
    def weak_levels(self) -> str:
        """Which levels count as weak, as the rule words them for this scale."""
        return weak_levels_words(self.report.scale.values)

    @cached_property
    def no_action(self) -> list:
        """Principles rated at a weak level (``follow_up.weak_values``) with no open action:
        each is marked "No action", with the reason the lead gave at submission."""
        weak = weak_without_action(
            [row.rating for row in self.report.rows], self.report.scale.values
        )
        ids = {rating.pk for rating in weak}
        return [row for row in self.report.rows if row.rating.pk in ids]

    @cached_property
    def no_action_codes(self) -> set[str]:
        return {row.rating.code for row in self.no_action}

    @cached_property
    def targets(self) -> list[TargetRow]:
        found = []
        for row in self.report.rows:
            rating = row.rating
            if rating.target_value is None or rating.not_applicable:
                continue
            level = rating.level_value if row.score.normalised is not None else None
            found.append(
                TargetRow(
                    row=row,
                    target_value=rating.target_value,
                    target_label=rating.target_label,
                    gap=None if level is None else self._levels_below(level, rating.target_value),
                )
            )
        return found

    @property
    def below_target(self) -> list[TargetRow]:
        return [t for t in self.targets if t.below]

    def _levels_below(self, level: int, target: int) -> int:
        return levels_below(level, target, self.report.scale.values)
