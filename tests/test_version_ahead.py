"""A version ahead of the saved one, which only a tampered page sends (versions only go up):
refused as out of date, never as "someone else saved", on every service and page that checks
versions; the page keeps what was typed and carries the saved version, so saving again works."""

import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.services import UpdateInput, action_update_record
from assessments.errors import OUT_OF_DATE_MESSAGE, ConflictError, OutOfDateError
from assessments.models import ImprovementAction
from assessments.services import assessment_weights_update, rating_update
from consensus.services import (
    IndividualRatingInput,
    agreement_open,
    individual_rating_update,
    team_scoring_start,
)
from partnerships.models import Role
from tests import builders
from tests import team_builders as team
from tests.rating_posts import principle_url, rating_post
from tests.team_data import individual_phase, three_raters

pytestmark = pytest.mark.django_db

AHEAD = 5  # how far past the saved version the tampered page claims to be


def signed_off_action(people, draft):
    lead = people[Role.LEAD]
    builders.complete(user=lead, assessment=draft)
    builders.rate(user=lead, assessment=draft, code="NV-01", actions=[builders.new_action()])
    builders.submit(user=lead, assessment=draft)
    builders.sign_off(user=people[Role.APPROVER], assessment=draft)
    return ImprovementAction.objects.get(rating__assessment=draft)


def progress(action, note="Two teams use the plan") -> dict:
    today = timezone.localdate()
    return {
        "status": "in_progress",
        "note": note,
        "noted_on_0": today.day,
        "noted_on_1": today.month,
        "noted_on_2": today.year,
        "due_date_0": action.due_date.day,
        "due_date_1": action.due_date.month,
        "due_date_2": action.due_date.year,
    }


# The services ---------------------------------------------------------------------------------


def test_a_rating_saved_from_a_version_ahead_is_out_of_date_and_behind_is_a_conflict(draft, people):
    """Ahead: out of date, with the saved version. Behind: someone else saved first."""
    rating = builders.rating_for(assessment=draft, code="NV-01")
    level = builders.level(assessment=draft, value=3).pk

    def save(version):
        return rating_update(
            user=people[Role.LEAD],
            rating_id=rating.pk,
            expected_version=version,
            answer=builders.answer(level_id=level, evidence="Typed"),
            actions=[],
        )

    with pytest.raises(OutOfDateError) as ahead:
        save(rating.version + AHEAD)
    assert (ahead.value.code, ahead.value.version) == ("out_of_date", rating.version)
    assert ahead.value.message == OUT_OF_DATE_MESSAGE
    save(rating.version)
    with pytest.raises(ConflictError):
        save(rating.version)  # the version the page was opened at, now overtaken


def test_an_individual_rating_from_a_version_ahead_is_out_of_date(people, service, partnership):
    """A rater's own rating is refused the same way, and nothing is saved."""
    raters = three_raters(partnership, people)
    draft = individual_phase(service, people, raters)
    individual = team.individual_rating_for(rater_user=raters[0], assessment=draft, code="NV-02")
    with pytest.raises(OutOfDateError) as ahead:
        individual_rating_update(
            user=raters[0],
            individual_rating_id=individual.pk,
            expected_version=individual.version + AHEAD,
            answer=IndividualRatingInput(
                level_id=None, not_applicable=False, not_applicable_reason="", rationale="Typed"
            ),
        )
    assert ahead.value.version == individual.version
    assert (
        team.individual_rating_for(rater_user=raters[0], assessment=draft, code="NV-02").rationale
        == individual.rationale
    )


def test_the_assessments_own_changes_from_a_version_ahead_are_out_of_date(
    people, draft, service, partnership
):
    """Weights, switching to individual ratings and opening agreement all check the same."""
    lead = people[Role.LEAD]
    ahead = draft.version + AHEAD
    with pytest.raises(OutOfDateError):
        assessment_weights_update(
            user=lead, assessment_id=draft.pk, expected_version=ahead, weights={}
        )
    with pytest.raises(OutOfDateError):
        team_scoring_start(user=lead, assessment_id=draft.pk, expected_version=ahead)
    individual = individual_phase(
        service, people, three_raters(partnership, people), period="2027/28"
    )
    with pytest.raises(OutOfDateError):
        agreement_open(
            user=lead,
            assessment_id=individual.pk,
            expected_version=individual.version + AHEAD,
            although_unfinished=True,
        )


def test_an_action_update_from_a_version_ahead_is_out_of_date(people, draft):
    """An action's version is its latest update's id: one past it is out of date."""
    action = signed_off_action(people, draft)
    with pytest.raises(OutOfDateError) as ahead:
        action_update_record(
            user=people[Role.LEAD],
            action_id=action.pk,
            expected_version=AHEAD,
            update=UpdateInput(
                status="in_progress",
                due_date=action.due_date,
                noted_on=timezone.localdate(),
                note="Typed",
                due_date_reason="",
                dropped_reason="",
            ),
        )
    assert ahead.value.version == 0
    assert not action.updates.exists()


# The pages ------------------------------------------------------------------------------------


def assert_out_of_date_shown(response, *, saved, typed):
    """The message in the error summary, no "someone else saved" banner, what was typed
    kept, and the saved version on the page."""
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    start = page.index('class="govuk-error-summary"')
    assert OUT_OF_DATE_MESSAGE in page[start : page.index("</ul>", start)]
    assert "after you opened" not in page
    assert "Someone else saved" not in page
    assert re.findall(r'name="version" value="([^"]*)"', page) == [str(saved)]
    assert typed in page


def test_the_principle_page(client, people, draft):
    """Refused, then saved from the page drawn again."""
    client.force_login(people[Role.CONTRIBUTOR])
    rating = builders.rating_for(assessment=draft, code="NV-01")
    data = rating_post(rating, "save_draft", evidence="Audit of 40 discharges")
    data["version"] = rating.version + AHEAD
    response = client.post(principle_url(draft, "NV-01"), data)
    assert_out_of_date_shown(response, saved=rating.version, typed="Audit of 40 discharges")
    assert builders.rating_for(assessment=draft, code="NV-01").evidence == ""

    again = client.post(principle_url(draft, "NV-01"), data | {"version": rating.version})
    assert again.status_code == 302
    assert builders.rating_for(assessment=draft, code="NV-01").evidence == "Audit of 40 discharges"


def test_a_raters_own_rating(client, people, service, partnership):
    """A rater's rationale is kept and not saved."""
    raters = three_raters(partnership, people)
    draft = individual_phase(service, people, raters)
    saved = team.individual_rating_for(rater_user=raters[0], assessment=draft, code="NV-02")
    client.force_login(raters[0])
    response = client.post(
        reverse("consensus:rate", args=[draft.pk, "NV-02"]),
        {
            "answer": "",
            "rationale": "Plans are shared",
            "version": saved.version + AHEAD,
            "save_draft": "1",
        },
    )
    assert_out_of_date_shown(response, saved=saved.version, typed="Plans are shared")


def test_weights(client, people, draft):
    """The weight and reason typed are kept."""
    client.force_login(people[Role.LEAD])
    data = {"version": draft.version + AHEAD}
    for rating in draft.ratings.all():
        data[f"weight_{rating.pk}"] = rating.weight
        data[f"reason_{rating.pk}"] = rating.weight_reason
    nv01 = builders.rating_for(assessment=draft, code="NV-01")
    data[f"weight_{nv01.pk}"], data[f"reason_{nv01.pk}"] = 3, "Carers asked for this"
    response = client.post(reverse("assessments:weights", args=[draft.pk]), data)
    assert_out_of_date_shown(response, saved=draft.version, typed="Carers asked for this")
    assert builders.rating_for(assessment=draft, code="NV-01").weight == 1


def test_updating_an_action(client, people, draft):
    """Progress typed is kept and not recorded; saving again records it."""
    action = signed_off_action(people, draft)
    client.force_login(people[Role.CONTRIBUTOR])
    url = reverse("actions:update", args=[action.pk])
    response = client.post(url, progress(action) | {"version": AHEAD})
    assert_out_of_date_shown(response, saved=0, typed="Two teams use the plan")
    assert not action.updates.exists()

    again = client.post(url, progress(action) | {"version": 0})
    assert again.status_code == 302
    assert action.updates.get().note == "Two teams use the plan"


@pytest.mark.parametrize(
    "name, role, fixture, data",
    [
        ("assessments:board_summary", Role.LEAD, "draft", {"summary": "Discharge is faster"}),
        ("consensus:switch", Role.LEAD, "draft", {}),
        ("assessments:return", Role.APPROVER, "submitted", {"comment": "Add the survey"}),
    ],
)
def test_the_assessments_other_forms(client, people, request, name, role, fixture, data):
    """Each form checked against the assessment's version says the same (on the page, or on
    the assessment's page it leads back to), and saves nothing."""
    assessment = request.getfixturevalue(fixture)
    client.force_login(people[role])
    url = reverse(name, args=[assessment.pk])
    response = client.post(url, data | {"version": assessment.version + AHEAD}, follow=True)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert OUT_OF_DATE_MESSAGE in page
    assert "after you opened" not in page
    assert "Someone else saved" not in page
    assert builders.reload(assessment=assessment).version == assessment.version
