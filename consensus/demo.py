"""Demo data for team scoring. Never used in production.

For each demo partnership, two more services, each with a draft rated individually first:
one still in the individual phase, with five raters part-way through, and one in which
the lead has opened agreement, with a split principle, agreed ratings (one far from the
team's median, with its note) and one rater who had not finished. Built through the real
services, so it obeys the same rules; nothing is random. ``assessments.demo`` calls it
once, when it creates the partnership.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from assessments.demo_dates import DemoClock, DemoTimeline
from assessments.demo_start import demo_assessment_start
from assessments.models import Assessment, Rating
from assessments.services import RatingInput, rating_update
from partnerships.models import Membership, Partnership, Role, Service

from .models import IndividualRating
from .services import (
    IndividualRatingInput,
    agreement_open,
    individual_rating_update,
    rater_finish,
    raters_add,
)


@dataclass(frozen=True)
class TeamService:
    name: str
    care_group: str
    description: str
    team: str  # the service, as rationales refer to it


SERVICES = {
    "riverside": (
        TeamService(
            "Community frailty service",
            "Older people",
            "Multidisciplinary support at home for people living with frailty, to prevent "
            "crises and avoidable admissions.",
            "the frailty team",
        ),
        TeamService(
            "Day opportunities for adults with learning disabilities",
            "Adults with learning disabilities",
            "Day services, work placements and community activities chosen with each person.",
            "day opportunities",
        ),
    ),
    "glenbrae": (
        TeamService(
            "Intermediate care at home",
            "Older people",
            "Short-term rehabilitation at home after illness or a hospital stay.",
            "intermediate care",
        ),
        TeamService(
            "Carers support service",
            "Unpaid carers",
            "Carer support plans, short breaks and advice for unpaid carers.",
            "the carers service",
        ),
    ),
}

# A colleague who rates with the printed logins, so each team has five raters. No password:
# the demo logins are the ones people try.
COLLEAGUES = {"riverside": ("Grace", "Adeyemi"), "glenbrae": ("Fraser", "Munro")}

# Individual levels by rater (lead, contributor, second contributor, approver, colleague),
# principle by principle; None: not rated yet, 0: not applicable.
PART_WAY = (
    (3, 3, 2, 4, 3, 3, 2, 3, 3, 2, 3, 3),  # finished
    (3, 2, 2, 3, 3, 4, 2, 2),  # 8 of 12
    (4, 3, 3, 3, 2),  # 5 of 12
    (2, 3),  # 2 of 12
    (),  # not started
)
IN_AGREEMENT = (
    (3, 2, 1, 3, 3, 4, 2, 3, 0, 2, 3, 3),
    (3, 2, 5, 3, 4, 4, 2, 3, 0, 2, 3, 4),
    (2, 3, 2, 3, 3, 3, 3, 3, 3, 2, 2, 3),
    (3, 2, 5, 4, 3, 4, 2, 4, 0, 3, 3, 3),
    (4, 3, 4, 3, 3, 4, 2, 3, 0),  # had not finished when agreement opened
)
# The team's agreed ratings of the first principles; the third was split (1, 5, 2, 5, 4:
# median 4, two of five outside 3 to 5) and was agreed two levels below its median.
AGREED = (3, 2, 2, 3)
DIVERGENCE_NOTE = (
    "Two of us had not seen the case file audit, which found plans shared with the person "
    "in fewer than half of cases. Once we went through it together, we agreed Limited."
)
RATIONALES = {
    # "the work of {team}", not "{team}'s work": a name such as "day opportunities" would
    # read "day opportunities's".
    1: "I have seen little sign of this in the day-to-day work of {team}.",
    2: "It happens in {team}, but it depends on who you get.",
    3: "This is usual practice in {team}, though the records do not always show it.",
    4: "{Team} builds this into supervision and it shows in most of what I see.",
    5: "This is simply how {team} works, and people tell us so.",
}
NOT_APPLICABLE = "We do not commission this part of the service."


def team_scoring_demo_create(
    *, partnership: Partnership, people: list, period: str, clock: DemoClock, timeline: DemoTimeline
) -> None:
    """Two team-scored drafts for the partnership; ``people`` are its lead, contributors and
    approver, as created by ``assessments.demo``. Each step is dated as ``timeline`` says
    (``assessments.demo_dates``): each rater rates in one sitting, days after the others,
    and agreement opens weeks later."""
    specs = SERVICES.get(partnership.slug)
    if specs is None:
        return
    lead = people[0]
    with clock.at(timeline.agreeing_started):  # joins the team for the first of them
        raters = [*people, _colleague(partnership)]
    drafts = []
    for spec, levels, started, rated in (
        (specs[0], PART_WAY, timeline.part_way_started, timeline.part_way_rated),
        (specs[1], IN_AGREEMENT, timeline.agreeing_started, timeline.agreeing_rated),
    ):
        with clock.at(started):
            draft = _start(partnership, spec, lead, period)
            raters_add(user=lead, assessment_id=draft.pk, user_ids=[r.pk for r in raters])
        for index, (rater, rater_levels) in enumerate(zip(raters, levels, strict=True)):
            with clock.at(rated(index)):
                _rate(rater, draft, rater_levels, spec)
        drafts.append(draft)
    agreeing = drafts[1]
    with clock.at(timeline.agreement_opened):
        draft = agreement_open(
            user=lead,
            assessment_id=agreeing.pk,
            expected_version=Assessment.objects.get(pk=agreeing.pk).version,
            although_unfinished=True,
        )
    ratings = list(draft.ratings.select_related("principle").order_by("principle__order"))
    levels = dict(draft.rating_scale.levels.values_list("value", "pk"))
    moments = timeline.agreed(len(AGREED))
    for index, (value, moment) in enumerate(zip(AGREED, moments, strict=True)):
        with clock.at(moment):
            note = DIVERGENCE_NOTE if index == 2 else ""
            _agree(people[1], ratings[index], levels[value], note=note)


def _colleague(partnership):
    first, last = COLLEAGUES[partnership.slug]
    user, created = get_user_model().objects.get_or_create(
        username=f"{partnership.slug}-colleague",
        defaults={
            "first_name": first,
            "last_name": last,
            "email": f"{partnership.slug}-colleague@example.org",
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    Membership.objects.get_or_create(
        user=user, partnership=partnership, defaults={"role": Role.CONTRIBUTOR}
    )
    return user


def _start(partnership, spec: TeamService, lead, period: str) -> Assessment:
    service = Service.objects.create(
        partnership=partnership,
        name=spec.name,
        description=spec.description,
        care_group=spec.care_group,
    )
    return demo_assessment_start(
        lead=lead, partnership=partnership, service=service, period=period, team_scoring=True
    )


def _rate(rater, assessment: Assessment, levels: tuple, spec: TeamService) -> None:
    individuals = list(
        IndividualRating.objects.filter(rater__assessment=assessment, rater__user=rater)
        .select_related("rating__principle")
        .order_by("rating__principle__order")
    )
    scale = dict(assessment.rating_scale.levels.values_list("value", "pk"))
    team = spec.team
    for individual, value in zip(individuals, levels, strict=False):
        rationale = RATIONALES.get(value, "").format(team=team, Team=team[0].upper() + team[1:])
        individual_rating_update(
            user=rater,
            individual_rating_id=individual.pk,
            expected_version=individual.version,
            answer=IndividualRatingInput(
                level_id=scale.get(value),
                not_applicable=value == 0,
                not_applicable_reason=NOT_APPLICABLE if value == 0 else "",
                rationale=rationale,
            ),
        )
    if len(levels) == len(individuals):
        rater_finish(user=rater, assessment_id=assessment.pk)


def _agree(user, rating: Rating, level_id: int, *, note: str) -> None:
    rating_update(
        user=user,
        rating_id=rating.pk,
        expected_version=rating.version,
        answer=RatingInput.applicable(
            level_id=level_id,
            evidence=(
                "Agreed at the team's workshop after going through everyone's ratings. The "
                "case file audit and feedback from people who use the service support it."
            ),
            divergence_note=note,
        ),
        actions=[],
    )
