"""People's comments for members to read; a lead marks those suitable to quote.

A comment says nothing that would pick out one of a few people: who wrote it only when
the round's page shows that group's count (``summary.comment_labels``), the answer it
came with only when the statement's figures are shown, and never the day it was sent.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import salted_hmac

from assessments.selectors import assessment_get
from assessments.views.not_saved import Back, not_saved
from principles.models import Principle

from .. import selectors, services
from ..models import FeedbackAnswer
from ..summary import comment_labels, may_quote
from .members import MARK_QUOTABLE, VoiceAllowed


def comment_reference(answer_id: int) -> str:
    """How the page names a comment: a keyed hash of its id.

    The ids of one person's answers are consecutive (saved together), so ids in the page
    would let a member link that person's comments across statements; a keyed hash cannot
    be reversed or put in order without the secret key.
    """
    return salted_hmac("voice.comment", str(answer_id), algorithm="sha256").hexdigest()[:20]


@dataclass(frozen=True)
class ShownComment:
    answer: FeedbackAnswer
    reference: str  # comment_reference(answer.pk): the page's name for it, never the id
    said: str  # the answer it came with; "" on a statement with too few answers to show
    who: str  # for example "A carer"; "" where naming the group would pick out a few people


@dataclass(frozen=True)
class ShownStatement:
    principle: Principle
    text: str  # the statement as people answered it (the round's wording)
    figures_shown: bool  # 5 answers or more: reports show its figures and quote its comments
    comments: list[ShownComment]


def shown_statements(feedback_round) -> list[ShownStatement]:
    """The round's comments by statement, each saying only what the rules allow.

    Five queries at most, however many comments.
    """
    groups = selectors.comments_for_round(feedback_round)
    if not groups:
        return []
    tally = selectors.tally_for_round(feedback_round)  # as the reports count (frozen at sign-off)
    names = selectors.respondent_labels()
    labels = comment_labels(selectors.respondent_cells(feedback_round), list(names))
    statements = []
    for group in groups:
        figures_shown = may_quote(tally, group.principle.pk)
        comments = [
            ShownComment(
                answer=answer,
                reference=comment_reference(answer.pk),
                said=answer.get_answer_display() if figures_shown else "",
                who=labels.who(answer.response.answering_as, answer.response.assisted, names),
            )
            for answer in group.answers
        ]
        text = tally.statements.get(group.principle.pk, group.principle.feedback_statement)
        statements.append(ShownStatement(group.principle, text, figures_shown, comments))
    return statements


def comments(request, pk):
    """Every member reads the comments; a lead marks or unmarks one to quote."""
    assessment = assessment_get(user=request.user, pk=pk)
    allowed = VoiceAllowed.for_user(request.user, assessment)
    feedback_round = selectors.round_for_assessment(assessment)
    if request.method == "POST":
        return _mark(request, assessment, feedback_round, allowed)
    statements = shown_statements(feedback_round) if feedback_round else []
    return render(
        request,
        "voice/comments.html",
        {"assessment": assessment, "statements": statements, "allowed": allowed},
    )


def _mark(request, assessment, feedback_round, allowed: VoiceAllowed):
    if not allowed.role_marks:
        raise PermissionDenied("Only a lead can choose comments to quote.")
    if not allowed.mark:  # signed off
        return not_saved(
            request,
            assessment=assessment,
            task=MARK_QUOTABLE,
            form=None,
            back=Back(reverse("voice:comments", args=[assessment.pk]), "Go to the comments"),
        )
    reference = request.POST.get("answer", "")
    answer_id = _answer_with_reference(feedback_round, reference)
    if answer_id is None:
        raise Http404("No such comment")
    quotable = request.POST.get("quotable") == "yes"
    try:
        answer = services.feedback_answer_mark_quotable(
            user=request.user, answer_id=answer_id, quotable=quotable
        )
    except services.FeedbackRefused as refusal:
        messages.error(request, refusal.message)
    else:
        if not quotable:
            messages.success(request, "The comment will no longer be quoted in reports")
        elif may_quote(selectors.tally_for_round(feedback_round), answer.principle_id):
            messages.success(request, "The comment will be quoted in reports")
        else:
            messages.success(
                request,
                "The comment is marked as suitable to quote. Reports will not quote it while "
                "fewer than 5 people have answered the statement",
            )
    return redirect(reverse("voice:comments", args=[assessment.pk]) + f"#comment-{reference}")


def _answer_with_reference(feedback_round, reference: str) -> int | None:
    """The id of the round's comment the page named ``reference``, if any.

    A hash cannot be looked up, so each of the round's comments is hashed in turn: they are
    few, and it is one query however many there are.
    """
    if feedback_round is None or not reference:
        return None
    answer_ids = (
        FeedbackAnswer.objects.filter(response__round=feedback_round)
        .exclude(comment="")
        .values_list("pk", flat=True)
    )
    return next((pk for pk in answer_ids if comment_reference(pk) == reference), None)
