"""A rater who can no longer rate (now a viewer, disabled, or no longer a member) is told
the true reason on their own rating pages, never that agreement is open; the raters page
marks such raters only while the team rates individually."""

import html

import pytest
from django.urls import reverse

from consensus import selectors
from consensus.models import IndividualRating, Rater
from consensus.views.individual import CLOSED
from partnerships.models import Membership, Role
from tests import builders
from tests import team_builders as team

pytestmark = pytest.mark.django_db

C, L, A, V = Role.CONTRIBUTOR, Role.LEAD, Role.APPROVER, Role.VIEWER
NOW_A_VIEWER = (
    "You are now a viewer in this partnership, so you can no longer rate this assessment. "
    "If you think you should still rate it, contact your partnership's administrator."
)
AGREEMENT_IS_OPEN = "Agreement is open"
RATIONALE = "Waits for a care package are still too long"
PAGES = [("consensus:mine", ()), ("consensus:rate", ("NV-01",))]


def text(response) -> str:
    return html.unescape(response.content.decode())


def url(name, assessment, *args) -> str:
    return reverse(name, args=[assessment.pk, *args])


def typed_rating(assessment) -> dict:
    level = builders.level(assessment=assessment, value=2)
    return {"answer": level.pk, "rationale": RATIONALE, "version": 1}


def make_viewer(user, assessment) -> None:
    Membership.objects.filter(user=user, partnership=assessment.service.partnership).update(role=V)


def assert_never_closed(response) -> None:
    """Neither the CLOSED sentence nor "agreement is open", on the page or as the 403's."""
    page = text(response)
    assert CLOSED not in page and AGREEMENT_IS_OPEN not in page
    if response.context is not None and "exception" in response.context:
        assert response.context["exception"] != CLOSED


def nothing_saved(assessment, user) -> bool:
    individual = IndividualRating.objects.get(
        rater__assessment=assessment, rater__user=user, rating__principle__code="NV-01"
    )
    rater = Rater.objects.get(assessment=assessment, user=user)
    return individual.rationale == "" and individual.level_id is None and not rater.finished_at


# In words: the lead's and the rater's ---------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "to_lead", "to_rater"),
    [
        ("viewer", "They are now a viewer in this partnership", "You are now a viewer"),
        ("disabled", "Their account has been disabled", "Your account has been disabled"),
        (
            "left",
            "They are no longer a member of this partnership",
            "You are no longer a member of this partnership",
        ),
    ],
)
def test_why_a_rater_cannot_rate_is_worded_for_the_lead_and_for_them(
    individual, people, change, to_lead, to_rater
):
    user = people[C]
    if change == "viewer":
        make_viewer(user, individual)
    elif change == "disabled":
        user.is_active = False
        user.save()
    else:
        Membership.objects.filter(user=user).delete()
    rater = selectors.rater_for(individual, user)
    assert selectors.why_cannot_rate(rater) == to_lead
    assert selectors.why_cannot_rate(rater, to_rater=True).startswith(to_rater)
    can = selectors.rater_for(individual, people[A])
    assert selectors.why_cannot_rate(can) == selectors.why_cannot_rate(can, to_rater=True) == ""


# Now a viewer: the pages say so ----------------------------------------------------------------


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_a_rater_now_a_viewer_reads_their_ratings_with_the_true_reason(
    client, individual, people, name, args
):
    """Opened: their ratings as they were (200), why they cannot rate, and nothing to send."""
    team.rate_individually(user=people[C], assessment=individual, code="NV-01", value=3)
    make_viewer(people[C], individual)
    client.force_login(people[C])

    response = client.get(url(name, individual, *args))

    assert response.status_code == 200
    page = text(response)
    assert NOW_A_VIEWER in page
    assert '<form method="post" novalidate>' not in page  # no rating, no "finished" button
    assert_never_closed(response)


def test_a_rating_sent_by_a_rater_now_a_viewer_is_refused_and_kept(client, individual, people):
    """403 (their role refuses it), why, and what they typed to copy; nothing saved."""
    client.force_login(people[C])
    address = url("consensus:rate", individual, "NV-01")
    assert client.get(address).status_code == 200  # the page is open...
    make_viewer(people[C], individual)  # ...when their role changes

    response = client.post(address, typed_rating(individual))

    assert response.status_code == 403
    page = text(response)
    assert "Your rating has not been saved" in page
    assert NOW_A_VIEWER in page
    assert "What you typed is below, so you can copy it." in page
    assert RATIONALE in page and builders.level(assessment=individual, value=2).label in page
    assert f'href="{url("consensus:mine", individual)}"' in page
    assert "You cannot do this" not in page
    assert_never_closed(response)
    assert nothing_saved(individual, people[C])


def test_finishing_by_a_rater_now_a_viewer_is_refused_with_the_true_reason(
    client, individual, people
):
    team.rate_all_individually(user=people[C], assessment=individual)
    make_viewer(people[C], individual)
    client.force_login(people[C])

    response = client.post(url("consensus:mine", individual))

    assert response.status_code == 403
    page = text(response)
    assert "Your ratings have not been marked as finished" in page
    assert NOW_A_VIEWER in page
    assert "What you typed" not in page  # a button: nothing typed
    assert_never_closed(response)
    assert Rater.objects.get(assessment=individual, user=people[C]).finished_at is None


# Disabled or no longer a member: they never reach the pages ---------------------------------


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_a_disabled_rater_is_signed_out_not_told_agreement_is_open(
    client, individual, people, name, args
):
    """Their session ends with their account: the sign-in page, whatever they open or send."""
    client.force_login(people[C])
    people[C].is_active = False
    people[C].save()
    address = url(name, individual, *args)
    for response in (client.get(address), client.post(address, typed_rating(individual))):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert nothing_saved(individual, people[C])


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_a_rater_who_left_finds_no_assessment_not_that_agreement_is_open(
    client, individual, people, name, args
):
    """Someone no longer a member sees nothing of the partnership's assessments (404)."""
    client.force_login(people[C])
    Membership.objects.filter(user=people[C]).delete()
    address = url(name, individual, *args)
    for response in (client.get(address), client.post(address, typed_rating(individual))):
        assert response.status_code == 404
        assert_never_closed(response)
    assert nothing_saved(individual, people[C])


# Once individual rating is over, agreement being open is the reason ---------------------------


@pytest.fixture
def agreed(individual, people):
    return team.open_agreement(user=people[L], assessment=individual, although_unfinished=True)


def test_once_agreement_opens_a_viewer_rater_is_told_it_is_open(client, agreed, people):
    """Their list says agreement is open; a rating sent gets the 403 with CLOSED."""
    make_viewer(people[C], agreed)
    client.force_login(people[C])
    page = text(client.get(url("consensus:mine", agreed)))
    assert AGREEMENT_IS_OPEN in page and "You are now a viewer" not in page
    assert "You are now a viewer" not in text(client.get(url("consensus:rate", agreed, "NV-01")))
    response = client.post(url("consensus:rate", agreed, "NV-01"), typed_rating(agreed))
    assert response.status_code == 403
    assert response.context["exception"] == CLOSED


def test_once_agreement_opens_a_rater_who_may_rate_is_told_who_opened_it(client, agreed, people):
    client.force_login(people[C])
    response = client.post(url("consensus:rate", agreed, "NV-01"), typed_rating(agreed))
    assert response.status_code == 409
    assert f"{people[L].name} opened agreement" in text(response)


# The raters page's tag --------------------------------------------------------------------------


def test_the_raters_page_marks_who_cannot_rate_only_while_the_team_rates_individually(
    client, individual, people
):
    """Once agreement opens, or the draft is submitted, nobody's individual ratings change:
    "Cannot rate" would say someone is stuck when nobody is waiting for them."""
    make_viewer(people[C], individual)
    client.force_login(people[L])
    address = url("consensus:team", individual)
    page = text(client.get(address))
    assert page.count("Cannot rate</strong>") == 1
    assert "They are now a viewer in this partnership" in page

    team.open_agreement(user=people[L], assessment=individual, although_unfinished=True)
    page = text(client.get(address))
    assert "Cannot rate" not in page and "They are now a viewer" not in page

    submitted = builders.reload(assessment=individual)
    builders.complete(user=people[L], assessment=submitted)
    builders.submit(user=people[L], assessment=submitted)
    page = text(client.get(address))
    assert "Cannot rate" not in page and "They are now a viewer" not in page
