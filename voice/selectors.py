"""Reads of feedback rounds. Members' reads go through an assessment already scoped to them."""

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from principles.models import Principle, PrincipleSet

from .models import AnsweringAs, FeedbackAnswer, FeedbackResponse, FeedbackRound
from .summary import Tally

# Statements per question page: a few at a time is easier to answer than a long page.
STATEMENTS_PER_PAGE = 4


def round_for_assessment(assessment) -> FeedbackRound | None:
    """The assessment's round, if one was opened (with the assessment it belongs to)."""
    try:
        feedback_round = FeedbackRound.objects.get(assessment=assessment)
    except FeedbackRound.DoesNotExist:
        return None
    feedback_round.assessment = assessment
    return feedback_round


def open_round_for_token(token: str) -> FeedbackRound | None:
    """The round behind a public link, only while it takes answers; None for any other link.

    Loads only what the public pages show: the service's name and the principle set.
    """
    if not token or len(token) > FeedbackRound._meta.get_field("token").max_length:
        return None
    feedback_round = (
        FeedbackRound.objects.select_related("assessment__service", "assessment__principle_set")
        .filter(token=token)
        .first()
    )
    if feedback_round is None or not feedback_round.is_open():
        return None
    return feedback_round


def statement_principles(principle_set: PrincipleSet) -> list[Principle]:
    """The principles people are asked about, in the set's order: those with a statement."""
    return list(
        Principle.objects.filter(principle_set=principle_set)
        .exclude(feedback_statement="")
        .select_related("group")
        .order_by("order")
    )


def pages_of(principles: list[Principle], per_page: int = STATEMENTS_PER_PAGE) -> list[list]:
    """Split statements into question pages: within each section of the set, in even pages
    of at most ``per_page`` (12 in one section make 3 pages of 4; 5 make pages of 3 and 2)."""
    sections: list[list] = []
    for principle in principles:
        if not sections or sections[-1][0].group_id != principle.group_id:
            sections.append([])
        sections[-1].append(principle)
    pages = []
    for section in sections:
        count = -(-len(section) // per_page)  # pages needed, rounded up
        size, extra = divmod(len(section), count)
        start = 0
        for index in range(count):
            end = start + size + (1 if index < extra else 0)
            pages.append(section[start:end])
            start = end
    return pages


def live_tally(feedback_round: FeedbackRound) -> Tally:
    """The round's answers counted now, in three queries however many people answered."""
    by_principle: dict[int, dict[str, int]] = {}
    counts = (
        FeedbackAnswer.objects.filter(response__round=feedback_round)
        .values_list("principle_id", "answer")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for principle_id, answer, n in counts:
        by_principle.setdefault(principle_id, {})[answer] = n
    respondents: dict[str, int] = {}
    assisted = 0
    by_kind = (
        FeedbackResponse.objects.filter(round=feedback_round)
        .values_list("answering_as", "assisted")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for answering_as, was_assisted, n in by_kind:
        respondents[answering_as] = respondents.get(answering_as, 0) + n
        assisted += n if was_assisted else 0
    statements = dict(
        Principle.objects.filter(principle_set_id=feedback_round.assessment.principle_set_id)
        .exclude(feedback_statement="")
        .values_list("pk", "feedback_statement")
    )
    return Tally(
        by_principle=by_principle,
        statements=statements,
        respondents=respondents,
        assisted=assisted,
    )


def tally_for_round(feedback_round: FeedbackRound) -> Tally:
    """The figures frozen at sign-off, or the live ones before it."""
    if feedback_round.is_frozen:
        return Tally.from_json(feedback_round.frozen_counts)
    return live_tally(feedback_round)


def respondent_labels() -> dict[str, str]:
    return dict(AnsweringAs.choices)


@dataclass(frozen=True)
class CommentGroup:
    principle: Principle
    answers: list[FeedbackAnswer]


def comments_for_round(
    feedback_round: FeedbackRound, *, quotable_only: bool = False
) -> list[CommentGroup]:
    """Comments by statement, in the set's order, in one query."""
    answers: QuerySet[FeedbackAnswer] = (
        FeedbackAnswer.objects.filter(response__round=feedback_round)
        .exclude(comment="")
        .select_related("principle", "response", "marked_by")
        .order_by("principle__order", "response__created_at", "pk")
    )
    if quotable_only:
        answers = answers.filter(quotable=True)
    groups: list[CommentGroup] = []
    for answer in answers:
        if not groups or groups[-1].principle.pk != answer.principle_id:
            groups.append(CommentGroup(principle=answer.principle, answers=[]))
        groups[-1].answers.append(answer)
    return groups
