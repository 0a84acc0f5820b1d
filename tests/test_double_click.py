"""Every button that changes an assessment ignores a second click (GOV.UK Frontend's
``data-prevent-double-click``): a double click would send the change twice, and the second
would be refused as if someone else had saved first."""

import html
import re

import pytest
from django.urls import reverse

from partnerships.models import Role
from tests import builders
from tests.test_version_ahead import signed_off_action

pytestmark = pytest.mark.django_db


def buttons(response) -> dict[str, str]:
    """Each submit button's words (hidden words left out), by its opening tag."""
    assert response.status_code == 200
    found = {}
    for tag, words in re.findall(r"(<button[^>]*>)(.*?)</button>", response.content.decode(), re.S):
        if 'type="button"' in tag:
            continue
        found[re.sub(r"<span.*?</span>|<[^>]+>", "", words).strip()] = tag
    return found


def assert_once(response, *titles):
    found = buttons(response)
    for title in titles:
        assert title in found, f"no {title!r} button: {sorted(found)}"
        tag = found[title]
        assert 'data-module="govuk-button"' in tag and 'data-prevent-double-click="true"' in tag


def test_the_principle_page_and_submitting(client, people, draft):
    """Save and continue, Save as draft, and Submit for sign-off."""
    client.force_login(people[Role.LEAD])
    assert_once(
        client.get(reverse("assessments:principle", args=[draft.pk, "NV-01"])),
        "Save and continue",
        "Save as draft",
    )
    builders.complete(user=people[Role.LEAD], assessment=draft)
    assert_once(client.get(reverse("assessments:check", args=[draft.pk])), "Submit for sign-off")
    assert_once(client.get(reverse("assessments:weights", args=[draft.pk])), "Save weights")


def test_returning_and_signing_off(client, people, submitted):
    """The approver's two decisions."""
    client.force_login(people[Role.APPROVER])
    assert_once(
        client.get(reverse("assessments:return", args=[submitted.pk])), "Return for changes"
    )
    assert_once(client.get(reverse("assessments:sign_off", args=[submitted.pk])), "Record sign-off")


def test_starting_an_assessment_and_updating_an_action(client, people, draft):
    """Start assessment, and Save update on a signed-off action."""
    action = signed_off_action(people, draft)
    client.force_login(people[Role.LEAD])
    assert_once(client.get(reverse("assessments:start")), "Start assessment")
    assert_once(client.get(reverse("actions:update", args=[action.pk])), "Save update")


def test_a_second_send_names_the_sender_as_you(client, people, draft):
    """If a second send gets through anyway (a resend, another tab), the page says "You"
    submitted it, not the sender's own name as if someone else had."""
    lead = people[Role.LEAD]
    builders.complete(user=lead, assessment=draft)
    client.force_login(lead)
    address = reverse("assessments:check", args=[draft.pk])
    data = {"version": draft.version}
    assert client.post(address, data).status_code == 302
    again = client.post(address, data)
    page = again.content.decode()
    assert again.status_code == 409
    assert "You submitted this assessment for sign-off at" in page
    assert f"{lead.name} submitted" not in page


def test_sending_an_invitation(client, people, partnership):
    """A double click on Send invitation would otherwise say the person is already invited."""
    client.force_login(people[Role.LEAD])
    assert_once(client.get(reverse("accounts:team", args=[partnership.slug])), "Send invitation")


def test_a_principle_saved_twice_by_one_person_says_it_was_them(client, people, draft):
    """A resent save (a second tab, or a click the browser sent twice) says "You saved this
    again", not that someone else saved."""
    from assessments.errors import OWN_CONFLICT_MESSAGE
    from tests.rating_posts import principle_url, rating_post

    rating = builders.rating_for(assessment=draft, code="NV-01")
    client.force_login(people[Role.CONTRIBUTOR])
    data = rating_post(rating, "save_draft", evidence="First")
    assert client.post(principle_url(draft, "NV-01"), data).status_code == 302
    again = client.post(principle_url(draft, "NV-01"), data | {"evidence": "Second"})
    page = html.unescape(again.content.decode())
    assert again.status_code == 409
    assert OWN_CONFLICT_MESSAGE in page and "Someone else saved" not in page
