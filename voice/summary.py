"""We say / people say: the team's rating beside what people who use the service say.

Pure functions over plain values (no database), shared by every surface that shows
people's voice, so the page, the PDF, the board pack and the spreadsheets always agree.

The rules, stated once:

- **Answered** counts the answers on the agree-disagree scale; "Does not apply to me" is
  counted apart and is not in the share.
- **Agree** is the share of those answers that are "Agree" or "Strongly agree".
- **Small numbers are not shown**: with fewer than ``MIN_ANSWERS`` answers, a statement
  shows "fewer than 5 answers" instead of its share and count, so no one's answer can be
  picked out. Counts of who answered follow the same rule, and when the total is shown
  and only one group is hidden, the next smallest is hidden too ("not shown"): otherwise
  the hidden one is the total less the others.
- **Flag**: the team rates the principle at least three quarters of the way up its scale
  (on the default 1 to 5 scale: 4 "Strengthening" or 5 "Embedded") but fewer than half of
  the people who answered agree. A statement with too few answers is never flagged.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

MIN_ANSWERS = 5
SUPPRESSED_TEXT = f"fewer than {MIN_ANSWERS} answers"

AGREEING = ("strongly-agree", "agree")
ON_SCALE = ("strongly-agree", "agree", "neither", "disagree", "strongly-disagree")
DOES_NOT_APPLY = "does-not-apply"


@dataclass(frozen=True)
class Tally:
    """Counted answers of one round: by principle id and answer, and who answered."""

    by_principle: Mapping[int, Mapping[str, int]] = field(default_factory=dict)
    statements: Mapping[int, str] = field(default_factory=dict)
    respondents: Mapping[str, int] = field(default_factory=dict)  # by "answering as"
    assisted: int = 0

    @property
    def responses(self) -> int:
        return sum(self.respondents.values())

    def to_json(self) -> dict:
        """As stored when the assessment is signed off (JSON keys are strings)."""
        return {
            "by_principle": {
                str(pk): dict(counts) for pk, counts in sorted(self.by_principle.items())
            },
            "statements": {str(pk): text for pk, text in sorted(self.statements.items())},
            "respondents": dict(self.respondents),
            "assisted": self.assisted,
        }

    @classmethod
    def from_json(cls, data: Mapping) -> "Tally":
        return cls(
            by_principle={int(pk): dict(c) for pk, c in data.get("by_principle", {}).items()},
            statements={int(pk): text for pk, text in data.get("statements", {}).items()},
            respondents=dict(data.get("respondents", {})),
            assisted=int(data.get("assisted", 0)),
        )


def small_count(count: int) -> str:
    """A count as shown to anyone: exact from 5 upwards, otherwise "fewer than 5"."""
    return str(count) if count >= MIN_ANSWERS else f"fewer than {MIN_ANSWERS}"


def percent(share: Fraction) -> int:
    """A share as a whole percentage, halves rounded up (so 2 of 8 is 25%, 1 of 8 is 13%)."""
    return int(share * 100 + Fraction(1, 2))


@dataclass(frozen=True)
class PeopleSay:
    """What people said about one statement."""

    answered: int
    agreeing: int
    does_not_apply: int = 0

    @property
    def suppressed(self) -> bool:
        return self.answered < MIN_ANSWERS

    @property
    def share(self) -> Fraction | None:
        """The share agreeing, or None when there are too few answers to show it."""
        return None if self.suppressed else Fraction(self.agreeing, self.answered)

    @property
    def percent(self) -> int | None:
        share = self.share
        return None if share is None else percent(share)

    @property
    def share_text(self) -> str:
        """For example "72% agree", or "fewer than 5 answers"."""
        return SUPPRESSED_TEXT if self.suppressed else f"{self.percent}% agree"

    @property
    def answered_text(self) -> str:
        return SUPPRESSED_TEXT if self.suppressed else str(self.answered)

    @property
    def fewer_than_half_agree(self) -> bool:
        return not self.suppressed and 2 * self.agreeing < self.answered


def people_say(counts: Mapping[str, int]) -> PeopleSay:
    """Count one statement's answers."""
    return PeopleSay(
        answered=sum(counts.get(answer, 0) for answer in ON_SCALE),
        agreeing=sum(counts.get(answer, 0) for answer in AGREEING),
        does_not_apply=counts.get(DOES_NOT_APPLY, 0),
    )


def is_strong(level_value: int | None, *, lowest: int, highest: int) -> bool:
    """At least three quarters of the way up the scale: "Strengthening" or better on 1 to 5."""
    if level_value is None:
        return False
    return 4 * (level_value - lowest) >= 3 * (highest - lowest)


@dataclass(frozen=True)
class TeamRating:
    """The team's rating of one principle, as the report shows it."""

    principle_id: int
    code: str
    short_title: str
    level_value: int | None  # None when not applicable or not rated
    answer: str  # for example "4 - Strengthening" (with an en dash), "Not applicable"


@dataclass(frozen=True)
class Comparison:
    """One principle: we say (the team's rating) and people say (their statement's answers)."""

    team: TeamRating
    statement: str  # "" when the principle has no statement for people
    people: PeopleSay | None  # None when the principle has no statement
    flagged: bool

    @property
    def people_text(self) -> str:
        return self.people.share_text if self.people else "No statement for people"

    @property
    def answered_text(self) -> str:
        return self.people.answered_text if self.people else ""


def compare(
    team: Sequence[TeamRating], tally: Tally, *, lowest: int, highest: int
) -> list[Comparison]:
    """We say / people say for each principle, in the team's order."""
    rows = []
    for rating in team:
        statement = tally.statements.get(rating.principle_id, "")
        people = people_say(tally.by_principle.get(rating.principle_id, {})) if statement else None
        flagged = (
            people is not None
            and people.fewer_than_half_agree
            and is_strong(rating.level_value, lowest=lowest, highest=highest)
        )
        rows.append(Comparison(team=rating, statement=statement, people=people, flagged=flagged))
    return rows


@dataclass(frozen=True)
class Respondents:
    """Who answered, with small counts hidden as everywhere else."""

    total: int
    by_kind: list[tuple[str, str]]  # (label, count as shown)
    assisted_text: str

    @property
    def total_text(self) -> str:
        return small_count(self.total)


COMPLEMENT_TEXT = "not shown, so that a smaller group cannot be worked out"


def respondents(tally: Tally, labels: Mapping[str, str]) -> Respondents:
    """How many people answered, as whom, and how many answers were entered for someone."""
    counts = [tally.respondents.get(key, 0) for key in labels]
    shown = [small_count(count) for count in counts]
    hidden = [n for n, count in enumerate(counts) if count < MIN_ANSWERS]
    # One group of 1 to 4 hidden beside a total that is shown could be worked out by
    # subtraction; hiding the next smallest group as well leaves only their sum.
    if tally.responses >= MIN_ANSWERS and len(hidden) == 1 and counts[hidden[0]] > 0:
        others = [n for n in range(len(counts)) if n != hidden[0]]
        if others:
            shown[min(others, key=lambda n: counts[n])] = COMPLEMENT_TEXT
    return Respondents(
        total=tally.responses,
        by_kind=list(zip(labels.values(), shown, strict=True)),
        assisted_text=small_count(tally.assisted) if tally.assisted else "0",
    )
