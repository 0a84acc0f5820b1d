"""A team-scored assessment started from last year's answers: nothing is agreed until the
team records it."""

import pytest
from django.urls import reverse

from assessments.services import assessment_start
from consensus.report import CARRIED_FORWARD
from reporting.reports import build_report
from tests import builders
from tests import team_builders as team
from tests.figures import assess, signed
from tests.team_data import three_raters

pytestmark = pytest.mark.django_db


@pytest.fixture
def raters(partnership, people):
    return three_raters(partnership, people)


@pytest.fixture
def carried_team(lead, service, people, raters):
    """2025/26 signed off, all at 3; 2026/27 started from it, rated individually, with
    agreement opened before anyone rated."""
    signed(assess(lead, service, period="2025/26"), people)
    draft = assessment_start(
        user=lead,
        service=service,
        principle_set=service.partnership.default_principle_set,
        period="2026/27",
        title=f"{service.name} 2026/27",
        carry_forward=True,
        team_scoring=True,
    )
    team.add_raters(user=lead, assessment=draft, raters=raters)
    return team.open_agreement(user=lead, assessment=draft, although_unfinished=True)


def agreement_page(client, user, assessment):
    client.force_login(user)
    response = client.get(reverse("consensus:agreement", args=[assessment.pk]))
    assert response.status_code == 200
    return response.content.decode()


def team_table(assessment):
    """Each principle's agreed rating in the report's "How the team rated" table, by code."""
    return {row.rating.code: row.agreed for row in build_report(assessment).team.rows}


def test_the_report_does_not_show_a_carried_forward_rating_as_agreed(carried_team):
    """Last year's level is copied, but the team table says it is not agreed yet."""
    assert builders.rating_for(assessment=carried_team, code="NV-01").carried_forward
    agreed = team_table(carried_team)
    assert set(agreed.values()) == {CARRIED_FORWARD}
    assert CARRIED_FORWARD == "Not agreed yet: carried forward and not confirmed"


def test_the_report_page_does_not_show_a_carried_forward_rating_as_agreed(
    carried_team, viewer_client
):
    content = viewer_client.get(reverse("assessments:report", args=[carried_team.pk]))
    content = content.content.decode()
    assert "How the team rated each principle" in content
    assert content.count(f"<td>{CARRIED_FORWARD}</td>") == 12


def test_the_agreement_page_does_not_show_a_carried_forward_rating_as_agreed(
    client, carried_team, raters
):
    content = agreement_page(client, raters[1], carried_team)
    assert content.count(f"<td>{CARRIED_FORWARD}</td>") == 12
    assert "3 – Growing" not in content


def test_a_rating_the_team_agrees_shows_as_agreed(client, carried_team, lead, raters):
    """Recording the agreed rating confirms it; the principles not yet agreed stay so."""
    team.agree(user=lead, assessment=carried_team, code="NV-01", value=4)
    assert not builders.rating_for(assessment=carried_team, code="NV-01").carried_forward
    agreed = team_table(carried_team)
    assert agreed["NV-01"] == "4 – Strengthening"
    assert agreed["NV-02"] == CARRIED_FORWARD
    content = agreement_page(client, raters[1], carried_team)
    assert "<td>4 – Strengthening</td>" in content
    assert content.count(f"<td>{CARRIED_FORWARD}</td>") == 11


def test_a_carried_forward_rating_the_team_keeps_shows_as_agreed(client, carried_team, lead):
    """Agreeing last year's level again shows it as agreed."""
    team.agree(user=lead, assessment=carried_team, code="NV-02", value=3)
    assert team_table(carried_team)["NV-02"] == "3 – Growing"
