"""Team scoring pages: starting, raters and progress, private ratings, agreement."""

import html

import pytest
from django.urls import reverse

from assessments.errors import OWN_CONFLICT_MESSAGE
from assessments.models import Assessment, RatingPhase
from consensus.forms import AgreedRatingForm, IndividualRatingForm, OpenAgreementForm
from consensus.models import IndividualRating, Rater
from principles.models import RatingLevel
from tests import builders
from tests import team_builders as team
from tests.formtools import codes
from tests.team_data import SECRET, agreement_phase, individual_phase, three_raters

pytestmark = pytest.mark.django_db


@pytest.fixture
def raters(partnership, people):
    return three_raters(partnership, people)


def url(name, assessment, *args):
    return reverse(name, args=[assessment.pk, *args])


def page(client, user, address):
    client.force_login(user)
    response = client.get(address)
    return response, response.content.decode()


# Starting -------------------------------------------------------------------------------


def start_data(service, **extra):
    return {
        "service": service.pk,
        "principle_set": service.partnership.default_principle_set_id,
        "period": "2026/27",
        "title": "Discharge to assess 2026/27",
        **extra,
    }


def test_the_start_form_offers_individual_ratings_with_shared_the_default(client, people, service):
    """The choice is on the start form with one shared rating chosen; choosing individual
    ratings starts in the individual phase and goes on to choosing raters."""
    response, content = page(client, people["lead"], reverse("assessments:start"))
    assert "Individual ratings, then agreement" in content
    assert response.context["form"]["rating_mode"].value() == "shared"
    response = client.post(
        reverse("assessments:start"), start_data(service, rating_mode="individual")
    )
    started = Assessment.objects.get()
    assert response["Location"] == url("consensus:team", started)
    assert started.rating_phase == RatingPhase.INDIVIDUAL


def test_a_start_without_the_choice_keeps_one_shared_rating(client, people, service):
    client.force_login(people["lead"])
    response = client.post(reverse("assessments:start"), start_data(service))
    assessment = Assessment.objects.get()
    assert response["Location"] == url("assessments:overview", assessment)
    assert assessment.rating_phase == RatingPhase.SHARED


def test_an_unknown_rating_mode_is_an_error_with_its_code(client, people, service):
    client.force_login(people["lead"])
    response = client.post(reverse("assessments:start"), start_data(service, rating_mode="vote"))
    assert codes(response.context["form"], "rating_mode") == ["invalid_choice"]
    assert not Assessment.objects.exists()


def test_a_lead_switches_an_unrated_shared_draft(client, people, draft):
    """The task list offers the switch; confirming it moves the draft to individual ratings."""
    _, content = page(client, people["lead"], url("assessments:overview", draft))
    assert url("consensus:switch", draft) in content
    response = client.post(url("consensus:switch", draft), {"version": draft.version})
    assert response["Location"] == url("consensus:team", draft)
    assert builders.reload(assessment=draft).rating_phase == RatingPhase.INDIVIDUAL


def test_a_started_draft_is_not_offered_the_switch(client, people, draft):
    builders.rate(user=people["lead"], assessment=draft, code="NV-01", value=None)
    _, content = page(client, people["lead"], url("assessments:overview", draft))
    assert url("consensus:switch", draft) not in content
    response, content = page(client, people["lead"], url("consensus:switch", draft))
    assert "keeps one shared rating" in content and response.context["started"]
    assert "Rate individually first</button>" not in content


def test_a_shared_assessment_has_no_team_pages(client, people, draft):
    """Raters, progress, agreement and own ratings do not exist for one shared rating."""
    client.force_login(people["lead"])
    for name in ("consensus:team", "consensus:open", "consensus:mine", "consensus:agreement"):
        assert client.get(url(name, draft)).status_code == 404, name


# Raters and progress -------------------------------------------------------------------------


def test_the_lead_chooses_raters_and_sees_progress_but_no_values(client, people, service, raters):
    """The team page lists raters' progress (counts and principles left), never levels or
    rationales; the lead adds the viewer-free list of members as raters."""
    draft = individual_phase(service, people, raters)
    response, content = page(client, people["lead"], url("consensus:team", draft))
    assert "3 of 12" in content and "NV-04" in content
    assert SECRET not in content and "Priya on NV-02" not in content and "Limited" not in content
    offered = [value for value, _ in response.context["form"].fields["users"].choices]
    assert offered == [str(people["lead"].pk)]  # viewers are never offered
    response = client.post(url("consensus:team", draft), {"users": [people["lead"].pk]})
    assert response.status_code == 302
    assert Rater.objects.filter(assessment=draft).count() == 4


def test_choosing_nobody_is_an_error_with_its_code(client, people, service):
    draft = team.start_team(user=people["lead"], service=service)
    client.force_login(people["lead"])
    response = client.post(url("consensus:team", draft), {})
    assert codes(response.context["form"], "users") == ["required"]
    assert "Select at least one person to rate" in response.content.decode()


@pytest.mark.parametrize("role", ["contributor", "approver", "viewer"])
def test_only_the_lead_manages_raters(client, people, service, role):
    draft = team.start_team(user=people["lead"], service=service)
    client.force_login(people[role])
    assert client.get(url("consensus:team", draft)).status_code == 403
    assert (
        client.post(url("consensus:team", draft), {"users": [people[role].pk]}).status_code == 403
    )
    assert not Rater.objects.exists()


# A rater's own pages ---------------------------------------------------------------------------


def test_a_rater_rates_privately_and_continues_to_the_next_principle(
    client, people, service, raters
):
    draft = team.start_team(user=people["lead"], service=service)
    team.add_raters(user=people["lead"], assessment=draft, raters=raters[:1])
    _, content = page(client, raters[0], url("consensus:mine", draft))
    assert "You have completed 0 of 12 principles" in content
    level = builders.level(assessment=draft, value=4)
    response = client.post(
        url("consensus:rate", draft, "NV-01"),
        {"answer": level.pk, "rationale": "Plans are shared", "version": 1, "save_continue": "1"},
    )
    assert response["Location"] == url("consensus:rate", draft, "NV-02")
    saved = team.individual_rating_for(rater_user=raters[0], assessment=draft, code="NV-01")
    assert (saved.level, saved.rationale) == (level, "Plans are shared")


def test_save_and_continue_needs_a_rationale_or_a_reason(client, people, service, raters):
    draft = team.start_team(user=people["lead"], service=service)
    team.add_raters(user=people["lead"], assessment=draft, raters=raters[:1])
    client.force_login(raters[0])
    address = url("consensus:rate", draft, "NV-01")
    level = builders.level(assessment=draft, value=4).pk
    cases = [
        ({}, "answer"),
        ({"answer": level}, "rationale"),
        ({"answer": "not-applicable"}, "not_applicable_reason"),
    ]
    for data, field in cases:
        response = client.post(address, {**data, "version": 1, "save_continue": "1"})
        assert codes(response.context["form"], field) == ["required"], field
    response = client.post(address, {"answer": level, "version": 1, "save_draft": "1"})
    assert response.status_code == 302  # a draft keeps what was typed


def test_one_rater_in_two_tabs_sees_what_they_saved(client, people, service, raters):
    """A save from an older page is not saved; the page shows the saved rating (409)."""
    draft = team.start_team(user=people["lead"], service=service)
    team.add_raters(user=people["lead"], assessment=draft, raters=raters[:1])
    team.rate_individually(
        user=raters[0], assessment=draft, code="NV-01", value=2, rationale="First tab"
    )
    client.force_login(raters[0])
    response = client.post(
        url("consensus:rate", draft, "NV-01"),
        {"answer": "", "rationale": "Second tab", "version": 1, "save_draft": "1"},
    )
    content = response.content.decode()
    assert response.status_code == 409
    assert "Your rating has not been saved" in content and "First tab" in content
    assert codes(response.context["form"], "__all__") == ["conflict"]
    # Only they save their rating: the save that came first was theirs, not someone else's.
    assert OWN_CONFLICT_MESSAGE in html.unescape(content)
    assert "Someone else" not in content


def test_the_rater_form_has_error_codes():
    """The form alone refuses an unknown answer and overlong text, with codes."""
    form = IndividualRatingForm({"answer": "7", "rationale": "x" * 1001, "version": 1}, levels=[])
    assert codes(form, "answer") == ["invalid_choice"]
    assert codes(form, "rationale") == ["max_length"]


def test_a_rater_marks_their_ratings_finished(client, people, service, raters):
    draft = team.start_team(user=people["lead"], service=service)
    team.add_raters(user=people["lead"], assessment=draft, raters=raters[:1])
    client.force_login(raters[0])
    client.post(url("consensus:mine", draft))
    assert Rater.objects.get().finished_at is None  # not complete yet
    team.rate_all_individually(user=raters[0], assessment=draft)
    _, content = page(client, raters[0], url("consensus:mine", draft))
    assert "Mark my ratings as finished" in content
    client.post(url("consensus:mine", draft))
    assert Rater.objects.get().finished_at is not None


def test_someone_not_chosen_has_no_ratings_pages(client, people, service, raters):
    draft = individual_phase(service, people, raters)
    client.force_login(people["lead"])
    assert client.get(url("consensus:mine", draft)).status_code == 403
    assert client.get(url("consensus:rate", draft, "NV-01")).status_code == 403


# Nobody sees anyone else's ratings before agreement ------------------------------------------


def test_no_page_shows_a_rating_to_anyone_else_before_agreement(client, people, service, raters):
    """Every page anyone else can open, the lead's included, keeps the rationale private."""
    draft = individual_phase(service, people, raters)
    pages = [
        url(name, draft)
        for name in (
            "assessments:overview",
            "assessments:check",
            "assessments:history",
            "assessments:report",
            "consensus:team",
        )
    ] + [url("assessments:principle", draft, "NV-01"), url("consensus:rate", draft, "NV-01")]
    for user in [*raters[1:], people["lead"], people["viewer"]]:
        client.force_login(user)
        for address in pages:
            response = client.get(address)
            assert SECRET not in response.content.decode(), (user, address)
    assert client.get(url("consensus:agreement", draft)).status_code == 403
    _, own = page(client, raters[0], url("consensus:rate", draft, "NV-01"))
    assert SECRET in own


# Agreement ----------------------------------------------------------------------------------


def test_the_lead_opens_agreement_naming_who_has_not_finished(client, people, service, raters):
    draft = individual_phase(service, people, raters)
    _, content = page(client, people["lead"], url("consensus:open", draft))
    assert "Not everyone has finished" in content and "Priya Shah" in content
    response = client.post(url("consensus:open", draft), {"version": draft.version})
    assert codes(response.context["form"], "although_unfinished") == ["required"]
    response = client.post(
        url("consensus:open", draft), {"version": draft.version, "although_unfinished": "on"}
    )
    assert response["Location"] == url("consensus:agreement", draft)
    assert builders.reload(assessment=draft).agreement_unfinished[-1] == "Priya Shah"


def test_the_open_form_needs_no_confirmation_when_everyone_finished():
    assert OpenAgreementForm({"version": 1}, unfinished=[]).is_valid()


def test_members_see_every_principles_spread_with_names(client, people, service, raters):
    """The agreement page lists each principle's figures and which were split."""
    draft = agreement_phase(service, people, raters)
    response, content = page(client, raters[1], url("consensus:agreement", draft))
    rows = {rating.code: spread for rating, spread in response.context["rows"]}
    assert rows["NV-01"].verdict == "Agreed" and rows["NV-02"].verdict == "Split"
    assert rows["NV-03"].not_applicable == 1 and rows["NV-04"].verdict == "No ratings"
    assert [rating.code for rating, _ in response.context["split"]] == ["NV-02"]
    assert "Where the team was split" in content and "at least a third" in content


def test_the_principle_page_shows_the_spread_chart_table_and_rationales(
    client, people, service, raters
):
    draft = agreement_phase(service, people, raters)
    _, content = page(client, people["contributor"], url("assessments:principle", draft, "NV-02"))
    assert "The team's individual ratings" in content
    assert "3 ratings: median 3 – Growing, range 1 – Not evident to 5 – Embedded, split" in content
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in content
    assert "<caption>How the team rated" in content
    assert "Priya Shah" in content and "Priya on NV-02" in content
    assert "<strong>Priya Shah</strong>: 5 – Embedded" in content  # the level's own label
    assert "id_divergence_note" in content


@pytest.mark.parametrize("role", ["viewer"])
def test_viewers_see_no_individual_ratings_outside_the_reports(
    client, people, service, raters, role
):
    draft = agreement_phase(service, people, raters)
    client.force_login(people[role])
    assert client.get(url("consensus:agreement", draft)).status_code == 403
    content = client.get(url("assessments:principle", draft, "NV-01")).content.decode()
    assert SECRET not in content and "Priya Shah" not in content


def test_an_agreed_rating_far_from_the_median_needs_a_note_on_the_page(
    client, people, service, raters
):
    """The form asks for the note with its code, and saves it when given."""
    draft = agreement_phase(service, people, raters)
    client.force_login(people["contributor"])
    address = url("assessments:principle", draft, "NV-01")  # median 3
    rating = builders.rating_for(assessment=draft, code="NV-01")
    data = {
        "answer": builders.level(assessment=draft, value=5).pk,
        "evidence": "Board visit",
        "version": rating.version,
        "save_draft": "1",
        "actions-TOTAL_FORMS": "0",
        "actions-INITIAL_FORMS": "0",
    }
    response = client.post(address, data)
    assert codes(response.context["form"], "divergence_note") == ["required"]
    response = client.post(address, {**data, "divergence_note": "Evidence from the visit"})
    assert response.status_code == 302
    assert builders.rating_for(assessment=draft, code="NV-01").divergence_note == (
        "Evidence from the visit"
    )


def test_the_agreed_rating_form_asks_for_a_note_only_when_it_differs():
    """More than one level from the median needs a note; not applicable never does."""
    levels = [
        RatingLevel(pk=value, value=value, label=f"L{value}", descriptor="")
        for value in range(1, 6)
    ]

    def form(answer, median, note=""):
        data = {"answer": answer, "evidence": "E", "divergence_note": note, "version": 1}
        return AgreedRatingForm(data, levels=levels, median=median)

    assert codes(form("5", 3), "divergence_note") == ["required"]
    assert codes(form("2", 2.5), "divergence_note") == []
    assert codes(form("1", 2.5), "divergence_note") == ["required"]
    assert codes(form("4", 2.5), "divergence_note") == ["required"]
    assert codes(form("not-applicable", 3), "divergence_note") == []
    assert codes(form("5", None), "divergence_note") == []
    assert form("5", 3, note="Why").is_valid()


def test_rater_pages_are_read_only_once_agreement_opens(client, people, service, raters):
    draft = agreement_phase(service, people, raters)
    _, content = page(client, raters[0], url("consensus:rate", draft, "NV-01"))
    assert SECRET in content and "<textarea" not in content
    client.force_login(raters[0])
    # Not saved, saying who opened agreement (tests/test_not_saved_everywhere.py).
    assert client.post(url("consensus:rate", draft, "NV-01"), {"version": 1}).status_code == 409
    assert client.post(url("consensus:mine", draft)).status_code == 409
    assert IndividualRating.objects.filter(rationale=SECRET).count() == 1


def test_admin_shows_raters_and_their_ratings_read_only(admin_client_user, people, service, raters):
    """An administrator can read raters and individual ratings, but not change them."""
    draft = individual_phase(service, people, raters)
    rater = Rater.objects.filter(assessment=draft).first()
    address = reverse("admin:consensus_rater_change", args=[rater.pk])
    content = admin_client_user.get(address).content.decode()
    assert SECRET in content and 'name="_save"' not in content
    assert admin_client_user.post(address, {}).status_code == 403
    assert admin_client_user.get(reverse("admin:consensus_rater_add")).status_code == 403
