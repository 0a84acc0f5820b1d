"""Feedback round services: who may do what, when, and that answers are all or nothing."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from partnerships.models import Role
from tests.builders import complete, sign_off, submit
from tests.factories import PartnershipFactory, member
from tests.voice_builders import answers_for, open_round, respond
from voice import services
from voice.models import FeedbackAnswer, FeedbackResponse, FeedbackRound, new_token
from voice.selectors import live_tally, statement_principles, tally_for_round

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today


def _refused(code, call, **kwargs):
    with pytest.raises(services.FeedbackRefused) as error:
        call(**kwargs)
    assert error.value.code == code
    return error.value


def test_a_lead_opens_a_round_with_an_unguessable_token(draft, people):
    """The link's token is random, 16 URL-safe characters, and not the id."""
    feedback_round = open_round(user=people[Role.LEAD], assessment=draft)
    other = open_round(
        user=people[Role.LEAD],
        assessment=_second_draft(draft, people),
    )
    assert re.fullmatch(r"[A-Za-z0-9_-]{16}", feedback_round.token)
    assert feedback_round.token != other.token
    assert len({new_token() for _ in range(1000)}) == 1000
    assert feedback_round.is_open()
    assert feedback_round.opened_by == people[Role.LEAD]


def _second_draft(draft, people):
    from tests.builders import start

    return start(user=people[Role.LEAD], service=draft.service, period="2027/28")


@pytest.mark.parametrize("role", [Role.CONTRIBUTOR, Role.APPROVER, Role.VIEWER])
def test_only_leads_open_rounds(draft, people, role):
    """Contributors, approvers and viewers cannot open a round."""
    with pytest.raises(PermissionDenied):
        open_round(user=people[role], assessment=draft)
    assert not FeedbackRound.objects.exists()


def test_a_member_of_another_partnership_cannot_open_a_round(draft):
    """A lead elsewhere has no role here."""
    stranger = member(PartnershipFactory(), Role.LEAD)
    with pytest.raises(PermissionDenied):
        open_round(user=stranger, assessment=draft)


def test_closing_dates_must_be_from_today_to_a_year_ahead(draft, people):
    """Yesterday and more than a year ahead are refused, with codes."""
    lead = people[Role.LEAD]
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    _refused(
        "in_past", services.feedback_round_open, user=lead, assessment=draft, closes_on=yesterday
    )
    far = timezone.localdate() + datetime.timedelta(days=400)
    _refused("too_far", services.feedback_round_open, user=lead, assessment=draft, closes_on=far)
    services.feedback_round_open(user=lead, assessment=draft, closes_on=timezone.localdate())


def test_one_round_per_assessment(draft, people):
    """A second round for the same assessment is refused."""
    open_round(user=people[Role.LEAD], assessment=draft)
    _refused(
        "already_open",
        open_round,
        user=people[Role.LEAD],
        assessment=draft,
    )


def test_no_round_for_a_signed_off_assessment(signed_off, people):
    """Signed off is final: no new round."""
    _refused("signed_off", open_round, user=people[Role.LEAD], assessment=signed_off)


def test_a_set_without_statements_cannot_have_a_round(draft, people):
    """With no statement for people there is nothing to ask."""
    from principles.models import Principle

    Principle.objects.update(feedback_statement="")
    _refused("no_statements", open_round, user=people[Role.LEAD], assessment=draft)


def test_close_and_reopen(draft, people):
    """Closed: answers refused. Reopened with a date: answers accepted again."""
    lead = people[Role.LEAD]
    feedback_round = open_round(user=lead, assessment=draft)
    services.feedback_round_close(
        user=lead, round_id=feedback_round.pk, expected_version=feedback_round.version
    )
    feedback_round.refresh_from_db()
    assert not feedback_round.is_open()
    _refused("closed", respond, feedback_round=feedback_round)
    _refused(
        "closed",
        services.feedback_round_update,
        user=lead,
        round_id=feedback_round.pk,
        closes_on=timezone.localdate(),
        expected_version=feedback_round.version,
    )
    services.feedback_round_update(
        user=lead,
        round_id=feedback_round.pk,
        closes_on=timezone.localdate(),
        expected_version=feedback_round.version,
        reopen=True,
    )
    respond(feedback_round=feedback_round)
    assert FeedbackResponse.objects.count() == 1


def test_a_round_closes_after_its_closing_date(draft, people):
    """The closing date is the last day to answer."""
    feedback_round = open_round(user=people[Role.LEAD], assessment=draft, days=0)
    assert feedback_round.is_open(today=timezone.localdate())
    assert not feedback_round.is_open(today=timezone.localdate() + datetime.timedelta(days=1))


def test_every_statement_must_be_answered_once(draft, people):
    """Missing, repeated, foreign or invalid answers store nothing."""
    feedback_round = open_round(user=people[Role.LEAD], assessment=draft)
    answers = answers_for(feedback_round=feedback_round)
    create = services.feedback_response_create
    kwargs = {"round_id": feedback_round.pk, "answering_as": "person"}
    _refused("incomplete", create, answers=answers[:-1], **kwargs)
    _refused("incomplete", create, answers=[*answers, answers[0]], **kwargs)
    foreign = services.AnswerInput(principle_id=10**9, answer="agree")
    _refused("incomplete", create, answers=[*answers[:-1], foreign], **kwargs)
    bad = services.AnswerInput(principle_id=answers[0].principle_id, answer="maybe")
    _refused("invalid_answer", create, answers=[bad, *answers[1:]], **kwargs)
    long = services.AnswerInput(
        principle_id=answers[0].principle_id, answer="agree", comment="x" * 1001
    )
    _refused("comment_too_long", create, answers=[long, *answers[1:]], **kwargs)
    _refused(
        "invalid_answering_as",
        create,
        round_id=feedback_round.pk,
        answering_as="me",
        answers=answers,
    )
    assert not FeedbackResponse.objects.exists() and not FeedbackAnswer.objects.exists()


def test_a_response_stores_an_answer_for_every_statement(draft, people):
    """Twelve answers, comments stripped, not assisted, nobody recorded."""
    feedback_round = open_round(user=people[Role.LEAD], assessment=draft)
    response = respond(feedback_round=feedback_round, comments={"NV-01": "  Kind staff. "})
    assert response.answers.count() == len(statement_principles(draft.principle_set)) == 12
    assert response.answers.get(principle__code="NV-01").comment == "Kind staff."
    assert not response.assisted and response.entered_by is None


@pytest.mark.parametrize("role", [Role.CONTRIBUTOR, Role.LEAD, Role.APPROVER])
def test_members_enter_assisted_answers(draft, people, role):
    """An assisted response records who entered it."""
    feedback_round = open_round(user=people[Role.LEAD], assessment=draft)
    response = respond(feedback_round=feedback_round, entered_by=people[role])
    assert response.assisted and response.entered_by == people[role]


def test_viewers_and_strangers_cannot_enter_assisted_answers(draft, people):
    """Viewers read only; someone from another partnership is refused too."""
    feedback_round = open_round(user=people[Role.LEAD], assessment=draft)
    stranger = member(PartnershipFactory(), Role.LEAD)
    for user in (people[Role.VIEWER], stranger):
        with pytest.raises(PermissionDenied):
            respond(feedback_round=feedback_round, entered_by=user)
    assert not FeedbackResponse.objects.exists()


def test_a_lead_marks_comments_quotable(draft, people):
    """Marked with who and when; unmarked clears both; a blank comment cannot be quoted."""
    lead = people[Role.LEAD]
    feedback_round = open_round(user=lead, assessment=draft)
    response = respond(feedback_round=feedback_round, comments={"NV-01": "Kind staff"})
    commented = response.answers.get(principle__code="NV-01")
    blank = response.answers.get(principle__code="NV-02")
    marked = services.feedback_answer_mark_quotable(
        user=lead, answer_id=commented.pk, quotable=True
    )
    assert marked.quotable and marked.marked_by == lead and marked.marked_at
    _refused(
        "no_comment",
        services.feedback_answer_mark_quotable,
        user=lead,
        answer_id=blank.pk,
        quotable=True,
    )
    with pytest.raises(PermissionDenied):
        services.feedback_answer_mark_quotable(
            user=people[Role.CONTRIBUTOR], answer_id=commented.pk, quotable=False
        )
    unmarked = services.feedback_answer_mark_quotable(
        user=lead, answer_id=commented.pk, quotable=False
    )
    assert not unmarked.quotable and unmarked.marked_by is None


def test_sign_off_closes_the_round_and_freezes_its_figures(draft, people):
    """After sign-off: closed, figures stored, and later changes cannot move them."""
    lead, approver = people[Role.LEAD], people[Role.APPROVER]
    feedback_round = open_round(user=lead, assessment=draft)
    for _ in range(6):
        respond(feedback_round=feedback_round, comments={"NV-01": "Good"})
    complete(user=lead, assessment=draft)
    submit(user=lead, assessment=draft)
    signed = sign_off(user=approver, assessment=draft)
    feedback_round.refresh_from_db()
    assert feedback_round.closed_at is not None and feedback_round.is_frozen
    frozen = tally_for_round(feedback_round)
    assert frozen.by_principle == live_tally(feedback_round).by_principle
    assert frozen.responses == 6
    # Nothing can add to it or change what is quoted any more.
    _refused("closed", respond, feedback_round=feedback_round)
    answer = FeedbackAnswer.objects.filter(comment="Good").first()
    _refused(
        "signed_off",
        services.feedback_answer_mark_quotable,
        user=lead,
        answer_id=answer.pk,
        quotable=True,
    )
    _refused(
        "signed_off",
        services.feedback_round_close,
        user=lead,
        round_id=feedback_round.pk,
        expected_version=feedback_round.version,
    )
    # Even an edit behind the app's back (admin, a script) leaves the report's figures alone.
    FeedbackAnswer.objects.update(answer="disagree")
    feedback_round.refresh_from_db()
    assert tally_for_round(feedback_round) == frozen
    # Freezing twice keeps the first figures.
    services.feedback_round_close_for_sign_off(assessment=signed)
    feedback_round.refresh_from_db()
    assert tally_for_round(feedback_round) == frozen


def test_sign_off_without_a_round_does_nothing(signed_off):
    """No round: nothing to close."""
    assert services.feedback_round_close_for_sign_off(assessment=signed_off) is None


def test_a_returned_assessment_keeps_its_round(submitted, people):
    """Answers belong to the assessment whatever its state before sign-off."""
    from tests.builders import return_

    feedback_round = open_round(user=people[Role.LEAD], assessment=submitted)
    respond(feedback_round=feedback_round)
    return_(user=people[Role.LEAD], assessment=submitted)
    feedback_round.refresh_from_db()
    assert feedback_round.is_open() and feedback_round.responses.count() == 1
