"""Demo feedback for trying people's voice locally. Never used in production.

One open round on Riverside's submitted assessment, with 40 invented responses (six
entered for people by phone), plausible comments and two marked as suitable to quote,
dated from the autumn the team rated it (``assessments.demo_dates``).
One statement, about carers, has only four answers on the scale, so the reports show
"fewer than 5 answers" for it; one principle the team rates "Strengthening" has fewer
than half of people agreeing, so it is flagged. Nothing is random, and a round is
created only where none exists, so running the set-up again changes nothing.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from assessments.demo_dates import DemoClock, DemoTimeline
from assessments.models import Assessment, AssessmentState
from partnerships.models import Membership, Role
from voice.models import FeedbackAnswer, FeedbackRound
from voice.selectors import statement_principles
from voice.services import (
    AnswerInput,
    feedback_answer_mark_quotable,
    feedback_response_create,
    feedback_round_open,
)

PARTNERSHIP = "riverside"
RESPONSES = 40
DAYS_OPEN = 21

# How the 40 people answered each statement: strongly agree, agree, neither, disagree,
# strongly disagree, does not apply.
ORDER = ("strongly-agree", "agree", "neither", "disagree", "strongly-disagree", "does-not-apply")
DISTRIBUTIONS = {
    "NV-01": (10, 16, 6, 5, 2, 1),
    "NV-02": (8, 15, 9, 5, 2, 1),
    "NV-03": (3, 9, 10, 11, 5, 2),
    "NV-04": (6, 12, 8, 4, 2, 8),
    "NV-05": (12, 17, 6, 3, 1, 1),
    "NV-06": (2, 7, 9, 11, 6, 5),  # the team says 4 (Strengthening): flagged
    "NV-07": (5, 11, 7, 6, 3, 8),
    "NV-08": (1, 2, 0, 1, 0, 36),  # only 4 answers: "fewer than 5 answers"
    "NV-09": (2, 8, 15, 7, 3, 5),
    "NV-10": (4, 10, 8, 10, 6, 2),
    "NV-11": (7, 14, 10, 4, 2, 3),
    "NV-12": (4, 11, 13, 6, 2, 4),
}
ANSWERING_AS = ("person",) * 26 + ("carer",) * 11 + ("other",) * 3
ASSISTED = {3, 11, 17, 24, 30, 36}  # entered by a contributor, by phone


@dataclass(frozen=True)
class DemoComment:
    code: str
    text: str
    agrees: bool  # given by someone who agreed (or disagreed) with the statement
    quotable: bool = False


COMMENTS = (
    DemoComment("NV-01", "They asked what mattered to me before they made any plans.", True, True),
    DemoComment("NV-01", "I had to explain my situation to three different people.", False),
    DemoComment("NV-02", "Staff are kind, but they are always in a hurry.", True),
    DemoComment(
        "NV-03", "Nobody has asked me whether things are better since I came home.", False, True
    ),
    DemoComment("NV-04", "I was told about the lunch club at the community centre.", True),
    DemoComment("NV-05", "The letters are hard to read. Large print would help.", False),
    DemoComment("NV-06", "I did not know we could have a say in how the service is run.", False),
    DemoComment(
        "NV-06", "The carers' group was asked once, but we never heard what happened.", False
    ),
    DemoComment("NV-07", "My check-ups are now at the same place as my other appointments.", True),
    DemoComment("NV-09", "I do not know who is in charge of all this.", False),
    DemoComment("NV-10", "The district nurses did not know what the hospital had arranged.", False),
    DemoComment(
        "NV-10",
        "The hospital and the care team talked to each other. Coming home was easier.",
        True,
    ),
    DemoComment(
        "NV-11", "They helped me get out to the shops again, not just with my tablets.", True
    ),
    DemoComment("NV-12", "The new phone line is much better than before.", True),
)


def _answers_by_person(code: str, index: int) -> list[str]:
    """The 40 answers to one statement, spread over people differently for each statement."""
    answers = [
        answer for answer, n in zip(ORDER, DISTRIBUTIONS[code], strict=True) for _ in range(n)
    ]
    shift = (7 * index) % RESPONSES
    return answers[shift:] + answers[:shift]


def _commenters(grid: dict[str, list[str]]) -> dict[tuple[int, str], DemoComment]:
    """Who wrote each comment: the first person whose answer fits what they wrote."""
    taken: dict[tuple[int, str], DemoComment] = {}
    for number, comment in enumerate(COMMENTS):
        fits = (
            {"strongly-agree", "agree"}
            if comment.agrees
            else {"disagree", "strongly-disagree", "neither"}
        )
        for offset in range(RESPONSES):
            person = (5 * number + offset) % RESPONSES
            if grid[comment.code][person] in fits and (person, comment.code) not in taken:
                taken[(person, comment.code)] = comment
                break
    return taken


def feedback_demo_create(*, clock: DemoClock, timeline: DemoTimeline) -> FeedbackRound | None:
    """Open Riverside's demo round and answer it, unless a round is there already. Dated as
    the demo's story says (``timeline``): ``clock.apply`` moves the times stamped here."""
    assessment = (
        Assessment.objects.filter(
            service__partnership__slug=PARTNERSHIP, state=AssessmentState.SUBMITTED
        )
        .select_related("service", "principle_set")
        .order_by("pk")
        .first()
    )
    if assessment is None or FeedbackRound.objects.filter(assessment=assessment).exists():
        return None
    memberships = Membership.objects.filter(partnership=assessment.service.partnership)
    lead = memberships.select_related("user").get(role=Role.LEAD).user
    helper = memberships.select_related("user").filter(role=Role.CONTRIBUTOR).first()
    with clock.at(timeline.feedback_opened):
        feedback_round = feedback_round_open(
            user=lead,
            assessment=assessment,
            # Still open, whenever the demo is made: people can try the form.
            closes_on=timezone.localdate() + datetime.timedelta(days=DAYS_OPEN),
        )
    principles = statement_principles(assessment.principle_set)
    grid = {p.code: _answers_by_person(p.code, i) for i, p in enumerate(principles)}
    comments = _commenters(grid)
    for person, moment in zip(range(RESPONSES), timeline.feedback_answered(RESPONSES), strict=True):
        with clock.at(moment):
            feedback_response_create(
                round_id=feedback_round.pk,
                answering_as=ANSWERING_AS[person],
                answers=[
                    AnswerInput(
                        principle_id=p.pk,
                        answer=grid[p.code][person],
                        comment=comments[(person, p.code)].text
                        if (person, p.code) in comments
                        else "",
                    )
                    for p in principles
                ],
                entered_by=helper.user if helper and person in ASSISTED else None,
            )
    with clock.at(timeline.feedback_quoted):
        for comment in COMMENTS:
            if comment.quotable:
                answer = FeedbackAnswer.objects.get(
                    response__round=feedback_round, comment=comment.text
                )
                feedback_answer_mark_quotable(user=lead, answer_id=answer.pk, quotable=True)
    return feedback_round
