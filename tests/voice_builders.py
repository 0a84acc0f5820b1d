"""Feedback rounds and responses for tests, through the real services (keyword-only steps)."""

import datetime

from django.utils import timezone

from voice.models import FeedbackRound
from voice.selectors import statement_principles
from voice.services import AnswerInput, feedback_response_create, feedback_round_open


def open_round(*, user, assessment, days: int = 28) -> FeedbackRound:
    """Open the assessment's round, closing ``days`` from today."""
    return feedback_round_open(
        user=user,
        assessment=assessment,
        closes_on=timezone.localdate() + datetime.timedelta(days=days),
    )


def answers_for(
    *, feedback_round, answer: str = "agree", by_code: dict | None = None, comments=None
) -> list[AnswerInput]:
    """An answer to every statement: ``answer``, or ``by_code[code]``; optional comments."""
    by_code = by_code or {}
    comments = comments or {}
    return [
        AnswerInput(
            principle_id=p.pk,
            answer=by_code.get(p.code, answer),
            comment=comments.get(p.code, ""),
        )
        for p in statement_principles(feedback_round.assessment.principle_set)
    ]


def respond(
    *,
    feedback_round,
    answer: str = "agree",
    by_code: dict | None = None,
    comments: dict | None = None,
    answering_as: str = "person",
    entered_by=None,
):
    """One person's answers to every statement."""
    return feedback_response_create(
        round_id=feedback_round.pk,
        answering_as=answering_as,
        answers=answers_for(
            feedback_round=feedback_round, answer=answer, by_code=by_code, comments=comments
        ),
        entered_by=entered_by,
    )
