"""We say / people say for one assessment, as every report surface shows it.

Reads the round (frozen figures once signed off) and the quotable comments, and pairs
them with the ratings the report has already loaded; the rules are in ``summary``.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone

from assessments.answers import answer_text
from assessments.bands import band_for
from assessments.read_model import bands_for, scale_input
from assessments.scoring import normalise

from . import selectors
from .models import FeedbackRound
from .summary import (
    Comparison,
    Respondents,
    TeamRating,
    compare,
    may_quote,
    respondents,
    strong_from,
    strong_levels_text,
)


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
    # The levels the flag looks at, in the scale's own words (frozen at submission), for
    # example "Strengthening or better".
    strong_levels: str

    @property
    def flagged(self) -> list[Comparison]:
        return [row for row in self.rows if row.flagged]

    @property
    def is_frozen(self) -> bool:
        return self.feedback_round.is_frozen

    @property
    def is_open(self) -> bool:
        """Still taking answers, as the public link decides: a form can close by its date
        as well as by a lead's hand or the sign-off."""
        return self.feedback_round.is_open()

    @property
    def closed_on(self) -> datetime.date | None:
        """The closing date, once it has passed with the form never closed by hand nor
        frozen at sign-off (those say so in their own words); otherwise None."""
        feedback_round = self.feedback_round
        if feedback_round.is_frozen or feedback_round.closed_at is not None:
            return None
        if feedback_round.closes_on >= timezone.localdate():
            return None
        return feedback_round.closes_on

    @property
    def shows_table(self) -> bool:
        """False for a live form no one has answered: each row would read "fewer than 5
        answers", as if a few had. Frozen figures keep their table, so a report signed
        off with no answers shows what it showed when it was signed off."""
        return bool(self.respondents.total) or self.is_frozen


def team_ratings(ratings: Sequence) -> list[TeamRating]:
    """The report's ratings (with principle and level loaded) as the comparison takes them."""
    return [
        TeamRating(
            principle_id=rating.principle_id,
            code=rating.code,
            short_title=rating.short_title,
            # Not applicable, and answers carried forward but not confirmed, are not the
            # team's rating: nothing to set people's answers against.
            level_value=(
                None if rating.not_applicable or rating.carried_forward else rating.level_value
            ),
            answer=answer_text(rating),
        )
        for rating in ratings
    ]


def strong_levels_for(items: Sequence[tuple]) -> dict[int, str]:
    """For each (assessment, its scale's values), by assessment id, the levels the flag
    looks at in the words the report reads its levels in (``Report.levels``): the bands
    frozen at submission, or a draft's current labels (one query, only for those)."""
    scales = {assessment.pk: scale_input(values) for assessment, values in items}
    bands = bands_for([assessment for assessment, _ in items], scales)
    found = {}
    for assessment, _ in items:
        scale = scales[assessment.pk]
        threshold = strong_from(scale.values)
        word = band_for(normalise(threshold, scale), bands[assessment.pk])
        found[assessment.pk] = strong_levels_text(word, is_top=threshold == scale.highest)
    return found


def voice_report(
    assessment, ratings: Sequence, *, scale_values: Sequence[int]
) -> VoiceReport | None:
    """The assessment's people's voice, or None when it has no feedback round.

    ``ratings`` are the report's, in its order; ``scale_values`` the scale it scores on.
    """
    return voice_reports([(assessment, ratings, scale_values)]).get(assessment.pk)


def voice_reports(items: Sequence[tuple], *, rounds: dict | None = None) -> dict[int, VoiceReport]:
    """People's voice for many assessments, by assessment id (those with a round only).

    ``items`` are (assessment, its ratings in report order, its scale's values). At most
    six queries however many assessments, principles and answers. ``rounds`` (by
    assessment id) saves reading rounds the caller has already read.
    """
    if rounds is None:
        rounds = selectors.rounds_for(assessment for assessment, _, _ in items)
    if not rounds:
        return {}
    tallies = selectors.tallies_for(rounds.values())
    quotes = selectors.quotable_for(rounds.values())
    labels = selectors.respondent_labels()
    strong = strong_levels_for(
        [(assessment, values) for assessment, _, values in items if assessment.pk in rounds]
    )
    reports = {}
    for assessment, ratings, scale_values in items:
        feedback_round = rounds.get(assessment.pk)
        if feedback_round is None:
            continue
        tally = tallies[feedback_round.pk]
        team = team_ratings(ratings)
        codes = {rating.principle_id: rating.code for rating in team}
        # In the report's order (frozen at submission), not the set's order today: an
        # admin who reorders the set later never changes a signed-off report.
        place = {rating.principle_id: n for n, rating in enumerate(ratings)}
        shown = sorted(quotes[feedback_round.pk], key=lambda a: place.get(a.principle_id, 0))
        reports[assessment.pk] = VoiceReport(
            feedback_round=feedback_round,
            rows=compare(team, tally, lowest=min(scale_values), highest=max(scale_values)),
            respondents=respondents(tally, labels),
            quotes=[
                Quote(
                    code=codes.get(answer.principle_id, answer.principle.code),
                    statement=tally.statements.get(
                        answer.principle_id, answer.principle.feedback_statement
                    ),
                    comment=answer.comment,
                )
                for answer in shown
                if may_quote(tally, answer.principle_id)
            ],
            strong_levels=strong[assessment.pk],
        )
    return reports


def voice_report_for(
    feedback_round: FeedbackRound, ratings: Sequence, *, scale_values: Sequence[int]
) -> VoiceReport:
    """As ``voice_report``, for a round already read (with its assessment)."""
    assessment = feedback_round.assessment
    items = [(assessment, ratings, scale_values)]
    return voice_reports(items, rounds={assessment.pk: feedback_round})[assessment.pk]
