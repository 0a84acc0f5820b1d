"""Removing a rater who left, was disabled or was chosen by mistake: the lead confirms it
while people rate individually, their ratings stop counting, and the history says so."""

import html

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from assessments.audit import audit_entries
from assessments.errors import RefusedError
from assessments.models import RatingPhase
from consensus import services
from consensus.forms import RemoveRaterForm
from consensus.models import IndividualRating, Rater
from consensus.spread import median_for_rating, spreads_for
from partnerships.models import Membership, Role
from tests import builders
from tests import team_builders as team
from tests.factories import PartnershipFactory, ServiceFactory, member
from tests.formtools import codes
from tests.team_data import SECRET, individual_phase, three_raters

pytestmark = pytest.mark.django_db

C, L, A, V = Role.CONTRIBUTOR, Role.LEAD, Role.APPROVER, Role.VIEWER
REMOVED = "Removed Priya Shah as a rater, with their individual ratings"


@pytest.fixture
def raters(partnership, people):
    """The contributor, the approver and Priya Shah, a second contributor."""
    return three_raters(partnership, people)


@pytest.fixture
def rated(service, people, raters):
    """Each rater has rated NV-01 to NV-03 (``team_data.LEVELS``); nobody has finished."""
    return individual_phase(service, people, raters)


def rater_of(assessment, user) -> Rater:
    return Rater.objects.get(assessment=assessment, user=user)


def remove(*, user, assessment, rater_user) -> Rater:
    rater = rater_of(assessment, rater_user)
    return services.rater_remove(user=user, assessment_id=assessment.pk, rater_id=rater.pk)


def refused(code, **kwargs) -> RefusedError:
    with pytest.raises(RefusedError) as error:
        remove(**kwargs)
    assert error.value.code == code, error.value.code
    return error.value


def remove_url(assessment, rater_user) -> str:
    rater = rater_of(assessment, rater_user)
    return reverse("consensus:remove_rater", args=[assessment.pk, rater.pk])


def team_url(assessment) -> str:
    return reverse("consensus:team", args=[assessment.pk])


def text(response) -> str:
    return html.unescape(response.content.decode())


def rater_names(assessment) -> list[str]:
    return [r.name for r in Rater.objects.filter(assessment=assessment).select_related("user")]


# The service ------------------------------------------------------------------------------


def test_a_lead_removes_a_rater_with_their_individual_ratings(rated, people, raters):
    """Only that rater and their ratings go; the version stays, so no open page goes stale."""
    removed = remove(user=people[L], assessment=rated, rater_user=raters[2])
    assert removed.name == "Priya Shah"
    assert rater_names(rated) == [raters[0].name, raters[1].name]
    assert not IndividualRating.objects.filter(rater__user=raters[2]).exists()
    assert IndividualRating.objects.filter(rater__assessment=rated).count() == 2 * 12
    assert builders.reload(assessment=rated).version == rated.version


def test_a_removed_raters_ratings_never_count_in_the_spread(rated, people, raters):
    """NV-02 was rated 1, 3 and 5: without the first rater it is 3 and 5, median 4."""
    remove(user=people[L], assessment=rated, rater_user=raters[0])
    nv02 = builders.rating_for(assessment=rated, code="NV-02")
    assert median_for_rating(nv02) == 4
    opened = team.open_agreement(user=people[L], assessment=rated, although_unfinished=True)
    spread = spreads_for([opened])[opened.pk][nv02.principle_id]
    assert (spread.agreement.count, spread.median_text, spread.range_text) == (
        2,
        "4 – Strengthening",
        "3 – Growing to 5 – Embedded",
    )
    assert {r.name for r in spread.ratings} == {raters[1].name, "Priya Shah"}


def test_removing_the_rater_who_cannot_finish_lets_agreement_open(rated, people, raters):
    """With the others finished, agreement opens with nobody named as unfinished."""
    for user in raters[:2]:
        team.rate_all_individually(user=user, assessment=rated)
        team.finish(user=user, assessment=rated)
    with pytest.raises(RefusedError) as error:
        team.open_agreement(user=people[L], assessment=rated)
    assert error.value.code == "raters_unfinished" and "Priya Shah" in error.value.message
    remove(user=people[L], assessment=rated, rater_user=raters[2])
    opened = team.open_agreement(user=people[L], assessment=rated)
    assert opened.rating_phase == RatingPhase.AGREEMENT
    assert opened.agreement_unfinished == []


def test_a_removed_rater_can_no_longer_rate(rated, people, raters):
    """A save from a page opened before the removal is refused with a code, not a crash."""
    removed_user = raters[2]
    individual = team.individual_rating_for(rater_user=removed_user, assessment=rated, code="NV-04")
    remove(user=people[L], assessment=rated, rater_user=removed_user)
    with pytest.raises(RefusedError) as error:
        services.individual_rating_update(
            user=removed_user,
            individual_rating_id=individual.pk,
            expected_version=individual.version,
            answer=services.IndividualRatingInput(
                level_id=None, not_applicable=False, not_applicable_reason="", rationale="Typed"
            ),
        )
    assert error.value.code == "not_a_rater"
    with pytest.raises(RefusedError) as error:
        team.finish(user=removed_user, assessment=rated)
    assert error.value.code == "not_a_rater"


def test_someone_added_again_starts_with_no_ratings(rated, people, raters):
    remove(user=people[L], assessment=rated, rater_user=raters[2])
    team.add_raters(user=people[L], assessment=rated, raters=[raters[2]])
    again = IndividualRating.objects.filter(rater__assessment=rated, rater__user=raters[2])
    assert again.count() == 12
    assert not any(individual.is_given or individual.rationale for individual in again)


@pytest.mark.parametrize("role", [C, A, V])
def test_only_a_lead_removes_raters(rated, people, raters, role):
    with pytest.raises(PermissionDenied):
        remove(user=people[role], assessment=rated, rater_user=raters[2])
    assert len(rater_names(rated)) == 3


def test_raters_cannot_be_removed_once_agreement_opens(rated, people, raters):
    """The team has seen everyone's ratings: removing one would change what it saw."""
    team.open_agreement(user=people[L], assessment=rated, although_unfinished=True)
    refused("wrong_phase", user=people[L], assessment=rated, rater_user=raters[2])
    builders.complete(user=people[L], assessment=rated)
    builders.submit(user=people[L], assessment=rated)
    refused("wrong_state", user=people[L], assessment=rated, rater_user=raters[2])
    assert len(rater_names(rated)) == 3


def test_the_last_rater_cannot_be_removed(individual, people, raters):
    """Agreement needs someone's ratings: the only rater stays, with a specific reason."""
    for user in raters[1:]:
        remove(user=people[L], assessment=individual, rater_user=user)
    error = refused("last_rater", user=people[L], assessment=individual, rater_user=raters[0])
    only = "is the only rater. Add another rater before you remove them"
    assert error.message == f"{raters[0].name} {only}"
    assert rater_names(individual) == [raters[0].name]


def test_another_assessments_rater_is_refused(rated, service, people, raters):
    """A rater id from another assessment removes nobody, from either assessment."""
    other = team.start_team(user=people[L], service=service, period="2027/28")
    team.add_raters(user=people[L], assessment=other, raters=raters)
    elsewhere = rater_of(other, raters[2])
    with pytest.raises(RefusedError) as error:
        services.rater_remove(user=people[L], assessment_id=rated.pk, rater_id=elsewhere.pk)
    assert error.value.code == "not_a_rater"
    assert len(rater_names(rated)) == len(rater_names(other)) == 3


def test_the_form_refuses_the_only_rater_with_its_code():
    assert codes(RemoveRaterForm({}, rater_name="Priya Shah", raters=1), "__all__") == [
        "last_rater"
    ]
    assert RemoveRaterForm({}, rater_name="Priya Shah", raters=2).is_valid()


# The history ------------------------------------------------------------------------------


def test_the_history_says_who_removed_whom(rated, people, raters):
    remove(user=people[L], assessment=rated, rater_user=raters[2])
    entry = next(e for e in audit_entries(rated) if e.summary == REMOVED)
    assert entry.who == people[L].get_full_name()


def test_the_history_never_shows_a_removed_raters_ratings(rated, people, raters, client):
    """After agreement opens, members read each rater's ratings in the history, but never
    those of someone removed (the first rater's NV-01 rationale is ``SECRET``)."""
    remove(user=people[L], assessment=rated, rater_user=raters[0])
    opened = team.open_agreement(user=people[L], assessment=rated, although_unfinished=True)
    summaries = [e.summary for e in audit_entries(opened, user=raters[1])]
    assert not any(SECRET in summary for summary in summaries)
    assert any(summary.startswith("Rated NV-02") for summary in summaries)
    client.force_login(raters[1])
    page = text(client.get(reverse("assessments:history", args=[rated.pk])))
    assert f"Removed {raters[0].name} as a rater, with their individual ratings" in page
    assert SECRET not in page


# The pages --------------------------------------------------------------------------------


def test_the_team_page_links_to_removing_each_rater(client, rated, people, raters):
    client.force_login(people[L])
    page = text(client.get(team_url(rated)))
    for user in raters:
        link = f'href="{remove_url(rated, user)}">Remove<span class="govuk-visually-hidden"> '
        assert f"{link}{user.name} as a rater</span>" in page
    team.open_agreement(user=people[L], assessment=rated, although_unfinished=True)
    assert ">Remove<" not in text(client.get(team_url(rated)))


def test_the_confirmation_page_says_what_happens_to_their_ratings(client, rated, people, raters):
    client.force_login(people[L])
    response = client.get(remove_url(rated, raters[2]))
    assert response.status_code == 200
    page = text(response)
    assert "Are you sure you want to remove Priya Shah as a rater?" in page
    assert "They have completed 3 of 12 principles." in page
    assert "their individual ratings are deleted" in page
    assert "Yes, remove Priya Shah" in page and "No, keep them as a rater" in page
    assert SECRET not in page


def test_confirming_removes_them_and_goes_back_to_the_team(client, rated, people, raters):
    client.force_login(people[L])
    address = remove_url(rated, raters[2])
    response = client.post(address, follow=True)
    assert response.redirect_chain == [(team_url(rated), 302)]
    page = text(response)
    assert "Priya Shah has been removed as a rater" in page
    assert rater_names(rated) == [raters[0].name, raters[1].name]
    again = client.post(address, follow=True)  # a second click, or another tab
    assert again.redirect_chain == [(team_url(rated), 302)]
    assert "Priya Shah has already been removed as a rater" in text(again)


def test_the_only_rater_cannot_be_removed_on_the_page(client, individual, people, raters):
    """The page says why and offers no button; a post anyway gets the error with its code."""
    for user in raters[1:]:
        remove(user=people[L], assessment=individual, rater_user=user)
    client.force_login(people[L])
    address = remove_url(individual, raters[0])
    page = text(client.get(address))
    assert f"You cannot remove {raters[0].name} as a rater" in page
    assert "Add another rater before you remove them" in page
    assert "Yes, remove" not in page
    response = client.post(address)
    assert response.status_code == 200
    assert codes(response.context["form"], "__all__") == ["last_rater"]
    assert "There is a problem" in text(response)
    assert rater_names(individual) == [raters[0].name]


@pytest.mark.parametrize(
    ("state", "why"),
    [
        ("agreement", "opened agreement"),
        ("submitted", "submitted this assessment for sign-off"),
    ],
)
def test_removing_in_the_wrong_phase_says_why(client, rated, people, raters, state, why):
    """The lead reads why not (not "You cannot do this"); nothing is removed."""
    team.open_agreement(user=people[L], assessment=rated, although_unfinished=True)
    if state == "submitted":
        builders.complete(user=people[L], assessment=rated)
        builders.submit(user=people[L], assessment=rated)
    client.force_login(people[L])
    address = remove_url(rated, raters[2])
    shown = client.get(address)
    assert shown.status_code == 200
    assert "You cannot remove a rater now" in text(shown) and why in text(shown)
    sent = client.post(address)
    assert sent.status_code == 409
    assert "The rater has not been removed" in text(sent) and why in text(sent)
    for response in (shown, sent):
        assert "You cannot do this" not in text(response)
    assert len(rater_names(rated)) == 3


@pytest.mark.parametrize("role", [C, A, V])
def test_other_roles_may_not_remove_raters(client, rated, people, raters, role):
    client.force_login(people[role])
    address = remove_url(rated, raters[2])
    assert client.get(address).status_code == 403
    assert client.post(address).status_code == 403
    assert len(rater_names(rated)) == 3


def test_another_partnerships_assessment_or_rater_is_not_found(
    client, rated, service, people, raters, principle_sets
):
    other = PartnershipFactory(name="Another partnership")
    their_lead = member(other, L)
    theirs = team.start_team(user=their_lead, service=ServiceFactory(partnership=other))
    team.add_raters(user=their_lead, assessment=theirs, raters=[member(other, C)])
    their_rater = Rater.objects.get(assessment=theirs)
    mine = team.start_team(user=people[L], service=service, period="2027/28")
    team.add_raters(user=people[L], assessment=mine, raters=raters)
    client.force_login(people[L])
    for address in (
        reverse("consensus:remove_rater", args=[theirs.pk, their_rater.pk]),
        reverse("consensus:remove_rater", args=[rated.pk, their_rater.pk]),
        # A rater of another assessment of the same partnership.
        reverse("consensus:remove_rater", args=[rated.pk, rater_of(mine, raters[2]).pk]),
    ):
        assert client.get(address).status_code == 404, address
        assert client.post(address).status_code == 404, address
    assert Rater.objects.count() == 3 + 1 + 3


# Raters who can no longer rate --------------------------------------------------------------


def test_the_team_page_says_which_raters_cannot_rate_and_why(client, rated, people, raters):
    """Disabled, left the partnership, or now a viewer: the lead sees why they are stuck."""
    contributor, approver, priya = raters
    contributor.is_active = False
    contributor.save()
    Membership.objects.filter(user=approver, partnership=rated.service.partnership).delete()
    Membership.objects.filter(user=priya).update(role=Role.VIEWER)
    client.force_login(people[L])
    page = text(client.get(team_url(rated)))
    assert page.count("Cannot rate</strong>") == 3
    assert "Their account has been disabled" in page
    assert "They are no longer a member of this partnership" in page
    assert "They are now a viewer in this partnership" in page
    confirm = text(client.get(remove_url(rated, priya)))
    assert (
        "They are now a viewer in this partnership, so they cannot finish their ratings."
    ) in confirm


def test_raters_who_can_rate_are_not_marked(client, rated, people):
    client.force_login(people[L])
    assert "Cannot rate</strong>" not in text(client.get(team_url(rated)))
