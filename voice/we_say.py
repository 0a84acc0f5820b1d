"""We say / people say for one assessment, as every report surface shows it.

Reads the round (frozen figures once signed off) and the quotable comments, and pairs
them with the ratings the report has already loaded; the rules are in ``summary``.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from . import selectors
from .models import FeedbackRound
from .summary import Comparison, Respondents, TeamRating, compare, respondents


@dataclass(frozen=True)
class Quote:
    code: str
    statement: str
    comment: str


@dataclass(frozen=True)
class VoiceReport:
    feedback_round: FeedbackRound
    rows: list[Comparison]
    respondents: Respondents
    quotes: list[Quote]

    @property
    def flagged(self) -> list[Comparison]:
        return [row for row in self.rows if row.flagged]

    @property
    def is_frozen(self) -> bool:
        return self.feedback_round.is_frozen


def team_answer(rating) -> str:
    """The team's rating as the report words it."""
    if rating.not_applicable:
        return "Not applicable"
    if rating.level_value is None:
        return "Not rated"
    return f"{rating.level_value} – {rating.level_label}"


def team_ratings(ratings: Sequence) -> list[TeamRating]:
    """The report's ratings (with principle and level loaded) as the comparison takes them."""
    return [
        TeamRating(
            principle_id=rating.principle_id,
            code=rating.code,
            short_title=rating.short_title,
            level_value=None if rating.not_applicable else rating.level_value,
            answer=team_answer(rating),
        )
        for rating in ratings
    ]


def voice_report(
    assessment, ratings: Sequence, *, scale_values: Sequence[int]
) -> VoiceReport | None:
    """The assessment's people's voice, or None when it has no feedback round.

    ``ratings`` are the report's, in its order; ``scale_values`` the scale it scores on.
    A few queries, however many people answered.
    """
    feedback_round = selectors.round_for_assessment(assessment)
    if feedback_round is None:
        return None
    return voice_report_for(feedback_round, ratings, scale_values=scale_values)


def voice_report_for(
    feedback_round: FeedbackRound, ratings: Sequence, *, scale_values: Sequence[int]
) -> VoiceReport:
    """As ``voice_report``, for a round already read (with its assessment)."""
    tally = selectors.tally_for_round(feedback_round)
    team = team_ratings(ratings)
    rows = compare(team, tally, lowest=min(scale_values), highest=max(scale_values))
    codes = {rating.principle_id: rating.code for rating in team}
    quotes = [
        Quote(
            code=codes.get(group.principle.pk, group.principle.code),
            statement=tally.statements.get(group.principle.pk, group.principle.feedback_statement),
            comment=answer.comment,
        )
        for group in selectors.comments_for_round(feedback_round, quotable_only=True)
        for answer in group.answers
    ]
    return VoiceReport(
        feedback_round=feedback_round,
        rows=rows,
        respondents=respondents(tally, selectors.respondent_labels()),
        quotes=quotes,
    )
