"""We say / people say: the team's rating beside what people who use the service say.

Pure functions over plain values (no database), shared by every surface that shows
people's voice, so the page, the PDF, the board pack and the spreadsheets always agree.

The rules, stated once:

- **Answered** counts the answers on the agree-disagree scale; "Does not apply to me" is
  counted apart and is not in the share.
- **Agree** is the share of those answers that are "Agree" or "Strongly agree".
- **Small numbers are not shown**: with fewer than ``MIN_ANSWERS`` answers, a statement
  shows "fewer than 5 answers" instead of its share and count, so no one's answer can be
  picked out, and reports quote no comment on it. Counts of who answered follow the same
  rule, and when the total is shown the smallest groups shown are hidden too ("not
  shown") until no hidden group of 1 to 4, nor the hidden groups together, can be worked
  out as the total less the others. A comment names who wrote it only for a group shown.
  Only when no one has answered are the counts shown as 0: a 0 beside some answers would
  say that "fewer than 5" means 1 to 4, and so give away what subtraction cannot.
- **Flag**: the team rates the principle at least three quarters of the way up its scale
  (on the default 1 to 5 scale: 4 "Strengthening" or 5 "Embedded") but fewer than half of
  the people who answered agree, as the share is shown: a whole percentage under 50%. So
  49.5%, shown as "50% agree", is not flagged, and the words never contradict the figure.
  A statement with too few answers is never flagged. Reports name the levels in the
  scale's own words (``strong_levels_text``), never the default scale's.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

MIN_ANSWERS = 5
SUPPRESSED_TEXT = f"fewer than {MIN_ANSWERS} answers"
NO_ONE_YET = "No one has answered yet"

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
        """Whether the share shown (a whole percentage) is under 50%: "50% agree" never is."""
        shown = self.percent
        return shown is not None and shown < 50


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


def strong_from(values: Sequence[int]) -> int:
    """The lowest level of the scale that ``is_strong``: 4 on 1 to 5, 5 on 1 to 6."""
    lowest, highest = min(values), max(values)
    return min(value for value in values if is_strong(value, lowest=lowest, highest=highest))


def strong_levels_text(word: str, *, is_top: bool) -> str:
    """The levels the flag looks at, in the scale's words: "Strengthening or better", or
    the top level's word alone when it is the only one."""
    return word if is_top else f"{word} or better"


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


COMPLEMENT_TEXT = "not shown, so that a smaller group cannot be worked out"


def _worked_out(counts: Sequence[int], shown: Sequence[bool]) -> bool:
    """Whether the total less the groups shown gives away a group of 1 to 4: the hidden
    groups together, or one of them, given that each says "fewer than 5" (0 to 4) or
    "not shown" (5 or more)."""
    hidden = [n for n, is_shown in enumerate(shown) if not is_shown]
    rest = sum(counts[n] for n in hidden)
    if 0 < rest < MIN_ANSWERS:
        return True
    for n in hidden:
        if not 0 < counts[n] < MIN_ANSWERS:
            continue
        others = [counts[m] for m in hidden if m != n]
        most = sum(rest if count >= MIN_ANSWERS else MIN_ANSWERS - 1 for count in others)
        least = sum(MIN_ANSWERS if count >= MIN_ANSWERS else 0 for count in others)
        if max(0, rest - most) == min(MIN_ANSWERS - 1, rest - least):
            return True
    return False


def shown_groups(counts: Sequence[int]) -> list[str | None]:
    """How each of the groups making up a total is shown: None for its exact count,
    "fewer than 5", or ``COMPLEMENT_TEXT``. All are exact (0) when every group is 0;
    otherwise a group of 0 is "fewer than 5" like any small one (the module's rules say why).

    The total of them is shown (as ``small_count``), so groups of 5 or more are hidden too,
    smallest first, until nothing small can be worked out by subtraction. If even that is
    not enough (every group is 4 and the total shown), no group says it is fewer than 5.
    """
    if not any(counts):  # nothing to pick anyone out from
        return [None] * len(counts)
    shown = [count >= MIN_ANSWERS for count in counts]
    if sum(counts) < MIN_ANSWERS:
        return [None if is_shown else small_count(0) for is_shown in shown]
    complement = set()
    while _worked_out(counts, shown) and any(shown):
        smallest = min((n for n, s in enumerate(shown) if s), key=lambda n: counts[n])
        shown[smallest] = False
        complement.add(smallest)
    if _worked_out(counts, shown):
        complement = set(range(len(counts)))
    return [
        None if shown[n] else COMPLEMENT_TEXT if n in complement else small_count(0)
        for n in range(len(counts))
    ]


@dataclass(frozen=True)
class Respondents:
    """Who answered, with small counts hidden as everywhere else."""

    total: int
    by_kind: list[tuple[str, str]]  # (label, count as shown)
    assisted_text: str

    @property
    def total_text(self) -> str:
        return small_count(self.total) if self.total else NO_ONE_YET


def respondents(tally: Tally, labels: Mapping[str, str]) -> Respondents:
    """How many people answered, as whom, and how many answers were entered for someone."""
    counts = [tally.respondents.get(key, 0) for key in labels]
    hidden = shown_groups(counts)
    # Those entered for someone and the rest make up the same total: a hidden one could
    # be worked out from the other just as a group of who answered could.
    assisted = shown_groups([tally.assisted, tally.responses - tally.assisted])[0]
    return Respondents(
        total=tally.responses,
        by_kind=[(label, hidden[n] or str(counts[n])) for n, label in enumerate(labels.values())],
        assisted_text="0" if not tally.assisted else assisted or str(tally.assisted),
    )


@dataclass(frozen=True)
class CommentLabels:
    """What a comment may say about who wrote it without picking out a small group."""

    kinds: frozenset[str]  # the "answering as" groups a comment names
    assisted: bool  # whether a comment says a member entered it for them

    def who(self, answering_as: str, assisted: bool, labels: Mapping[str, str]) -> str:
        """For example "A carer, entered for them", or "" when nothing can be said."""
        parts = [labels[answering_as]] if answering_as in self.kinds else []
        if self.assisted and assisted:
            parts.append("entered for them" if parts else "Entered for them")
        return ", ".join(parts)


def comment_labels(cells: Mapping[tuple[str, bool], int], keys: Sequence[str]) -> CommentLabels:
    """Which labels comments can carry, from the count of people by (answering as, whether
    a member entered it for them).

    A comment names its group only when the round's page shows that group's count, so the
    comments not named come from the groups hidden there together, never from a few
    people. It says it was entered for them only when, within every set of comments
    labelled alike, at least 5 people (or none) were entered for and at least 5 (or none)
    were not, so neither can be told apart as a group of 1 to 4.
    """
    by_kind = [sum(n for (kind, _), n in cells.items() if kind == key) for key in keys]
    hidden = shown_groups(by_kind)
    named = frozenset(key for n, key in enumerate(keys) if hidden[n] is None)
    alike: dict[tuple[str | None, bool], int] = {}
    for (kind, entered), n in cells.items():
        key = (kind if kind in named else None, entered)
        alike[key] = alike.get(key, 0) + n
    any_entered = any(n for (_, entered), n in alike.items() if entered)
    safe = all(n == 0 or n >= MIN_ANSWERS for n in alike.values())
    return CommentLabels(kinds=named, assisted=bool(any_entered) and safe)


def may_quote(tally: Tally, principle_id: int) -> bool:
    """Reports quote a comment only on a statement whose figures they show: a quote on one
    with fewer than 5 answers would be one of those few people's words, and quotes
    counted against "fewer than 5 answers" would give the number away."""
    return not people_say(tally.by_principle.get(principle_id, {})).suppressed
