"""Switching to individual ratings, confirming reworded principles, and managing feedback and
its quotes: a role that allows the change, refused by the assessment's state, gets a page
saying why (not "You cannot do this"), nothing saved; a role that never allows it gets 403."""

import html

import pytest
from django.urls import reverse

from partnerships.models import Role
from tests import builders
from tests.voice_builders import open_round, respond
from voice.models import FeedbackAnswer
from voice.views.comments import comment_reference

pytestmark = pytest.mark.django_db

C, L, A, V = Role.CONTRIBUTOR, Role.LEAD, Role.APPROVER, Role.VIEWER
SUBMITTED_BY = "submitted this assessment for sign-off"
SIGNED_OFF_BY = "recorded the board's sign-off of this assessment"
FORBIDDEN = "Your role in this partnership does not allow this action"


def text(response) -> str:
    return html.unescape(response.content.decode())


def url(name, assessment, *args) -> str:
    return reverse(name, args=[assessment.pk, *args])


def assert_says_why(response, *, status, title, why):
    assert response.status_code == status
    page = text(response)
    assert title in page and why in page
    assert "You cannot do this" not in page and FORBIDDEN not in page


@pytest.fixture
def voiced(submitted, people):
    """A submitted assessment with a feedback round and one comment, then signed off."""
    feedback_round = open_round(user=people[L], assessment=submitted)
    respond(feedback_round=feedback_round, comments={"NV-03": "Nobody asked how I was doing"})
    return builders.sign_off(user=people[A], assessment=submitted)


# Switching to individual ratings first ---------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "why"),
    [
        ("individual", "Team members are rating this assessment individually"),
        ("submitted", SUBMITTED_BY),
        ("signed_off", SIGNED_OFF_BY),
    ],
)
def test_switching_in_the_wrong_state_says_why(client, people, request, state, why):
    """A lead switching a team-scored or submitted assessment is told why; nothing changes."""
    assessment = request.getfixturevalue(state)
    address = url("consensus:switch", assessment)
    client.force_login(people[L])
    title = "switch to individual ratings"
    assert_says_why(client.get(address), status=200, title=f"You cannot {title} now", why=why)
    sent = client.post(address, {"version": assessment.version})
    assert_says_why(sent, status=409, title="has not been switched", why=why)
    after = builders.reload(assessment=assessment)
    assert (after.state, after.rating_phase, after.version) == (
        assessment.state,
        assessment.rating_phase,
        assessment.version,
    )


@pytest.mark.parametrize("state", ["draft", "individual", "submitted"])
def test_switching_is_still_refused_to_roles_that_never_may(client, people, request, state):
    """A contributor or viewer switching how a draft is rated gets 403, in any state."""
    assessment = request.getfixturevalue(state)
    address = url("consensus:switch", assessment)
    for role in (C, V):
        client.force_login(people[role])
        assert client.get(address).status_code == 403
        assert client.post(address, {"version": assessment.version}).status_code == 403
    assert builders.reload(assessment=assessment).rating_phase == assessment.rating_phase


# Confirming a rating still stands after rewording ------------------------------------------------


@pytest.mark.parametrize(
    ("state", "why"), [("submitted", SUBMITTED_BY), ("signed_off", SIGNED_OFF_BY)]
)
@pytest.mark.parametrize("role", [L, C])
def test_confirming_wording_in_the_wrong_state_says_why(client, people, request, state, why, role):
    """A lead or contributor confirming a rating once submitted or signed off is told why."""
    assessment = request.getfixturevalue(state)
    rating = builders.rating_for(assessment=assessment, code="NV-01")
    address = url("assessments:wording_confirm", assessment, "NV-01")
    client.force_login(people[role])
    title = "confirm this rating still stands"
    assert_says_why(client.get(address), status=200, title=f"You cannot {title} now", why=why)
    sent = client.post(address, {"back_to": "check"})
    assert_says_why(sent, status=409, title="You have not confirmed", why=why)
    assert builders.rating_for(assessment=assessment, code="NV-01").wording_checked_at == (
        rating.wording_checked_at
    )


@pytest.mark.parametrize("state", ["draft", "submitted", "signed_off"])
def test_confirming_wording_is_still_refused_to_roles_that_never_may(
    client, people, request, state
):
    """An approver or viewer confirming a rating still stands gets 403, in any state."""
    assessment = request.getfixturevalue(state)
    address = url("assessments:wording_confirm", assessment, "NV-01")
    for role in (A, V):
        client.force_login(people[role])
        assert client.post(address, {"back_to": "check"}).status_code == 403


# People's voice after sign-off ----------------------------------------------------------------


def test_managing_feedback_after_sign_off_says_why(client, people, voiced):
    """A lead opening or sending the feedback form's settings after sign-off is told who
    signed it off, with the date typed; the round does not change."""
    feedback_round = voiced.feedback_round
    before = (feedback_round.closes_on, feedback_round.closed_at, feedback_round.closed_by_id)
    address = url("voice:manage", voiced)
    client.force_login(people[L])
    title = "You cannot change the feedback form now"
    assert_says_why(client.get(address), status=200, title=title, why=SIGNED_OFF_BY)
    data = {"closes_on_0": "9", "closes_on_1": "9", "closes_on_2": "2031", "action": "reopen"}
    sent = client.post(address, data)
    assert_says_why(sent, status=409, title="have not been saved", why=SIGNED_OFF_BY)
    assert "2031" in text(sent)
    closing = client.post(address, {"action": "close"})
    assert_says_why(closing, status=409, title="have not been saved", why=SIGNED_OFF_BY)
    feedback_round.refresh_from_db()
    assert (feedback_round.closes_on, feedback_round.closed_at, feedback_round.closed_by_id) == (
        before
    )


def test_marking_a_quote_after_sign_off_says_why(client, people, voiced):
    """A lead marking a comment to quote after sign-off is told who signed it off; a viewer
    still gets 403; the comment is not marked."""
    answer = FeedbackAnswer.objects.exclude(comment="").get()
    address = url("voice:comments", voiced)
    marking = {"answer": comment_reference(answer.pk), "quotable": "yes"}
    client.force_login(people[V])
    assert client.post(address, marking).status_code == 403
    client.force_login(people[L])
    sent = client.post(address, marking)
    assert_says_why(sent, status=409, title="has not been saved", why=SIGNED_OFF_BY)
    answer.refresh_from_db()
    assert not answer.quotable and answer.marked_by is None


@pytest.mark.parametrize("role", [C, A, V])
def test_managing_feedback_is_still_refused_to_roles_that_never_may(client, people, voiced, role):
    """Anyone but a lead managing feedback after sign-off gets 403, as before it."""
    client.force_login(people[role])
    assert client.get(url("voice:manage", voiced)).status_code == 403
    assert client.post(url("voice:manage", voiced), {"action": "close"}).status_code == 403


def test_a_shared_save_after_the_switch_names_who_switched_and_when(client, people, draft):
    """A contributor saving a shared principle from a page opened before the lead switched
    the draft to individual ratings is told who switched it, when, and what that means."""
    from tests.rating_posts import principle_url, rating_post

    rating = builders.rating_for(assessment=draft, code="NV-01")
    client.force_login(people[L])
    assert (
        client.post(url("consensus:switch", draft), {"version": draft.version}).status_code == 302
    )
    client.force_login(people[C])
    sent = client.post(
        principle_url(draft, "NV-01"), rating_post(rating, "save_draft", evidence="Typed text")
    )
    page = text(sent)
    lead = people[L]
    assert sent.status_code == 409
    assert f"{lead.name or lead.username} switched this assessment to individual ratings at" in page
    assert "Team members are rating this assessment individually" in page
    assert "Typed text" in page


def test_a_draft_started_with_individual_ratings_names_nobody(client, people, service):
    """Started that way, nobody switched it: the page says what the phase means, no name."""
    from assessments.services import assessment_start

    started = assessment_start(
        user=people[L],
        service=service,
        principle_set=service.partnership.default_principle_set,
        period="2026/27",
        title="Team rated",
        team_scoring=True,
    )
    client.force_login(people[L])
    sent = client.post(url("consensus:switch", started), {"version": started.version})
    page = text(sent)
    assert sent.status_code == 409
    assert "switched this assessment" not in page
    assert "Team members are rating this assessment individually" in page
