"""Team scoring, after a user review: nothing typed is lost, and each refusal gives its real
reason (the agreed rating's note, raters added in another tab, pages before agreement opens,
someone never chosen, opening agreement with nobody to agree)."""

import html
import re

import pytest
from django.urls import reverse

from assessments.models import RatingPhase
from consensus.models import Rater
from partnerships.models import Role
from reporting.reports import build_report
from tests import builders
from tests import team_builders as team
from tests.factories import member
from tests.team_data import agreement_phase, three_raters

pytestmark = pytest.mark.django_db

C, L, A, V = Role.CONTRIBUTOR, Role.LEAD, Role.APPROVER, Role.VIEWER
ROLE_REFUSAL = "Your role in this partnership does not allow this action"


@pytest.fixture
def raters(partnership, people):
    return three_raters(partnership, people)


def url(name, assessment, *args) -> str:
    return reverse(name, args=[assessment.pk, *args])


def text(response) -> str:
    return html.unescape(response.content.decode())


def title(response) -> str:
    return re.search(r"<title>(.*?)</title>", text(response), re.S)[1].strip()


def shown_messages(client, address) -> str:
    """The page a redirect leads to, with its banners."""
    return text(client.get(address))


# 1. The agreed rating's note ----------------------------------------------------------------


def agreed_data(assessment, code, value, note):
    rating = builders.rating_for(assessment=assessment, code=code)
    return {
        "answer": builders.level(assessment=assessment, value=value).pk,
        "evidence": "Agreed at the workshop",
        "divergence_note": note,
        "version": rating.version,
        "save_draft": "1",
        "actions-TOTAL_FORMS": "0",
        "actions-INITIAL_FORMS": "0",
    }


def test_a_note_typed_for_a_rating_one_level_from_the_median_is_kept(
    client, people, service, raters
):
    """NV-01's median is 3: agreed at 4 needs no note, but the one typed is saved."""
    draft = agreement_phase(service, people, raters)
    client.force_login(people[L])
    data = agreed_data(draft, "NV-01", 4, "The carers' audit came after we rated.")
    response = client.post(url("assessments:principle", draft, "NV-01"), data)
    assert response.status_code == 302
    saved = builders.rating_for(assessment=draft, code="NV-01")
    assert saved.divergence_note == "The carers' audit came after we rated."
    page = text(client.get(url("assessments:principle", draft, "NV-01")))
    assert "The carers' audit came after we rated." in page


def test_reports_show_a_kept_note_without_saying_it_is_more_than_one_level_away(
    client, people, service, raters
):
    """The report lists under "more than one level from the median" only ratings that are;
    a note kept for a nearer rating is shown with its principle."""
    draft = agreement_phase(service, people, raters)
    team.agree(user=people[L], assessment=draft, code="NV-01", value=4, note="Near, but noted.")
    team.agree(user=people[L], assessment=draft, code="NV-03", value=1, note="Far, and why.")
    report = build_report(builders.reload(assessment=draft)).team
    assert [row.rating.code for row in report.diverged] == ["NV-03"]
    client.force_login(people[V])
    page = re.sub(r"<[^>]+>", "", text(client.get(url("assessments:report", draft))))
    assert "Near, but noted." in page and "Far, and why." in page
    assert page.count("is more than one level from the team's median") == 1
    assert (
        "is more than one level from the team's median of 4 – Strengthening. Why: Far, and why."
        in page
    )


# 2. Raters added in another tab ----------------------------------------------------------------


@pytest.fixture
def aisha(partnership):
    return member(partnership, C, username="aisha", first_name="Aisha", last_name="Rahman")


@pytest.fixture
def ben(partnership):
    return member(partnership, A, username="ben", first_name="Ben", last_name="Okafor")


def test_choosing_someone_added_in_another_tab_says_they_are_a_rater(
    client, people, individual, aisha
):
    """Not "Select people from this partnership" over no boxes: they are a rater already."""
    team.add_raters(user=people[L], assessment=individual, raters=[aisha])  # the other tab
    client.force_login(people[L])
    response = client.post(url("consensus:team", individual), {"users": [aisha.pk]})
    assert response["Location"] == url("consensus:team", individual)
    page = shown_messages(client, response["Location"])
    assert "Aisha Rahman is already a rater" in page
    assert "Select people from this partnership" not in page
    assert Rater.objects.filter(assessment=individual, user=aisha).count() == 1


def test_the_others_chosen_with_them_are_added(client, people, individual, aisha, ben):
    team.add_raters(user=people[L], assessment=individual, raters=[aisha])
    client.force_login(people[L])
    response = client.post(url("consensus:team", individual), {"users": [aisha.pk, ben.pk]})
    page = shown_messages(client, response["Location"])
    assert "1 person added as a rater" in page and "Aisha Rahman is already a rater" in page
    assert Rater.objects.filter(assessment=individual, user=ben).exists()


def test_the_count_of_people_added_reads_as_english(client, people, individual, aisha, ben):
    """ "1 person added as a rater", "2 people added as raters"."""
    client.force_login(people[L])
    response = client.post(url("consensus:team", individual), {"users": [aisha.pk, ben.pk]})
    assert "2 people added as raters" in shown_messages(client, response["Location"])
    response = client.post(url("consensus:team", individual), {"users": [people[L].pk]})
    assert "1 person added as a rater" in shown_messages(client, response["Location"])


def test_with_nobody_left_to_choose_the_page_says_so_not_an_error(
    client, people, individual, aisha
):
    """The last boxes were ticked in another tab: no error over a form with no boxes."""
    team.add_raters(user=people[L], assessment=individual, raters=[aisha, people[L]])
    client.force_login(people[L])
    response = client.post(url("consensus:team", individual), {"users": ["999999"]})
    page = shown_messages(client, response["Location"])
    assert "Every contributor, lead and approver of the partnership is already a rater" in page
    assert "govuk-error-summary" not in page


# 3. The reason a page is refused -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "back"), [(L, "consensus:team"), (C, "consensus:mine"), (A, "consensus:mine")]
)
def test_the_agreement_page_before_agreement_opens_says_it_has_not_opened(
    client, people, individual, role, back
):
    """The state's reason, not the role's, with the way back to the member's own part."""
    client.force_login(people[role])
    response = client.get(url("consensus:agreement", individual))
    assert response.status_code == 200
    page = text(response)
    assert "You cannot see the team's ratings yet" in page
    assert "Agreement has not opened yet" in page and ROLE_REFUSAL not in page
    assert f'href="{url(back, individual)}"' in page


def test_a_viewer_is_still_refused_the_agreement_page(client, people, individual):
    client.force_login(people[V])
    assert client.get(url("consensus:agreement", individual)).status_code == 403


@pytest.mark.parametrize("name, args", [("consensus:mine", ()), ("consensus:rate", ("NV-01",))])
def test_a_member_never_chosen_is_told_they_are_not_a_rater(
    client, people, individual, aisha, name, args
):
    """A contributor the lead did not choose: not a rater, ask a lead; not "your role"."""
    client.force_login(aisha)
    response = client.get(url(name, individual, *args))
    assert response.status_code == 403
    page = text(response)
    assert title(response).startswith("You are not a rater of this assessment")
    assert "If you should rate it, ask a lead to add you." in page and ROLE_REFUSAL not in page


def test_a_lead_never_chosen_is_pointed_to_the_raters(client, people, individual):
    client.force_login(people[L])
    response = client.get(url("consensus:mine", individual))
    assert response.status_code == 403
    assert "add yourself as a rater" in text(response)
    assert f'href="{url("consensus:team", individual)}"' in text(response)


def test_once_agreement_opens_someone_never_chosen_is_pointed_to_the_teams_ratings(
    client, people, individual, aisha
):
    agreed = team.open_agreement(user=people[L], assessment=individual, although_unfinished=True)
    client.force_login(aisha)
    response = client.get(url("consensus:mine", agreed))
    page = text(response)
    assert response.status_code == 403 and "Raters can be added only before agreement" in page
    assert f'href="{url("consensus:agreement", agreed)}"' in page


# 4. Opening agreement with nobody chosen --------------------------------------------------------


@pytest.fixture
def nobody_chosen(service, people):
    return team.start_team(user=people[L], service=service)


def test_with_nobody_chosen_agreement_is_not_offered(client, people, nobody_chosen):
    client.force_login(people[L])
    open_address = url("consensus:open", nobody_chosen)
    assert f'href="{open_address}"' not in text(client.get(url("consensus:team", nobody_chosen)))
    overview = text(client.get(url("assessments:overview", nobody_chosen)))
    assert f'href="{open_address}"' not in overview
    assert "Nobody has been chosen to rate yet" in overview


def test_the_open_page_with_nobody_chosen_says_why_it_cannot_open(client, people, nobody_chosen):
    """Not "Everyone has finished"; and sending it opens nothing, with no error linked to a
    box that is not on the page."""
    client.force_login(people[L])
    for response in (
        client.get(url("consensus:open", nobody_chosen)),
        client.post(url("consensus:open", nobody_chosen), {"version": nobody_chosen.version}),
    ):
        page = text(response)
        assert "You cannot open agreement yet" in page and "Choose at least one rater" in page
        assert "Everyone has finished" not in page and "#id_although_unfinished" not in page
    assert builders.reload(assessment=nobody_chosen).rating_phase == RatingPhase.INDIVIDUAL


def test_an_error_opening_agreement_links_to_something_on_the_page(client, people, individual):
    """Everyone finished, so no box to confirm: a tampered version's error is not linked to
    that box."""
    for user in individual.raters.values_list("user", flat=True):
        rater = type(people[L]).objects.get(pk=user)
        team.rate_all_individually(user=rater, assessment=individual)
        team.finish(user=rater, assessment=individual)
    client.force_login(people[L])
    response = client.post(url("consensus:open", individual), {"version": "x"})
    page = text(response)
    assert "govuk-error-summary" in page and "#id_although_unfinished" not in page
    assert "All 3 raters have finished their ratings." in page
