"""Before sign-off an action is changed on its principle's page: an action's page tells
only those who may edit the draft to go there, and tells everyone else who can."""

import html

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from assessments.models import ImprovementAction
from partnerships.models import Role
from tests import builders

pytestmark = pytest.mark.django_db

EDITOR = "Until the assessment is signed off, the action is changed on its principle's page."
OTHERS = (
    "Until the assessment is signed off, its leads and contributors change this action on its "
    "principle's page."
)
WAITING = (
    "The assessment is waiting for sign-off, so nobody can change this action now. If it is "
    "returned for changes, its leads and contributors can change the action on its "
    "principle's page."
)


@pytest.fixture
def action(people, draft):
    """An action on NV-04 of the draft."""
    builders.rate(
        user=people[Role.LEAD],
        assessment=draft,
        code="NV-04",
        value=2,
        actions=[builders.new_action()],
    )
    return ImprovementAction.objects.get(rating__assessment=draft)


def said(client, action) -> str:
    content = client.get(reverse("actions:detail", args=[action.pk])).content.decode()
    return " ".join(html.unescape(strip_tags(content)).split())


@pytest.mark.parametrize("role", [Role.LEAD, Role.CONTRIBUTOR])
def test_those_who_edit_the_draft_are_sent_to_the_principle(as_role, action, role):
    """A lead or contributor reads that the action is changed on its principle's page."""
    page = said(as_role(role), action)
    assert EDITOR in page and OTHERS not in page


@pytest.mark.parametrize("role", [Role.VIEWER, Role.APPROVER])
def test_everyone_else_reads_who_changes_it(as_role, action, role):
    """A viewer or approver, who cannot edit the draft, reads who can."""
    page = said(as_role(role), action)
    assert OTHERS in page and EDITOR not in page


@pytest.mark.parametrize("role", [Role.LEAD, Role.VIEWER])
def test_a_submitted_action_waits_for_sign_off(as_role, people, action, draft, role):
    """Submitted, nobody can change it until it is returned, and the page says so."""
    builders.complete(user=people[Role.LEAD], assessment=draft, value=3)
    builders.submit(user=people[Role.LEAD], assessment=draft)
    page = said(as_role(role), action)
    assert WAITING in page and EDITOR not in page and OTHERS not in page
