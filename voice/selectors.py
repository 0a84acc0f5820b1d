"""Reads of feedback rounds. Members' reads go through an assessment already scoped to them."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, QuerySet
from django.utils import timezone

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


@dataclass(frozen=True)
class RoundChange:
    """The last change a lead made to a round: who, what and when."""

    user: object | None  # None for an account since deleted
    did: str  # as in "Sam Lead closed the feedback form"
    when: datetime


def last_change(feedback_round: FeedbackRound) -> RoundChange:
    """What the round's last change was, from its history: its columns say who opened and
    who closed it, not who changed the closing date or reopened it."""
    records = list(
        feedback_round.history.select_related("history_user").order_by("-history_id")[:2]
    )
    if not records:  # made without its history (never by the services)
        return RoundChange(
            feedback_round.opened_by, "opened the feedback form", feedback_round.opened_at
        )
    latest, before = records[0], records[1] if len(records) > 1 else None
    if before is None or latest.history_type == "+":
        did = "opened the feedback form"
    elif latest.closed_at is not None and before.closed_at is None:
        did = "closed the feedback form"
    elif latest.closed_at is None and (
        # closed by a lead, or by its closing date passing
        before.closed_at is not None or before.closes_on < timezone.localdate(latest.history_date)
    ):
        did = "reopened the feedback form"
    else:
        did = "changed the closing date"
    return RoundChange(latest.history_user, did, latest.history_date)


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


def round_principles(feedback_round: FeedbackRound) -> list[Principle]:
    """The principles this round asks about, in the set's order, each with the statement as
    the round froze it when it opened (in ``feedback_statement``, never saved): the words
    people answer, whatever an admin has changed since."""
    texts = feedback_round.statement_texts
    principles = list(
        Principle.objects.filter(pk__in=texts).select_related("group").order_by("order")
    )
    for principle in principles:
        principle.feedback_statement = texts[principle.pk]
    return principles


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


def rounds_for(assessments) -> dict[int, FeedbackRound]:
    """The rounds of these assessments, by assessment id, in one query.

    None when the assessments were read with ``select_related("feedback_round")``.
    """
    by_pk = {assessment.pk: assessment for assessment in assessments}
    if by_pk and all(type(a).feedback_round.is_cached(a) for a in by_pk.values()):
        return {
            pk: feedback_round
            for pk, a in by_pk.items()
            if (feedback_round := getattr(a, "feedback_round", None)) is not None
        }
    rounds = {}
    for feedback_round in FeedbackRound.objects.filter(assessment_id__in=by_pk):
        feedback_round.assessment = by_pk[feedback_round.assessment_id]
        rounds[feedback_round.assessment_id] = feedback_round
    return rounds


def tallies_for(rounds) -> dict[int, Tally]:
    """Each round's figures, by round id: frozen ones as stored, live ones counted now.

    At most two queries for any number of rounds and answers.
    """
    rounds = list(rounds)
    tallies = {r.pk: Tally.from_json(r.frozen_counts) for r in rounds if r.is_frozen}
    live = [r for r in rounds if not r.is_frozen]
    if not live:
        return tallies
    by_principle: dict[int, dict[int, dict[str, int]]] = {r.pk: {} for r in live}
    counts = (
        FeedbackAnswer.objects.filter(response__round__in=live)
        .values_list("response__round_id", "principle_id", "answer")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for round_id, principle_id, answer, n in counts:
        by_principle[round_id].setdefault(principle_id, {})[answer] = n
    respondents: dict[int, dict[str, int]] = {r.pk: {} for r in live}
    assisted = dict.fromkeys(respondents, 0)
    by_kind = (
        FeedbackResponse.objects.filter(round__in=live)
        .values_list("round_id", "answering_as", "assisted")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for round_id, answering_as, was_assisted, n in by_kind:
        kinds = respondents[round_id]
        kinds[answering_as] = kinds.get(answering_as, 0) + n
        assisted[round_id] += n if was_assisted else 0
    for r in live:
        tallies[r.pk] = Tally(
            by_principle=by_principle[r.pk],
            # The words people answered, frozen when the round opened.
            statements=r.statement_texts,
            respondents=respondents[r.pk],
            assisted=assisted[r.pk],
        )
    return tallies


def live_tally(feedback_round: FeedbackRound) -> Tally:
    """The round's answers counted now (needs its assessment loaded)."""
    live = FeedbackRound(
        pk=feedback_round.pk,
        assessment=feedback_round.assessment,
        statements=feedback_round.statements,
    )
    return tallies_for([live])[feedback_round.pk]


def tally_for_round(feedback_round: FeedbackRound) -> Tally:
    """The figures frozen at sign-off, or the live ones before it."""
    return tallies_for([feedback_round])[feedback_round.pk]


def quotable_for(rounds) -> dict[int, list[FeedbackAnswer]]:
    """Each round's comments marked as suitable to quote, oldest first, in one query; the
    report puts them in its own principles' order (``we_say``), frozen at submission."""
    quotes: dict[int, list[FeedbackAnswer]] = {r.pk: [] for r in rounds}
    answers = (
        FeedbackAnswer.objects.filter(response__round_id__in=quotes, quotable=True)
        .exclude(comment="")
        .select_related("principle", "response")
        .order_by("response__created_at", "pk")
    )
    for answer in answers:
        quotes[answer.response.round_id].append(answer)
    return quotes


def respondent_labels() -> dict[str, str]:
    return dict(AnsweringAs.choices)


@dataclass(frozen=True)
class CommentGroup:
    principle: Principle
    answers: list[FeedbackAnswer]


def comments_for_round(feedback_round: FeedbackRound) -> list[CommentGroup]:
    """Comments by statement, in the set's order, in one query."""
    answers: QuerySet[FeedbackAnswer] = (
        FeedbackAnswer.objects.filter(response__round=feedback_round)
        .exclude(comment="")
        .select_related("principle", "response", "marked_by")
        # Statement first (its id too: two principles may share a place in the set): a new
        # group starts only when the statement changes. Within a statement, by the words:
        # ordered by when people answered, the first comment under every statement would be
        # one person's, the second the next person's, linking each person's comments (one
        # perhaps on a statement too few answered) and picking them out. The id only breaks
        # ties between the same words.
        .order_by("principle__order", "principle_id", "comment", "pk")
    )
    groups: list[CommentGroup] = []
    for answer in answers:
        if not groups or groups[-1].principle.pk != answer.principle_id:
            groups.append(CommentGroup(principle=answer.principle, answers=[]))
        groups[-1].answers.append(answer)
    return groups


def respondent_cells(feedback_round: FeedbackRound) -> dict[tuple[str, bool], int]:
    """How many people answered, by (answering as, entered for them by a member), in one
    query: what decides which labels comments can carry (``summary.comment_labels``)."""
    rows = (
        FeedbackResponse.objects.filter(round=feedback_round)
        .values_list("answering_as", "assisted")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(answering_as, assisted): n for answering_as, assisted, n in rows}
