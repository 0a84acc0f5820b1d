"""The weekly email of improvement actions due in the next 2 weeks or overdue."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actions.services import UpdateInput, action_update_record
from assessments.models import ActionStatus, ImprovementAction
from notifications.models import DigestWeek, Notice
from notifications.services import action_digest_send, preference_update
from partnerships.models import Role
from tests import builders
from tests.factories import member

pytestmark = pytest.mark.django_db

# A Wednesday; the digest covers actions due up to 2 weeks later, and every overdue one.
TODAY = datetime.date(2027, 3, 3)
SOON = TODAY + datetime.timedelta(days=14)
LATER = TODAY + datetime.timedelta(days=15)
OVERDUE = TODAY - datetime.timedelta(days=1)
DESCRIPTION = "Agree one care plan with the care home"


def _action(assessment, owner, due_date=SOON, status=ActionStatus.AGREED, code_order=1):
    rating = assessment.ratings.get(principle__order=code_order)
    return ImprovementAction.objects.create(
        rating=rating, description=DESCRIPTION, owner=owner, due_date=due_date, status=status
    )


def _send(django_capture_on_commit_callbacks, today=TODAY):
    with django_capture_on_commit_callbacks(execute=True):
        return action_digest_send(today=today)


def _digest_for(user):
    [message] = [m for m in mail.outbox if m.to == [user.email]]
    return message


@pytest.fixture
def draft(service, people):
    return builders.start(user=people[Role.LEAD], service=service)


def test_owners_get_their_actions_by_email_address_or_name(
    draft, people, django_capture_on_commit_callbacks
):
    """An owner written as an email address (any case) or a person's name reaches that person."""
    contributor = people[Role.CONTRIBUTOR]
    contributor.display_name = "Priya Shah"
    contributor.save()
    _action(draft, people[Role.APPROVER].email.upper())
    _action(draft, "  priya   SHAH ", due_date=OVERDUE, code_order=2)
    assert _send(django_capture_on_commit_callbacks) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [people[Role.APPROVER].email, contributor.email]
    )
    body = _digest_for(contributor).body
    assert "Actions you own" in body
    assert "Overdue: was due 2 March 2027" in body


def test_actions_owned_by_teams_go_to_the_leads(
    draft, people, django_capture_on_commit_callbacks
):
    """An owner that matches no one in the partnership is listed for each lead."""
    second_lead = member(draft.service.partnership, Role.LEAD, username="second-lead")
    _action(draft, "Discharge team")
    _send(django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [people[Role.LEAD].email, second_lead.email]
    )
    body = _digest_for(second_lead).body
    assert "Actions owned by a team, or by someone without an account" in body
    assert "Actions you own" not in body


def test_a_name_shared_by_two_people_goes_to_the_leads(
    draft, people, django_capture_on_commit_callbacks
):
    """When an owner's name fits two people, neither is guessed: the leads get it."""
    for role in (Role.CONTRIBUTOR, Role.VIEWER):
        people[role].display_name = "Sam Jones"
        people[role].save()
    _action(draft, "Sam Jones")
    _send(django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[people[Role.LEAD].email]]


def test_people_in_other_partnerships_are_not_matched(
    draft, people, partnership, django_capture_on_commit_callbacks
):
    """An owner's email address only counts within the action's own partnership."""
    from tests.factories import PartnershipFactory

    outsider = member(PartnershipFactory(), Role.LEAD, username="outsider")
    _action(draft, outsider.email)
    _send(django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[people[Role.LEAD].email]]


def test_only_open_actions_due_soon_or_overdue_are_listed(
    draft, people, django_capture_on_commit_callbacks
):
    """Actions due later, completed or deferred are left out; nobody with none is emailed."""
    lead = people[Role.LEAD]
    _action(draft, lead.email, due_date=LATER)
    _action(draft, lead.email, due_date=OVERDUE, status=ActionStatus.COMPLETED)
    _action(draft, lead.email, due_date=OVERDUE, status=ActionStatus.DEFERRED)
    assert _send(django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def _signed_with_action(service, people, owner, due_date=SOON):
    """2025/26 signed off with NV-01's action owned by ``owner``."""
    lead = people[Role.LEAD]
    last = builders.start(user=lead, service=service, period="2025/26")
    builders.complete(user=lead, assessment=last)
    new = builders.new_action(description=DESCRIPTION, owner=owner, due_date=due_date)
    builders.rate(user=lead, assessment=last, code="NV-01", value=2, actions=[new])
    builders.submit(user=lead, assessment=last)
    return builders.sign_off(user=people[Role.APPROVER], assessment=last)


def test_actions_carried_into_a_new_assessment_are_listed_once(
    service, people, django_capture_on_commit_callbacks
):
    """The original of an action copied into the next assessment does not remind anyone."""
    lead = people[Role.LEAD]
    last = _signed_with_action(service, people, lead.email)
    later = builders.start(user=lead, service=service, period="2026/27", carry_forward=True)
    _send(django_capture_on_commit_callbacks)
    body = _digest_for(lead).body
    assert "1 improvement action is due by 17 March 2027" in body
    assert later.title in body
    assert f"{last.title} (" not in body


def test_an_action_reopened_after_the_next_assessment_started_still_reminds(
    service, people, django_capture_on_commit_callbacks
):
    """Completed, so not carried into the next assessment, then reopened: the Actions page
    follows it where it is, and so does the digest."""
    lead = people[Role.LEAD]
    last = _signed_with_action(service, people, lead.email)
    action = ImprovementAction.objects.get(rating__assessment=last)
    noted = datetime.date(2026, 1, 4)  # passed: an update cannot be dated in the future

    def update(version, status, **reasons):
        change = UpdateInput(status=status, due_date=OVERDUE, noted_on=noted, **reasons)
        action_update_record(
            user=lead, action_id=action.pk, expected_version=version, update=change
        )

    update(0, ActionStatus.COMPLETED, due_date_reason="Finished early")
    builders.start(user=lead, service=service, period="2026/27", carry_forward=True)
    assert not ImprovementAction.objects.filter(carried_from=action).exists()
    update(action.updates.latest("pk").pk, ActionStatus.IN_PROGRESS)
    _send(django_capture_on_commit_callbacks)
    body = _digest_for(lead).body
    assert f"{last.title} (" in body and "Overdue: was due 2 March 2027" in body


def test_the_digest_links_to_the_actions_page_and_leaves_out_what_people_wrote(
    draft, people, django_capture_on_commit_callbacks
):
    """Each assessment links to the Actions page for its service, where each action is as it
    stands now; action descriptions and owners stay out."""
    _action(draft, "Discharge team")
    _send(django_capture_on_commit_callbacks)
    message = _digest_for(people[Role.LEAD])
    partnership = draft.service.partnership
    page = reverse("actions:list", args=[partnership.slug]) + f"?service={draft.service_id}"
    [(html, _)] = message.alternatives
    for body in (message.body, html):
        assert f"http://127.0.0.1:8000{page}" in body.replace("&amp;", "&")
        assert f"{draft.title} ({draft.service.name})" in body
        assert DESCRIPTION not in body
        assert "Discharge team" not in body
    assert message.subject == "Improvement actions due soon or overdue"


def test_people_who_turned_the_digest_off_get_none(
    draft, people, django_capture_on_commit_callbacks
):
    """Turning off the digest stops it, for one's own actions and a lead's team actions."""
    lead = people[Role.LEAD]
    preference_update(user=lead, wanted={Notice.ASSESSMENT_SUBMITTED})
    _action(draft, lead.email)
    _action(draft, "Discharge team", code_order=2)
    assert _send(django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_the_digest_is_sent_once_a_week(draft, people, django_capture_on_commit_callbacks):
    """Running again in the same week sends nothing; the next week sends again."""
    _action(draft, people[Role.LEAD].email, due_date=OVERDUE)
    assert _send(django_capture_on_commit_callbacks) == 1
    friday = TODAY + datetime.timedelta(days=2)
    assert _send(django_capture_on_commit_callbacks, today=friday) is None
    assert len(mail.outbox) == 1
    next_monday = TODAY + datetime.timedelta(days=5)
    assert _send(django_capture_on_commit_callbacks, today=next_monday) == 1
    assert len(mail.outbox) == 2
    assert list(DigestWeek.objects.values_list("week_starting", "emails")) == [
        (next_monday, 1),
        (datetime.date(2027, 3, 1), 1),
    ]


def _queries_for(actions_per_owner, draft, people):
    DigestWeek.objects.all().delete()
    ImprovementAction.objects.all().delete()
    owners = [people[Role.LEAD].email, people[Role.CONTRIBUTOR].email, "Discharge team"]
    for owner in owners:
        for n in range(actions_per_owner):
            _action(draft, owner, due_date=OVERDUE, code_order=1 + n % 12)
    with CaptureQueriesContext(connection) as queries:
        action_digest_send(today=TODAY)
    return len(queries)


def test_the_digest_takes_the_same_queries_however_many_actions(draft, people):
    """Ten times the actions for the same people costs no extra query."""
    few = _queries_for(1, draft, people)
    many = _queries_for(10, draft, people)
    assert few == many
    # The week's row (with savepoints), the actions, the people, and the count of emails.
    assert few <= 9


def test_the_command_says_what_it_queued(draft, people, django_capture_on_commit_callbacks):
    """`manage.py send_action_digest` queues the digests, and says so when run again."""
    _action(draft, people[Role.LEAD].email, due_date=timezone.localdate())
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_action_digest", stdout=out)
        call_command("send_action_digest", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Queued 1 action digest email(s) for the week starting ")
    assert lines[1].endswith("has already been sent.")
    assert len(mail.outbox) == 1
