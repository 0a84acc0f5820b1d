"""A rater the lead removed, with a rating page still open: saving, marking their ratings as
finished, or opening their pages says they are no longer a rater, who removed them and when,
and keeps what they typed (409), never "You cannot do this". Someone who was never a rater of
the assessment still gets 403."""

import html

import pytest
from django.urls import reverse

from consensus import services
from consensus.models import IndividualRating, Rater
from integrated_care.templatetags.govuk_dates import govuk_datetime
from partnerships.models import Role
from tests import builders
from tests import team_builders as team

pytestmark = pytest.mark.django_db

C, L, A, V = Role.CONTRIBUTOR, Role.LEAD, Role.APPROVER, Role.VIEWER
NO_LONGER = "You are no longer a rater of this assessment"
FORBIDDEN = "Your role in this partnership does not allow this action"
RATIONALE = "Waits for a care package are still too long"


def text(response) -> str:
    return html.unescape(response.content.decode())


def url(name, assessment, *args) -> str:
    return reverse(name, args=[assessment.pk, *args])


def remove(*, lead, assessment, rater_user) -> None:
    rater = Rater.objects.get(assessment=assessment, user=rater_user)
    services.rater_remove(user=lead, assessment_id=assessment.pk, rater_id=rater.pk)


def removed_at(assessment, rater_user) -> str:
    """When the rater was removed, as the page says it."""
    record = Rater.history.get(assessment_id=assessment.pk, user=rater_user, history_type="-")
    return govuk_datetime(record.history_date)


def typed_rating(assessment) -> dict:
    level = builders.level(assessment=assessment, value=2)
    return {"answer": level.pk, "rationale": RATIONALE, "version": 1}


def assert_says_removed(response, *, status, lead, assessment, rater_user, sent):
    assert response.status_code == status
    page = text(response)
    after = ", after you opened this page" if sent else ""
    removed = f"{lead.name} removed you as a rater at {removed_at(assessment, rater_user)}{after}."
    assert removed in page
    if sent:
        assert f"{NO_LONGER}, and your individual ratings were deleted." in page
    else:
        assert f'<h1 class="govuk-heading-l">{NO_LONGER}</h1>' in page
        assert "Your individual ratings were deleted." in page
    assert "If you should still rate it, ask a lead to add you again." in page
    assert f'href="{url("assessments:overview", assessment)}"' in page
    assert "You cannot do this" not in page and FORBIDDEN not in page


def test_a_removed_raters_save_keeps_what_they_typed(client, individual, people):
    """The save from a page opened before the removal: 409, who removed them, the rating."""
    client.force_login(people[C])
    address = url("consensus:rate", individual, "NV-01")
    assert client.get(address).status_code == 200
    remove(lead=people[L], assessment=individual, rater_user=people[C])
    data = typed_rating(individual)

    response = client.post(address, data)

    assert_says_removed(
        response,
        status=409,
        lead=people[L],
        assessment=individual,
        rater_user=people[C],
        sent=True,
    )
    page = text(response)
    assert "Your rating has not been saved" in page
    assert "What you typed is below, so you can copy it." in page
    assert RATIONALE in page
    assert builders.level(assessment=individual, value=2).label in page
    assert not IndividualRating.objects.filter(rater__user=people[C]).exists()


def test_a_removed_raters_finish_says_they_were_removed(client, individual, people):
    """ "Mark my ratings as finished" from an old tab: 409, who removed them; nothing typed."""
    client.force_login(people[C])
    remove(lead=people[L], assessment=individual, rater_user=people[C])

    response = client.post(url("consensus:mine", individual))

    assert_says_removed(
        response,
        status=409,
        lead=people[L],
        assessment=individual,
        rater_user=people[C],
        sent=True,
    )
    assert "Your ratings have not been marked as finished" in text(response)
    assert "What you typed" not in text(response)


@pytest.mark.parametrize("name, args", [("consensus:mine", ()), ("consensus:rate", ("NV-01",))])
def test_a_removed_rater_opening_their_pages_is_told_why(client, individual, people, name, args):
    """Their task list or a rating page, opened after the removal, says so plainly."""
    remove(lead=people[L], assessment=individual, rater_user=people[C])
    client.force_login(people[C])

    response = client.get(url(name, individual, *args))

    assert_says_removed(
        response,
        status=200,
        lead=people[L],
        assessment=individual,
        rater_user=people[C],
        sent=False,
    )


def test_a_rater_removed_during_their_save_is_told_why(client, individual, people, monkeypatch):
    """Removed between the page's checks and the save: the same 409, not a server error."""
    client.force_login(people[C])
    save = services.individual_rating_update

    def removed_first(**kwargs):
        remove(lead=people[L], assessment=individual, rater_user=people[C])
        return save(**kwargs)

    monkeypatch.setattr(services, "individual_rating_update", removed_first)
    response = client.post(url("consensus:rate", individual, "NV-01"), typed_rating(individual))

    assert_says_removed(
        response,
        status=409,
        lead=people[L],
        assessment=individual,
        rater_user=people[C],
        sent=True,
    )
    assert RATIONALE in text(response)


def test_a_rater_removed_while_finishing_is_told_why(client, individual, people, monkeypatch):
    """Removed between the page's checks and marking as finished: the same 409."""
    team.rate_all_individually(user=people[C], assessment=individual)
    client.force_login(people[C])
    finish = services.rater_finish

    def removed_first(**kwargs):
        remove(lead=people[L], assessment=individual, rater_user=people[C])
        return finish(**kwargs)

    monkeypatch.setattr(services, "rater_finish", removed_first)
    response = client.post(url("consensus:mine", individual))

    assert_says_removed(
        response,
        status=409,
        lead=people[L],
        assessment=individual,
        rater_user=people[C],
        sent=True,
    )


@pytest.mark.parametrize("role", [L, V])
def test_someone_never_a_rater_is_still_refused(client, individual, people, role):
    """The lead (whose role may rate) and a viewer were never chosen: 403, as before."""
    client.force_login(people[role])
    for name, args in (("consensus:mine", ()), ("consensus:rate", ("NV-01",))):
        address = url(name, individual, *args)
        assert client.get(address).status_code == 403, address
        assert client.post(address, typed_rating(individual)).status_code == 403, address


def test_removal_from_another_assessment_is_no_reason_here(client, individual, people, service):
    """Removed from one assessment and never a rater of another: 403 on the other."""
    remove(lead=people[L], assessment=individual, rater_user=people[C])
    other = team.start_team(user=people[L], service=service, period="2027/28")
    team.add_raters(user=people[L], assessment=other, raters=[people[A]])
    client.force_login(people[C])
    response = client.post(url("consensus:rate", other, "NV-01"), typed_rating(other))
    assert response.status_code == 403


def test_a_rater_added_again_rates_as_before(client, individual, people):
    """Once the lead adds them again, their pages are the ordinary ones."""
    remove(lead=people[L], assessment=individual, rater_user=people[C])
    team.add_raters(user=people[L], assessment=individual, raters=[people[C]])
    client.force_login(people[C])
    response = client.get(url("consensus:rate", individual, "NV-01"))
    assert response.status_code == 200
    assert NO_LONGER not in text(response)
    assert client.get(url("consensus:mine", individual)).status_code == 200
