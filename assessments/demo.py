"""Demo data for trying the service locally. Never used in production.

Everything is created only when absent, so running the set-up twice changes
nothing and never touches real data or passwords someone has changed:

- a login is created only if no user has its username;
- a demo partnership, with its services and assessments, is created only if no
  partnership has its slug. A login created later joins its existing partnership.

Assessments are built through the same services people use, so demo data obeys
the same rules: roles, completeness before submission, frozen text and history.
The names and evidence come from ``demo_content.py``; nothing is random. What is
saved is then dated as the demo's story says (``demo_dates.py``): last year's
assessment rated in the spring, submitted before the board's meeting and recorded
the day after it; this year's in the autumn. Never in the future.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from actions.demo import board_summary_create, demo_submit, follow_through_create
from consensus.demo import team_scoring_demo_create
from partnerships.models import Membership, Partnership, Role, Service
from principles.models import PrincipleSet, RatingScale
from voice.demo import feedback_demo_create

from .demo_content import PARTNERSHIPS, DemoPartnership, DemoPerson, DemoService
from .demo_dates import DemoClock, DemoTimeline
from .demo_start import demo_assessment_start
from .demo_text import ACTION_BANK, LEVEL_NOTES, PRINCIPLE_EVIDENCE
from .models import ActionStatus, Assessment, Rating
from .services import (
    ActionInput,
    RatingInput,
    assessment_return,
    assessment_sign_off,
    assessment_weights_update,
    rating_update,
)

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - printed for local demo logins only

LAST_PERIOD = "2025/26"
THIS_PERIOD = "2026/27"

# Levels given to the principles, by position in the set; shifted for each partnership.
SIGNED_OFF_LEVELS = (3, 4, 2, 3, 2, 3, 3, 2, 3, 3, 3, 2)
REVIEWED_LEVELS = (4, 4, 3)  # the principles already reviewed in the carried-forward draft
SUBMITTED_LEVELS = (4, 3, 3, 4, 3, 4, 2, 3, 3, 2, 4, 3)
RETURNED_LEVELS = (2, 3, 2, 2, 3, 2, 3, 1, 2, 2, 3, 2)
PARTIAL_LEVELS = (3, 2, 3, 2, 2)
REVIEW_NOTE = "Reviewed for 2026/27 against last year's evidence and this year's audit."

# Improvement actions: principle position, status, due date.
SIGNED_OFF_ACTIONS = (
    (7, ActionStatus.COMPLETED, date(2025, 12, 31)),
    (2, ActionStatus.IN_PROGRESS, date(2027, 3, 31)),
    (4, ActionStatus.AGREED, date(2027, 6, 30)),
)
SUBMITTED_ACTIONS = (
    (5, ActionStatus.AGREED, date(2027, 3, 31)),
    (9, ActionStatus.PROPOSED, date(2027, 9, 30)),
)
RETURNED_ACTIONS = ((1, ActionStatus.AGREED, date(2027, 1, 31)),)
PARTIAL_ACTIONS = ((0, ActionStatus.PROPOSED, date(2027, 6, 30)),)


class DemoDataError(Exception):
    """Demo data needs something that is not there yet."""


@dataclass(frozen=True)
class DemoLogin:
    sign_in_as: str  # the email address; the admin's break-glass username
    role: str
    created: bool


@transaction.atomic
def demo_data_create() -> list[DemoLogin]:
    """Create the demo logins and data that do not exist yet and return every demo login."""
    _check_principle_sets()
    admin, created = _user_get_or_create(
        DemoPerson("demo-admin", "Alex", "Admin", role=""), is_staff=True, is_superuser=True
    )
    logins = [
        DemoLogin(
            sign_in_as=admin.username,
            # Admins see partnerships' pages only as their members, like everyone else.
            role="Admin (Django admin only: in no partnership)",
            created=created,
        )
    ]
    for index, spec in enumerate(PARTNERSHIPS):
        logins += _partnership_create(spec, level_shift=3 * index)
    return logins


def _check_principle_sets() -> None:
    slugs = {spec.principle_set for spec in PARTNERSHIPS}
    found = set(PrincipleSet.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    if found != slugs or not RatingScale.objects.filter(is_default=True).exists():
        raise DemoDataError("The principle sets are not loaded yet. Run: manage.py load_principles")


def _user_get_or_create(person: DemoPerson, **flags):
    user, created = get_user_model().objects.get_or_create(
        username=person.username,
        defaults={
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": f"{person.username}@example.org",
            **flags,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user, created


def _partnership_create(spec: DemoPartnership, *, level_shift: int) -> list[DemoLogin]:
    partnership = Partnership.objects.filter(slug=spec.slug).first()
    if partnership is not None:  # made before: only logins created since join it
        return _people_join(spec, partnership, partnership_created=False)[0]
    # Dated as the demo's story says, not today (demo_dates.py).
    timeline = DemoTimeline(decision=spec.signoff_date, period=THIS_PERIOD)
    clock = DemoClock()
    with clock.at(timeline.set_up):
        partnership = Partnership.objects.create(
            slug=spec.slug,
            name=spec.name,
            nation=spec.nation,
            signoff_body=spec.usual_signoff_body,
            default_principle_set=PrincipleSet.objects.get(slug=spec.principle_set),
        )
        logins, users, raters = _people_join(spec, partnership, partnership_created=True)
        services = [
            (
                Service.objects.create(
                    partnership=partnership,
                    name=service.name,
                    description=service.description,
                    care_group=service.care_group,
                ),
                service,
            )
            for service in spec.services
        ]
    _assessments_create(spec, partnership, services, users, level_shift, clock, timeline)
    team_scoring_demo_create(
        partnership=partnership, people=raters, period=THIS_PERIOD, clock=clock, timeline=timeline
    )
    # People's voice: one feedback round with answers, for one partnership (voice/demo.py).
    feedback_demo_create(clock=clock, timeline=timeline)
    clock.apply(partnership)
    return logins


def _people_join(spec: DemoPartnership, partnership: Partnership, *, partnership_created: bool):
    """The partnership's logins, its people by role (the first of each role does the work)
    and those who rate the team-scored demo assessments."""
    users = {}
    raters = []
    logins = []
    for person in spec.people:
        user, created = _user_get_or_create(person)
        if created or partnership_created:  # so the membership cannot exist yet
            Membership.objects.create(user=user, partnership=partnership, role=person.role)
        users.setdefault(person.role, user)
        if person.role != Role.VIEWER:
            raters.append(user)
        label = f"{Role(person.role).label} in {partnership.name}"
        logins.append(DemoLogin(sign_in_as=user.email, role=label, created=created))
    return logins, users, raters


def _assessments_create(spec, partnership, services, users, shift, clock, timeline) -> None:
    """Five assessments: signed off last year, carried forward, submitted, returned, partial."""
    lead, contributor = users[Role.LEAD], users[Role.CONTRIBUTOR]
    approver = users[Role.APPROVER]

    def start(index, period, moment, *, carry_forward=False):
        with clock.at(moment):
            return demo_assessment_start(
                lead=lead,
                partnership=partnership,
                service=services[index][0],
                period=period,
                carry_forward=carry_forward,
            )

    def rate(user, assessment, index, levels, actions, moments, **text):
        saves = _answers(assessment, services[index][1], levels, actions, **text)
        for (rating, answer, planned), moment in zip(saves, moments(len(saves)), strict=True):
            with clock.at(moment):
                _save(user, rating, answer, planned)

    def submit(assessment, index, moment):
        with clock.at(moment):  # with the service's own reasons for no action, if any
            reasons = services[index][1].no_action
            return demo_submit(lead=lead, assessment=assessment, reasons=reasons)

    # Last year's assessment of the first service, with a weight changed, signed off.
    last_year = start(0, LAST_PERIOD, timeline.last_year_started)
    levels = _shifted(SIGNED_OFF_LEVELS, shift)
    rate(contributor, last_year, 0, levels, SIGNED_OFF_ACTIONS, timeline.last_year_rated, variant=0)
    position, weight, reason = spec.weight_change
    with clock.at(timeline.last_year_weights):
        last_year = assessment_weights_update(
            user=lead,
            assessment_id=last_year.pk,
            expected_version=last_year.version,
            weights={_ratings(last_year)[position].pk: (weight, reason)},
        )
    # For the board: the lead's summary, the board's ask and targets (actions/demo.py).
    with clock.at(timeline.last_year_summary):
        last_year = board_summary_create(lead=lead, assessment=last_year)
    last_year = submit(last_year, 0, timeline.last_year_submitted)
    with clock.at(timeline.signed_off):
        last_year = assessment_sign_off(
            user=approver,
            assessment_id=last_year.pk,
            expected_version=last_year.version,
            body=spec.signoff_body,
            decision=spec.signoff_decision,
            decision_date=spec.signoff_date,
            minute_reference=spec.signoff_minute,
        )

    # Progress on its actions through the year, before they are carried forward.
    follow_through_create(user=contributor, assessment=last_year, clock=clock)

    # This year's draft of the same service starts from last year's answers.
    carried = start(0, THIS_PERIOD, timeline.carried_started, carry_forward=True)
    rate(lead, carried, 0, REVIEWED_LEVELS, (), timeline.carried_rated, variant=1, note=REVIEW_NOTE)

    submitted = start(1, THIS_PERIOD, timeline.submitted_started)
    levels = _shifted(SUBMITTED_LEVELS, shift)
    rate(contributor, submitted, 1, levels, SUBMITTED_ACTIONS, timeline.submitted_rated, variant=2)
    submit(submitted, 1, timeline.submitted_submitted)

    returned = start(2, THIS_PERIOD, timeline.returned_started)
    levels = _shifted(RETURNED_LEVELS, shift)
    rate(contributor, returned, 2, levels, RETURNED_ACTIONS, timeline.returned_rated, variant=3)
    returned = submit(returned, 2, timeline.returned_submitted)
    with clock.at(timeline.returned_returned):
        assessment_return(
            user=approver,
            assessment_id=returned.pk,
            expected_version=returned.version,
            comment=spec.return_comment,
            codes=re.findall(r"\b(?:NV|SC)-[0-9]{2}\b", spec.return_comment),  # those it names
        )

    # A new draft, partly completed: a few principles done and the next one started.
    partial = start(3, THIS_PERIOD, timeline.partial_started)
    saves = _answers(partial, services[3][1], PARTIAL_LEVELS, PARTIAL_ACTIONS, variant=4)
    moments = timeline.partial_rated(len(saves) + 1)
    for (rating, answer, planned), moment in zip(saves, moments, strict=False):
        with clock.at(moment):
            _save(contributor, rating, answer, planned)
    started = _ratings(partial)[len(PARTIAL_LEVELS)]
    with clock.at(moments[-1]):
        rating_update(
            user=contributor,
            rating_id=started.pk,
            expected_version=started.version,
            answer=RatingInput.applicable(
                level_id=None,
                evidence=_principle_sentence(started.principle.code, services[3][1], variant=5),
            ),
            actions=[],
        )


def _shifted(levels: tuple[int, ...], shift: int) -> tuple[int, ...]:
    return levels[shift:] + levels[:shift]


def _ratings(assessment: Assessment) -> list[Rating]:
    return list(assessment.ratings.select_related("principle").order_by("principle__order"))


def _answers(assessment, service: DemoService, levels, actions, *, variant, note=""):
    """(rating, answer, planned action) for the first ``len(levels)`` principles, and any
    the service marks not applicable, in the order they are saved."""
    level_ids = dict(assessment.rating_scale.levels.values_list("value", "pk"))
    actions_by_position = {position: (status, due) for position, status, due in actions}
    answers = []
    for position, rating in enumerate(_ratings(assessment)):
        code = rating.principle.code
        reason = service.not_applicable.get(code, "")
        if position >= len(levels) and not reason:
            continue
        if reason:
            answer = RatingInput(
                level_id=None, not_applicable=True, not_applicable_reason=reason, evidence=""
            )
        else:
            answer = RatingInput.applicable(
                level_id=level_ids[levels[position]],
                evidence=_evidence(code, service, levels[position], variant + position, note),
            )
        answers.append((rating, answer, actions_by_position.get(position)))
    return answers


def _save(user, rating: Rating, answer: RatingInput, planned) -> None:
    rating_update(
        user=user,
        rating_id=rating.pk,
        expected_version=rating.version,
        answer=answer,
        actions=_actions(rating.principle.code, planned),
    )


def _actions(code: str, planned) -> list[ActionInput]:
    if planned is None or code not in ACTION_BANK:
        return []
    status, due = planned
    description, owner = ACTION_BANK[code]
    return [ActionInput(id=None, description=description, owner=owner, due_date=due, status=status)]


def _principle_sentence(code: str, service: DemoService, variant: int) -> str:
    text = PRINCIPLE_EVIDENCE[code][variant % 2].format(people=service.people, team=service.team)
    return text[0].upper() + text[1:]


def _evidence(code: str, service: DemoService, level: int, variant: int, note: str = "") -> str:
    """Two to four sentences about this principle in this service, the same on every run."""
    sentences = [_principle_sentence(code, service, variant)]
    if variant % 3:
        sentences.append(service.facts[variant % len(service.facts)])
    sentences.append(LEVEL_NOTES[level][(variant // 2) % 2])
    if note:
        sentences.append(note)
    return " ".join(sentences)
