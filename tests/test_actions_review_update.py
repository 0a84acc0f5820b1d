"""Updating an action from a page opened before someone else's update shows their update,
never an error about a change the user did not make, and saving again keeps theirs; an
action of an assessment waiting for sign-off is said to be so."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from actions import views
from actions.models import ActionUpdate
from actions.services import UpdateInput, action_update_record
from assessments.errors import RefusedError
from assessments.models import ImprovementAction
from partnerships.models import Role
from tests.builders import complete, new_action, rate, sign_off, start, submit

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DUE = TODAY + datetime.timedelta(days=60)
MOVED = TODAY + datetime.timedelta(days=120)  # the lead's new due date
MINE = TODAY + datetime.timedelta(days=90)  # the contributor's own new due date
REASON_MISSING = "Enter why the due date has changed"


def _with_action(service, people, *, sign=True, send=True):
    """An assessment of ``service`` with one agreed action on NV-01, due ``DUE``: signed
    off, or only submitted (``sign=False``), or a draft (``send=False``)."""
    lead = people[Role.LEAD]
    assessment = start(user=lead, service=service, period="2026/27")
    complete(user=lead, assessment=assessment)
    rate(
        user=lead,
        assessment=assessment,
        code="NV-01",
        actions=[new_action(description="Weekly huddle", status="agreed", due_date=DUE)],
    )
    if send:
        submit(user=lead, assessment=assessment)
    if send and sign:
        sign_off(user=people[Role.APPROVER], assessment=assessment)
    return ImprovementAction.objects.get(rating__assessment=assessment)


@pytest.fixture
def action(service, people):
    return _with_action(service, people)


def _lead_moves_due_date(action, people, *, version=0):
    """The lead records an update moving the due date to ``MOVED``."""
    return action_update_record(
        user=people[Role.LEAD],
        action_id=action.pk,
        expected_version=version,
        update=UpdateInput(
            status="agreed",
            due_date=MOVED,
            noted_on=TODAY,
            note="Lead's note",
            due_date_reason="Waiting for the new rota",
        ),
    )


def _form(*, status="agreed", due=DUE, version=0, **fields):
    """The update form as posted from a page that showed ``status`` and ``due``."""
    data = {
        "status": status,
        "note": "",
        "noted_on_0": TODAY.day,
        "noted_on_1": TODAY.month,
        "noted_on_2": TODAY.year,
        "due_date_0": due.day,
        "due_date_1": due.month,
        "due_date_2": due.year,
        "due_date_reason": "",
        "version": version,
    }
    return data | fields


def _said(response) -> str:
    return " ".join(html.unescape(strip_tags(response.content.decode())).split())


def _url(action):
    return reverse("actions:update", args=[action.pk])


def test_a_note_from_a_stale_page_shows_the_conflict_not_a_due_date_error(client, people, action):
    """A note posted from a page opened before the lead moved the due date gets the lead's
    update (409, who, the new due date, their note) and no error about the due date."""
    _lead_moves_due_date(action, people)
    client.force_login(people[Role.CONTRIBUTOR])
    response = client.post(_url(action), _form(note="Huddle held twice"))
    assert response.status_code == 409
    said = _said(response)
    lead = people[Role.LEAD]
    assert f"{lead.name} recorded an update at" in said
    assert f"due {MOVED.day} {MOVED:%B %Y}" in said and "Their note: Lead's note" in said
    assert REASON_MISSING not in said
    assert response.context["form"]["note"].value() == "Huddle held twice"


def test_saving_again_after_the_conflict_keeps_the_leads_due_date(client, people, action):
    """The redrawn form carries the lead's due date the user left alone, so saving it adds
    the note without moving the date back."""
    _lead_moves_due_date(action, people)
    client.force_login(people[Role.CONTRIBUTOR])
    response = client.post(_url(action), _form(note="Huddle held twice"))
    again = response.context["form"].data.copy()
    assert (again["due_date_0"], again["due_date_2"]) == (str(MOVED.day), str(MOVED.year))
    assert client.post(_url(action), again).status_code == 302
    latest = ActionUpdate.objects.filter(action=action).latest()
    assert (latest.note, latest.due_date, latest.status) == ("Huddle held twice", MOVED, "agreed")
    assert latest.due_date_reason == ""


def test_what_the_user_changed_stays_after_the_conflict(client, people, action):
    """A due date and status the user changed, with the reason, stay as they typed them,
    and saving again records them after the lead's update."""
    _lead_moves_due_date(action, people)
    client.force_login(people[Role.CONTRIBUTOR])
    mine = _form(
        status="in_progress",
        due_date_0=MINE.day,
        due_date_1=MINE.month,
        due_date_2=MINE.year,
        due_date_reason="Started early",
    )
    response = client.post(_url(action), mine)
    assert response.status_code == 409
    again = response.context["form"].data.copy()
    assert (again["status"], again["due_date_0"]) == ("in_progress", str(MINE.day))
    assert again["due_date_reason"] == "Started early"
    assert client.post(_url(action), again).status_code == 302
    latest = ActionUpdate.objects.filter(action=action).latest()
    assert (latest.status, latest.due_date, latest.previous_due_date) == (
        "in_progress",
        MINE,
        MOVED,
    )


def test_a_page_opened_after_an_earlier_update_compares_with_that_one(client, people, action):
    """Opened at the lead's first update, a page posted after their second is compared with
    the first: the second's due date is taken, not refused for want of a reason."""
    first = _lead_moves_due_date(action, people)
    action_update_record(
        user=people[Role.LEAD],
        action_id=action.pk,
        expected_version=first.pk,
        update=UpdateInput(
            status="agreed", due_date=MINE, noted_on=TODAY, due_date_reason="Sooner after all"
        ),
    )
    client.force_login(people[Role.CONTRIBUTOR])
    response = client.post(_url(action), _form(due=MOVED, version=first.pk, note="Mine"))
    assert response.status_code == 409
    assert REASON_MISSING not in _said(response)
    assert client.post(_url(action), response.context["form"].data.copy()).status_code == 302
    assert ActionUpdate.objects.filter(action=action).latest().due_date == MINE


def test_an_update_saved_during_the_post_is_shown_the_same_way(client, people, action, monkeypatch):
    """When the lead's update lands between the page's check and the save, the user still
    sees it, and the form carries the lead's due date."""
    record = views.services.action_update_record

    def lead_first(**kwargs):
        _lead_moves_due_date(action, people)
        return record(**kwargs)

    monkeypatch.setattr(views.services, "action_update_record", lead_first)
    client.force_login(people[Role.CONTRIBUTOR])
    response = client.post(_url(action), _form(note="Huddle held twice"))
    assert response.status_code == 409
    assert "recorded an update at" in _said(response)
    assert response.context["form"].data["due_date_1"] == str(MOVED.month)
    assert ActionUpdate.objects.filter(action=action).count() == 1


# An assessment not signed off yet --------------------------------------------------------


def test_an_action_waiting_for_sign_off_is_said_to_be_so(client, people, service):
    """The banner says the assessment is waiting for sign-off, as the page does, not to
    change the action in the assessment."""
    action = _with_action(service, people, sign=False)
    client.force_login(people[Role.LEAD])
    response = client.get(_url(action), follow=True)
    said = _said(response)
    assert (
        "This action's assessment is waiting for sign-off, so nobody can change the action now."
        in said
    )
    assert "The assessment is waiting for sign-off, so nobody can change this action now" in said
    assert "assessment itself" not in said


def test_a_drafts_action_is_sent_to_its_principles_page(client, people, service):
    """The banner for a draft's action points to its principle's page, as the page does."""
    action = _with_action(service, people, send=False)
    client.force_login(people[Role.LEAD])
    said = _said(client.get(_url(action), follow=True))
    assert (
        "This action's assessment is not signed off yet, so change the action on its "
        "principle's page." in said
    )


def test_the_service_refuses_an_action_waiting_for_sign_off_in_the_same_words(people, service):
    """The service's refusal is worded by the assessment's state too."""
    action = _with_action(service, people, sign=False)
    with pytest.raises(RefusedError) as error:
        action_update_record(
            user=people[Role.LEAD],
            action_id=action.pk,
            expected_version=0,
            update=UpdateInput(status="agreed", due_date=DUE, noted_on=TODAY, note="Early"),
        )
    assert error.value.code == "not_signed_off"
    assert "waiting for sign-off" in error.value.message
