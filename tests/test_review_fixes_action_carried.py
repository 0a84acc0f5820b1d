"""An update sent from an action's "Update progress" page after the action was carried
forward (or otherwise stopped taking updates) is not saved, and nothing typed is lost: the
page says who carried it forward and when, shows everything typed, and links to the copy."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from actions import views
from actions.models import ActionUpdate
from assessments.errors import RefusedError
from assessments.models import ImprovementAction
from integrated_care.templatetags.govuk_dates import govuk_datetime
from partnerships.models import Role
from tests.builders import complete, new_action, rate, sign_off, start, submit

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DUE = TODAY + datetime.timedelta(days=60)
MINE = TODAY + datetime.timedelta(days=90)  # the contributor's new due date


@pytest.fixture
def action(service, people):
    """An agreed action on NV-01 of a signed-off 2026/27 assessment, due ``DUE``."""
    lead = people[Role.LEAD]
    assessment = start(user=lead, service=service, period="2026/27")
    complete(user=lead, assessment=assessment)
    rate(
        user=lead,
        assessment=assessment,
        code="NV-01",
        actions=[new_action(description="Weekly huddle", status="agreed", due_date=DUE)],
    )
    submit(user=lead, assessment=assessment)
    sign_off(user=people[Role.APPROVER], assessment=assessment)
    return ImprovementAction.objects.get(rating__assessment=assessment)


def _carry_forward(service, people):
    """The lead starts 2027/28 from the signed-off assessment, carrying the action forward."""
    return start(user=people[Role.LEAD], service=service, period="2027/28", carry_forward=True)


def _typed():
    """What the contributor typed: a new status, a note, and a new due date with a reason."""
    return {
        "status": "in_progress",
        "note": "Huddle held twice",
        "noted_on_0": TODAY.day,
        "noted_on_1": TODAY.month,
        "noted_on_2": TODAY.year,
        "due_date_0": MINE.day,
        "due_date_1": MINE.month,
        "due_date_2": MINE.year,
        "due_date_reason": "Rota starts later",
        "version": 0,
    }


def _said(response) -> str:
    return " ".join(html.unescape(strip_tags(response.content.decode())).split())


def _url(action):
    return reverse("actions:update", args=[action.pk])


def _assert_everything_typed_is_shown(response):
    said = _said(response)
    assert "Your update has not been saved" in said
    assert "What you typed is below, so you can copy it." in said
    assert "Status In progress" in said
    assert "Progress note (optional) Huddle held twice" in said
    assert f"Due date {MINE.day}/{MINE.month}/{MINE.year}" in said
    assert "Reason for the new due date Rota starts later" in said


def test_an_update_sent_after_the_action_was_carried_forward_keeps_what_was_typed(
    client, people, service, action
):
    """Posted after the lead carried the action forward: 409, who did it and when, every
    field typed, a link to the copy in the later assessment, and nothing saved."""
    client.force_login(people[Role.CONTRIBUTOR])
    assert client.get(_url(action)).status_code == 200
    later = _carry_forward(service, people)
    response = client.post(_url(action), _typed())
    assert response.status_code == 409
    _assert_everything_typed_is_shown(response)
    lead = people[Role.LEAD]
    said = _said(response)
    assert (
        f"{lead.name} carried this action forward into the 2027/28 assessment at "
        f"{govuk_datetime(later.created_at)}, after you opened this page." in said
    )
    copy = ImprovementAction.objects.get(carried_from=action)
    assert f'href="{reverse("actions:detail", args=[copy.pk])}"' in response.content.decode()
    assert "Go to the action in the 2027/28 assessment" in said
    assert not ActionUpdate.objects.exists()


def test_an_action_carried_forward_during_the_save_keeps_what_was_typed(
    client, people, service, action, monkeypatch
):
    """Carried forward between the page's check and the save, the service's refusal shows
    the same page (409) rather than sending the user away without what they typed."""
    record = views.services.action_update_record

    def carried_first(**kwargs):
        _carry_forward(service, people)
        return record(**kwargs)

    monkeypatch.setattr(views.services, "action_update_record", carried_first)
    client.force_login(people[Role.CONTRIBUTOR])
    response = client.post(_url(action), _typed())
    assert response.status_code == 409
    _assert_everything_typed_is_shown(response)
    assert "carried this action forward into the 2027/28 assessment" in _said(response)
    assert not ActionUpdate.objects.exists()


def test_any_other_refusal_to_update_the_action_keeps_what_was_typed(
    client, people, action, monkeypatch
):
    """A refusal because the assessment is not signed off shows its message and everything
    typed (409), with a link back to the action."""
    message = "This action's assessment is not signed off yet, so change the action there."

    def refused(**kwargs):
        raise RefusedError(message, code="not_signed_off")

    monkeypatch.setattr(views.services, "action_update_record", refused)
    client.force_login(people[Role.LEAD])
    response = client.post(_url(action), _typed())
    assert response.status_code == 409
    _assert_everything_typed_is_shown(response)
    assert message in _said(response)
    assert f'href="{reverse("actions:detail", args=[action.pk])}"' in response.content.decode()
