"""The read model of team scoring: each principle's spread of individual ratings.

Every page and document that shows a spread reads it here, in a fixed number of queries
however many raters, principles or assessments: one for the individual ratings and one
for the scales' level labels. The rule itself is pure: ``assessments.agreement``, given
the scale's values so that it counts steps along the scale, whatever the levels' values.

Spreads exist only once agreement has opened (``RatingPhase.AGREEMENT``, which a
submitted or signed-off team assessment keeps): before that the ratings are private,
and a shared assessment has none. Submitted assessments read the levels frozen at
submission, so a signed-off assessment's spread never changes.
"""

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, F, When
from django.db.models.functions import Coalesce

from assessments import agreement as agreement_rule
from assessments.models import Assessment, Rating, RatingPhase
from assessments.read_model import scale_values
from principles.models import RatingLevel

from .models import IndividualRating

NBSP = "\u00a0"
WORD_JOINER = "\u2060"


def level_cell(value: int, label: str) -> str:
    """A level as a table cell shows it: its value, dash and words on one line. A line may
    break after an en dash, even before a non-breaking space, hence the word joiner."""
    return f"{value}{NBSP}–{WORD_JOINER}{NBSP}{label.replace(' ', NBSP)}"


@dataclass(frozen=True)
class TeamRating:
    """One person's individual rating of a principle, as shown."""

    name: str  # shown to members only: ``report_name``, else their email address
    level: int | None
    answer: str  # the level and its label, or "Not applicable"
    rationale: str  # or why it is not applicable
    # As reports name the rater, where the lead chose to: frozen at submission, never an
    # email address; "" for someone with no name, whose rationale is then the team's.
    report_name: str = ""


@dataclass(frozen=True)
class LevelCount:
    value: int
    label: str
    count: int


@dataclass(frozen=True)
class Spread:
    """How a team's individual ratings of one principle are spread, and whether it agreed."""

    principle_id: int
    agreement: agreement_rule.Agreement
    counts: tuple[LevelCount, ...]  # every level of the scale, lowest first
    not_applicable: int
    ratings: tuple[TeamRating, ...]  # lowest level first, not applicable last

    @property
    def scale(self) -> tuple[int, ...] | None:
        """The values of the scale's levels, lowest first, for the rules that count levels."""
        return tuple(level.value for level in self.counts) or None

    @property
    def chosen(self) -> list[LevelCount]:
        """The levels someone chose, lowest first."""
        return [level for level in self.counts if level.count]

    @property
    def verdict(self) -> str:
        if self.agreement.count == 0:
            return "No ratings"
        if self.agreement.count == 1:  # one person's level agrees with nobody's
            return "Only one rating"
        return "Split" if self.agreement.split else "Agreed"

    @property
    def spread_word(self) -> str:
        """The report's "Spread" column: "Split" or "Not split" as the rule decides, else why
        there is no telling ("No ratings", "Only one rating"). Never "Agreed": beside an
        agreed rating of "Not agreed yet" that would read as a contradiction."""
        if self.agreement.split:
            return "Split"
        if self.agreement.agreed and self.agreement.count > 1:
            return "Not split"
        return self.verdict

    def level_text(self, value: int, *, nowrap: bool = False) -> str:
        """A level in the scale's words, as the agreed rating is written: its value, an en dash
        and its label; the value alone when the scale gives it no label here (``_scales``).
        ``nowrap`` joins the words with non-breaking spaces, for a table cell."""
        label = next((level.label for level in self.counts if level.value == value), "")
        if not label:
            return str(value)
        if nowrap:
            return level_cell(value, label)
        return f"{value} – {label}"

    @property
    def median_text(self) -> str:
        """The median as a level (``level_text``); between two levels, the number halfway
        between their values and both levels, each in its words: "2.5 (between 2 and 3)",
        or on a scale numbered in tens "25 (between 20 and 30)"."""
        return self._median(nowrap=False)

    @property
    def median_cell(self) -> str:
        """``median_text`` for a table cell: it never breaks a line inside a level's words."""
        return self._median(nowrap=True)

    @property
    def range_text(self) -> str:
        """ "2 to 4", each level in its words (``level_text``); the one level if all chose it."""
        return self._range(nowrap=False)

    @property
    def range_cell(self) -> str:
        """``range_text`` for a table cell: lines break only around "to"."""
        return self._range(nowrap=True)

    def _median(self, *, nowrap: bool) -> str:
        median = self.agreement.median
        if median is None:  # nobody chose a level: none rated it, or all said not applicable
            return "No levels"
        if self.agreement.median_on_a_level:
            return self.level_text(int(median), nowrap=nowrap)
        # The levels either side, read from the scale: on one numbered in tens a median of 25
        # is a whole number but no level, between 20 and 30. With no levels to read, the
        # whole numbers either side.
        values = [level.value for level in self.counts]
        below = max((value for value in values if value < median), default=math.floor(median))
        above = min((value for value in values if value > median), default=math.ceil(median))
        below, above = (self.level_text(value, nowrap=nowrap) for value in (below, above))
        return f"{number(median)} (between {below} and {above})"

    def _range(self, *, nowrap: bool) -> str:
        a = self.agreement
        if a.count == 0:
            return "No levels"
        if a.lowest == a.highest:
            return self.level_text(a.lowest, nowrap=nowrap)
        lowest = self.level_text(a.lowest, nowrap=nowrap)
        return f"{lowest} to {self.level_text(a.highest, nowrap=nowrap)}"

    @property
    def count_text(self) -> str:
        """ "5 ratings", with any not applicable: "4 ratings, 1 not applicable"."""
        text = plural(self.agreement.count, "rating")
        if self.not_applicable:
            text += f", {self.not_applicable} not applicable"
        return text

    @property
    def summary(self) -> str:
        """One sentence a board member can read: count, median, range and the verdict, the
        levels in the scale's words."""
        a = self.agreement
        if a.count == 0:
            return f"{self.count_text}: no levels to compare"
        if a.count == 1:
            return f"{self.count_text}: {self.range_text}, nothing to compare it with"
        if a.lowest == a.highest:
            return f"{self.count_text}: all {self.range_text}, {self.verdict.lower()}"
        return (
            f"{self.count_text}: median {self.median_text}, range {self.range_text}, "
            f"{self.verdict.lower()}"
        )


def number(value: float | None) -> str:
    """A median as written: 3, or 2.5 between two levels."""
    if value is None:
        return "None"
    return str(int(value)) if value == int(value) else f"{value:.1f}"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def is_visible(assessment: Assessment) -> bool:
    """Whether the assessment has spreads to show: team scored, and agreement opened."""
    return assessment.rating_phase == RatingPhase.AGREEMENT


def spreads_for(
    assessments: Iterable[Assessment], *, rating: Rating | None = None
) -> dict[int, dict[int, Spread]]:
    """Each visible assessment's spreads by principle id, by assessment id (two queries).

    Assessments with nothing to show are left out. ``rating`` limits it to one principle.
    """
    visible = {a.pk: a for a in assessments if is_visible(a)}
    if not visible:
        return {}
    individuals = IndividualRating.objects.filter(rater__assessment_id__in=visible)
    if rating is not None:
        individuals = individuals.filter(rating=rating)
    rows = individuals.values_list(
        "rater__assessment_id",
        "rating__principle_id",
        Coalesce("frozen_level_value", "level__value"),
        # The frozen label once submitted (frozen_level_value set), else the level's own.
        Case(
            When(frozen_level_value__isnull=False, then=F("frozen_level_label")),
            default=F("level__label"),
        ),
        "not_applicable",
        "not_applicable_reason",
        "rationale",
        "rater__frozen_name",
        "rater__user__display_name",
        "rater__user__first_name",
        "rater__user__last_name",
        "rater__user__email",
    ).order_by("rater__added_at", "rater_id")
    given: dict[tuple[int, int], list[TeamRating]] = defaultdict(list)
    frozen_labels: dict[int, dict[int, str]] = defaultdict(dict)
    for (
        assessment_id,
        principle_id,
        value,
        label,
        na,
        reason,
        rationale,
        frozen_name,
        display_name,
        first,
        last,
        email,
    ) in rows:
        if not na and value is None:
            continue  # not rated yet: not part of the spread
        # Frozen at submission (null in a draft), so renaming someone never changes a
        # submitted or signed-off report; else as ``User.name`` gives it today.
        report_name = (
            frozen_name if frozen_name is not None else display_name or f"{first} {last}".strip()
        )
        names = {"name": report_name or email, "report_name": report_name}
        if na:
            given[assessment_id, principle_id].append(
                TeamRating(**names, level=None, answer="Not applicable", rationale=reason)
            )
            continue
        frozen_labels[assessment_id].setdefault(value, label)
        given[assessment_id, principle_id].append(
            TeamRating(**names, level=value, answer=f"{value} – {label}", rationale=rationale)
        )
    scales = _scales(visible.values(), frozen_labels)
    principles = defaultdict(set)
    for assessment_id, principle_id in given:
        principles[assessment_id].add(principle_id)
    if rating is not None:
        for assessment_id in visible:
            principles[assessment_id].add(rating.principle_id)
    return {
        pk: {
            principle_id: spread(principle_id, given[pk, principle_id], scales[pk])
            for principle_id in principles[pk]
        }
        for pk in visible
    }


def spread(principle_id: int, ratings: list[TeamRating], scale: list[tuple[int, str]]) -> Spread:
    """One principle's spread from its given individual ratings (pure)."""
    levels = [r.level for r in ratings if r.level is not None]
    ordered = sorted(ratings, key=lambda r: (r.level is None, r.level or 0))
    return Spread(
        principle_id=principle_id,
        agreement=agreement_rule.agreement(levels, [value for value, _ in scale]),
        counts=tuple(LevelCount(value, label, levels.count(value)) for value, label in scale),
        not_applicable=len(ratings) - len(levels),
        ratings=tuple(ordered),
    )


def _scales(assessments, frozen_labels) -> dict[int, list[tuple[int, str]]]:
    """Each assessment's scale as (value, label), lowest first, in one query.

    Values frozen with the assessment where there are some. Labels as frozen with the
    individual ratings that chose them; a draft's other levels take the scale's current
    labels, but a submitted assessment's are left unlabelled, so that nothing it shows can
    change after submission.
    """
    assessments = list(assessments)
    current: dict[int, dict[int, str]] = defaultdict(dict)
    for scale_id, value, label in RatingLevel.objects.filter(
        scale_id__in={a.rating_scale_id for a in assessments}
    ).values_list("scale_id", "value", "label"):
        current[scale_id][value] = label
    scales = {}
    for a in assessments:
        labels = {**(current[a.rating_scale_id] if a.is_draft else {}), **frozen_labels[a.pk]}
        values = a.frozen_scale_values or sorted(current[a.rating_scale_id])
        scales[a.pk] = [(value, labels.get(value, "")) for value in sorted(values)]
    return scales


def median_for_rating(rating: Rating, *, scale: Iterable[int] | None = None) -> float | None:
    """The median of the individual levels given for this rating's principle, in the values
    of ``scale`` (the assessment's, as ``scale_of`` reads it, unless given): one query when
    it is given."""
    levels = (
        IndividualRating.objects.filter(rating=rating, not_applicable=False)
        .annotate(value=Coalesce(F("frozen_level_value"), F("level__value")))
        .exclude(value__isnull=True)
        .values_list("value", flat=True)
    )
    if scale is None:
        scale = scale_of(rating.assessment)
    return agreement_rule.agreement(list(levels), scale).median


def scale_of(assessment: Assessment) -> list[int]:
    """The assessment's level values as its spreads read them (``_scales``): frozen when it
    started, else its scale's as they are now (one query)."""
    return assessment.frozen_scale_values or scale_values(assessment)
