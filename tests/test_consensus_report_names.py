"""Raters' names in team scoring reports: off by default, a lead's choice, fixed at sign-off."""

import pytest
from django.urls import reverse

from assessments.audit import audit_entries
from assessments.errors import RefusedError
from consensus import services
from partnerships.models import Role
from tests import builders
from tests.factories import PartnershipFactory, member
from tests.pdftext import pdf_text
from tests.team_data import agreed_and_submitted, three_raters

pytestmark = pytest.mark.django_db

NAMED = "Priya Shah: "


@pytest.fixture
def submitted_team(service, people, partnership):
    return agreed_and_submitted(service, people, three_raters(partnership, people))


def _set(client, user, assessment, choice):
    client.force_login(user)
    return client.post(reverse("consensus:report_names", args=[assessment.pk]), {"show": choice})


def _report(client, user, assessment):
    client.force_login(user)
    return client.get(reverse("assessments:report", args=[assessment.pk])).content.decode()


def test_reports_leave_names_out_by_default(client, people, submitted_team):
    """Rationales are the team's: no names, and the lead's page offers the choice set to no."""
    assert not submitted_team.report_rater_names
    content = _report(client, people["viewer"], submitted_team)
    assert "Priya on NV-02" in content and "Priya Shah" not in content
    client.force_login(people["lead"])
    team_page = client.get(reverse("consensus:team", args=[submitted_team.pk]))
    assert team_page.context["names_form"]["show"].value() == "no"
    assert "Show raters' names in reports?" in team_page.content.decode()


def test_a_lead_shows_names_in_the_report_and_its_pdf(client, people, submitted_team):
    """With names on, each rationale in the report and the PDF says who wrote it."""
    response = _set(client, people["lead"], submitted_team, "yes")
    assert response.status_code == 302
    assert builders.reload(assessment=submitted_team).report_rater_names
    content = _report(client, people["viewer"], submitted_team)
    assert f'{NAMED}<span class="prose app-prose">Priya on NV-02</span>' in content
    pdf = client.get(reverse("assessments:report_pdf", args=[submitted_team.pk]))
    assert "Priya Shah: Priya on NV-02" in " ".join(pdf_text(pdf.content).split())
    _set(client, people["lead"], submitted_team, "no")
    assert NAMED not in _report(client, people["viewer"], submitted_team)


@pytest.mark.parametrize("role", [Role.CONTRIBUTOR, Role.APPROVER, Role.VIEWER])
def test_only_a_lead_chooses(client, people, submitted_team, role):
    """Anyone else is refused and nothing changes."""
    assert _set(client, people[role], submitted_team, "yes").status_code == 403
    assert not builders.reload(assessment=submitted_team).report_rater_names


def test_another_partnerships_lead_gets_not_found(client, submitted_team):
    """The page is scoped to the user's partnership."""
    outsider = member(PartnershipFactory(), Role.LEAD, username="outside-lead")
    assert _set(client, outsider, submitted_team, "yes").status_code == 404


def test_the_choice_is_fixed_at_sign_off(client, people, submitted_team):
    """After sign-off the service refuses, the page says it is fixed, and reports keep it."""
    services.report_rater_names_set(user=people["lead"], assessment_id=submitted_team.pk, show=True)
    signed_off = builders.sign_off(user=people["approver"], assessment=submitted_team)
    with pytest.raises(RefusedError) as refused:
        services.report_rater_names_set(
            user=people["lead"], assessment_id=signed_off.pk, show=False
        )
    assert refused.value.code == "signed_off"
    response = _set(client, people["lead"], signed_off, "no")
    assert response.status_code == 302
    client.force_login(people["lead"])
    team_page = client.get(reverse("consensus:team", args=[signed_off.pk]))
    assert team_page.context["names_form"] is None
    assert "This was fixed when the assessment was signed off." in team_page.content.decode()
    assert builders.reload(assessment=signed_off).report_rater_names
    assert NAMED in _report(client, people["viewer"], signed_off)


def test_a_shared_assessment_has_no_names_to_show(people, draft):
    """One shared rating has no individual rationales: the choice is refused."""
    with pytest.raises(RefusedError) as refused:
        services.report_rater_names_set(user=people["lead"], assessment_id=draft.pk, show=True)
    assert refused.value.code == "not_team_scored"


def test_no_choice_is_an_error_on_the_page(client, people, submitted_team):
    """Sending neither answer shows a specific error and changes nothing."""
    client.force_login(people["lead"])
    response = client.post(reverse("consensus:report_names", args=[submitted_team.pk]), {})
    assert response.status_code == 200
    assert "Select whether reports show raters&#x27; names" in response.content.decode()


def test_the_history_says_who_chose_to_show_names(people, submitted_team):
    """The assessment's history records the choice and who made it."""
    services.report_rater_names_set(user=people["lead"], assessment_id=submitted_team.pk, show=True)
    [newest, *_] = audit_entries(builders.reload(assessment=submitted_team))
    assert newest.summary == "Chose to show raters' names in reports"
    assert newest.who == people["lead"].name
