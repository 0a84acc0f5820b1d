"""Every write to feedback rounds: role-checked, atomic, the same rules for every caller.

The round's row is locked by every write that depends on whether it is open, so an
answer can never land after the round closed or its figures were frozen at sign-off.
A lead's change moves the round's version on, so a change from a page opened before
another lead's is refused (``FeedbackConflict``), never silently put over theirs.
"""

import datetime
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from assessments.errors import CONFLICT_MESSAGE, OUT_OF_DATE_MESSAGE
from assessments.models import Assessment

from .models import (
    COMMENT_MAX_LENGTH,
    SUBMISSION_KEY_MAX_LENGTH,
    Agreement,
    AnsweringAs,
    FeedbackAnswer,
    FeedbackResponse,
    FeedbackRound,
)
from .permissions import VoiceAction, require
from .selectors import live_tally, statement_principles

# A round can be open for at most this long at a time.
LONGEST_ROUND = datetime.timedelta(days=366)


class FeedbackRefused(Exception):
    """Nothing was changed. ``code`` says why to code; ``message`` in plain English."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


class FeedbackConflict(FeedbackRefused):
    """A lead changed the round after the page was opened (or opened it, for a page opened
    before there was one). ``current`` is the round as saved now, so a page can show it."""

    def __init__(self, current: FeedbackRound, *, code: str = "conflict"):
        super().__init__(CONFLICT_MESSAGE, code=code)
        self.current = current


def _check_version(feedback_round: FeedbackRound, expected_version: int) -> None:
    """Refuse a change from a page opened at any version of the round but the saved one:
    behind it, someone changed the round since; ahead of it, no page of ours drew it."""
    if expected_version > feedback_round.version:
        raise FeedbackRefused(OUT_OF_DATE_MESSAGE, code="out_of_date")
    if expected_version != feedback_round.version:
        raise FeedbackConflict(feedback_round)


@dataclass(frozen=True)
class AnswerInput:
    principle_id: int
    answer: str  # an Agreement value
    comment: str = ""


_SUBMISSION_KEY = re.compile(rf"[A-Za-z0-9_-]{{16,{SUBMISSION_KEY_MAX_LENGTH}}}")


def new_submission_key() -> str:
    """A one-time key for a page that sends someone's answers (its hidden field)."""
    return secrets.token_urlsafe(32)


def submission_key_from(value) -> str:
    """The key a page sent back, or "" if it sent none or not one of ours."""
    value = value if isinstance(value, str) else ""
    return value if _SUBMISSION_KEY.fullmatch(value) else ""


def closing_date_problem(closes_on: datetime.date, *, today: datetime.date) -> tuple[str, str]:
    """Why a closing date cannot be used, as (message, code); ("", "") when it can."""
    if closes_on < today:
        return "Closing date must be today or in the future", "in_past"
    if closes_on > today + LONGEST_ROUND:
        return "Closing date must be within a year", "too_far"
    return "", ""


def _check_closing_date(closes_on: datetime.date) -> None:
    message, code = closing_date_problem(closes_on, today=timezone.localdate())
    if code:
        raise FeedbackRefused(message, code=code)


def _check_not_signed_off(assessment) -> None:
    if assessment.is_signed_off:
        raise FeedbackRefused(
            "This assessment has been signed off, so its feedback can no longer change.",
            code="signed_off",
        )


def _lock_round(round_id: int) -> FeedbackRound:
    feedback_round = FeedbackRound.objects.select_for_update(of=("self",)).get(pk=round_id)
    # Read once the lock is ours, not joined to the locking read: after waiting on a
    # sign-off that held the round, PostgreSQL returns the round as saved but rows joined to
    # it as they were before the wait, so the assessment would still seem to be submitted.
    feedback_round.assessment = Assessment.objects.select_related("service", "principle_set").get(
        pk=feedback_round.assessment_id
    )
    return feedback_round


@transaction.atomic
def feedback_round_open(
    *, user, assessment, closes_on: datetime.date, expected_version: int = 0
) -> FeedbackRound:
    """Open the assessment's feedback round, with a new public link (leads only), and
    freeze the wording of the statements it asks.

    ``expected_version`` is the round's version on the page it was opened from: 0, as
    there was no round, unless the page was tampered with.
    """
    # Locked, as sign-off locks it, and read again: a sign-off under way is waited for and
    # refuses the round, where it would have found no round to close and freeze.
    assessment = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("service", "principle_set")
        .get(pk=assessment.pk)
    )
    require(user, VoiceAction.MANAGE_ROUND, assessment.service.partnership_id)
    _check_not_signed_off(assessment)
    _check_closing_date(closes_on)
    principles = statement_principles(assessment.principle_set)
    if not principles:
        raise FeedbackRefused(
            "None of this assessment's principles has a statement for people to answer. "
            "An administrator can add them.",
            code="no_statements",
        )
    existing = _round_of(assessment)
    if existing is not None:  # another lead opened it first
        raise FeedbackConflict(existing, code="already_open")
    if expected_version != 0:
        raise FeedbackRefused(OUT_OF_DATE_MESSAGE, code="out_of_date")
    feedback_round = FeedbackRound(
        assessment=assessment,
        closes_on=closes_on,
        opened_by=user,
        # Every answer in the round is to these words, so its figures are reported with
        # them even if an admin rewords a statement while it is open or afterwards.
        statements={str(p.pk): p.feedback_statement for p in principles},
    )
    feedback_round._history_user = user
    try:
        with transaction.atomic():  # a savepoint: PostgreSQL can go on after the clash
            feedback_round.save(force_insert=True)
    except IntegrityError:  # opened at the same moment by another lead: theirs stands
        existing = _round_of(assessment)
        if existing is None:
            raise
        raise FeedbackConflict(existing, code="already_open") from None
    return feedback_round


def _round_of(assessment) -> FeedbackRound | None:
    return FeedbackRound.objects.filter(assessment=assessment).first()


@transaction.atomic
def feedback_round_update(
    *,
    user,
    round_id: int,
    closes_on: datetime.date,
    expected_version: int,
    reopen: bool = False,
) -> FeedbackRound:
    """Change the closing date; with ``reopen``, also take answers again after a close.

    ``expected_version`` is the round's version on the page the change was made on.
    """
    feedback_round = _lock_round(round_id)
    require(user, VoiceAction.MANAGE_ROUND, feedback_round.assessment.service.partnership_id)
    _check_not_signed_off(feedback_round.assessment)
    _check_closing_date(closes_on)
    # Before the version: a close since the page was opened is said as such (who, when).
    if feedback_round.closed_at is not None and not reopen:
        raise FeedbackRefused(
            "The feedback form is closed. Reopen it to change its closing date", code="closed"
        )
    _check_version(feedback_round, expected_version)
    feedback_round.closes_on = closes_on
    feedback_round.closed_at = None
    feedback_round.closed_by = None
    _save_change(feedback_round, user, ["closes_on", "closed_at", "closed_by"])
    return feedback_round


def _save_change(feedback_round: FeedbackRound, user, fields: list[str]) -> None:
    feedback_round.version += 1
    feedback_round._history_user = user
    feedback_round.save(update_fields=[*fields, "version"])


@transaction.atomic
def feedback_round_close(*, user, round_id: int, expected_version: int) -> FeedbackRound:
    """Stop taking answers now; the link then shows that the form is closed.

    ``expected_version`` is the round's version on the page the lead closed it from: a
    change since (a new closing date, a reopening) is refused as a conflict, so a close
    never silently undoes another lead's decision. A form already closed stays as it is.
    """
    feedback_round = _lock_round(round_id)
    require(user, VoiceAction.MANAGE_ROUND, feedback_round.assessment.service.partnership_id)
    _check_not_signed_off(feedback_round.assessment)
    if feedback_round.closed_at is not None:
        return feedback_round
    _check_version(feedback_round, expected_version)
    feedback_round.closed_at = timezone.now()
    feedback_round.closed_by = user
    _save_change(feedback_round, user, ["closed_at", "closed_by"])
    return feedback_round


@transaction.atomic
def feedback_round_close_for_sign_off(*, assessment) -> FeedbackRound | None:
    """Close the round of an assessment being signed off and freeze its figures with it.

    Called by ``assessment_sign_off`` inside its transaction, which has already checked the
    approver's role; does nothing when the assessment has no round.
    """
    feedback_round = FeedbackRound.objects.filter(assessment=assessment).first()
    if feedback_round is None:
        return None
    feedback_round = _lock_round(feedback_round.pk)
    if feedback_round.is_frozen:
        return feedback_round
    feedback_round.closed_at = feedback_round.closed_at or timezone.now()
    feedback_round.frozen_counts = live_tally(feedback_round).to_json()
    feedback_round.version += 1
    feedback_round.save(update_fields=["closed_at", "frozen_counts", "version"])
    return feedback_round


def _clean_answers(feedback_round: FeedbackRound, answers: Sequence[AnswerInput]) -> list:
    """The answers as rows, once every statement of the round is answered exactly once."""
    expected = set(feedback_round.statement_texts)
    given = [a.principle_id for a in answers]
    if len(given) != len(set(given)) or set(given) != expected:
        raise FeedbackRefused("Answer every statement once.", code="incomplete")
    rows = []
    for item in answers:
        if item.answer not in Agreement.values:
            raise FeedbackRefused("Choose one of the answers given.", code="invalid_answer")
        comment = item.comment.strip()
        if len(comment) > COMMENT_MAX_LENGTH:
            raise FeedbackRefused(
                f"Comments must be {COMMENT_MAX_LENGTH:,} characters or fewer.",
                code="comment_too_long",
            )
        rows.append(
            FeedbackAnswer(principle_id=item.principle_id, answer=item.answer, comment=comment)
        )
    return rows


@transaction.atomic
def feedback_response_create(
    *,
    round_id: int,
    answering_as: str,
    answers: Sequence[AnswerInput],
    entered_by=None,
    submission_key: str = "",
) -> FeedbackResponse:
    """Store one person's answers, all or nothing, while the round is open.

    Without ``entered_by`` it is the person's own answer through the public link. With it,
    a member entered it for them (by phone or in person) and it is marked as assisted.

    ``submission_key`` is the one-time key of the page they were sent from: sending it
    again (a double-click, or two servers each taking one of two parallel posts) returns
    the response already stored with it instead of storing the answers twice. The
    round's lock orders such posts, and the database's unique key is the last word.
    """
    feedback_round = _lock_round(round_id)
    if entered_by is not None:
        require(
            entered_by, VoiceAction.ENTER_ASSISTED, feedback_round.assessment.service.partnership_id
        )
    submission_key = submission_key_from(submission_key)
    if submission_key:
        already = _response_with_key(feedback_round, submission_key)
        if already is not None:
            return already
    if not feedback_round.is_open():
        raise FeedbackRefused("This feedback form is closed.", code="closed")
    if answering_as not in AnsweringAs.values:
        raise FeedbackRefused("Say who is answering.", code="invalid_answering_as")
    rows = _clean_answers(feedback_round, answers)
    response = FeedbackResponse(
        round=feedback_round,
        answering_as=answering_as,
        assisted=entered_by is not None,
        entered_by=entered_by,
        submission_key=submission_key,
    )
    try:
        with transaction.atomic():  # a savepoint: PostgreSQL can go on after the clash
            response.save(force_insert=True)
    except IntegrityError:
        already = _response_with_key(feedback_round, submission_key) if submission_key else None
        if already is None:
            raise
        return already
    for row in rows:
        row.response = response
    FeedbackAnswer.objects.bulk_create(rows)
    return response


def _response_with_key(feedback_round, submission_key: str) -> FeedbackResponse | None:
    return FeedbackResponse.objects.filter(
        round=feedback_round, submission_key=submission_key
    ).first()


@transaction.atomic
def feedback_answer_mark_quotable(*, user, answer_id: int, quotable: bool) -> FeedbackAnswer:
    """Mark a comment as suitable to quote in reports, or no longer (leads only)."""
    answer = FeedbackAnswer.objects.select_related("response").get(pk=answer_id)
    feedback_round = _lock_round(answer.response.round_id)
    require(user, VoiceAction.MARK_QUOTABLE, feedback_round.assessment.service.partnership_id)
    _check_not_signed_off(feedback_round.assessment)
    if quotable and not answer.comment:
        raise FeedbackRefused("Only a comment can be quoted.", code="no_comment")
    answer.quotable = quotable
    answer.marked_by = user if quotable else None
    answer.marked_at = timezone.now() if quotable else None
    answer.save(update_fields=["quotable", "marked_by", "marked_at"])
    return answer
