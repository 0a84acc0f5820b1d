"""Who reaches each team scoring page, in each phase; other partnerships see nothing (404).

Raters here are the contributor and the approver; the lead and the viewer are not raters.
The pages of assessments rated by one shared form are in test_permissions_matrix.py.
"""

import pytest
from django.urls import reverse

from consensus.models import Rater
from partnerships.models import Role
from tests import builders
from tests import team_builders as team
from tests.factories import PartnershipFactory, ServiceFactory, member

pytestmark = pytest.mark.django_db

C, L, A, V = Role.CONTRIBUTOR, Role.LEAD, Role.APPROVER, Role.VIEWER
LEAD_ONLY = {C: 403, L: 200, A: 403, V: 403}
RATERS = {C: 200, L: 403, A: 200, V: 403}
MEMBERS_WHO_RATE = {C: 200, L: 200, A: 200, V: 403}
LEAD_POSTS = {C: 403, L: 405, A: 403, V: 403}

EXPECTED = {
    # Already individual: the lead reads why it cannot switch now (not "You cannot do this").
    "consensus:switch": {
        "individual": LEAD_ONLY,
        "agreement": LEAD_ONLY,
        "submitted": LEAD_ONLY,
    },
    "consensus:team": {"individual": LEAD_ONLY, "agreement": LEAD_ONLY, "submitted": LEAD_ONLY},
    # Once agreement is open, the lead reads who opened it and when (not "You cannot do this").
    "consensus:open": {"individual": LEAD_ONLY, "agreement": LEAD_ONLY, "submitted": LEAD_ONLY},
    "consensus:mine": {"individual": RATERS, "agreement": RATERS, "submitted": RATERS},
    "consensus:rate": {"individual": RATERS, "agreement": RATERS, "submitted": RATERS},
    "consensus:agreement": {
        # Private until agreement opens: members who rate read that it has not opened yet
        # (not "You cannot do this"); viewers read the ratings in reports only.
        "individual": MEMBERS_WHO_RATE,
        "agreement": MEMBERS_WHO_RATE,
        "submitted": MEMBERS_WHO_RATE,
    },
    # Removing a rater: once agreement is open, the lead reads why not (not "You cannot do
    # this"); the rest in tests/test_consensus_rater_removal.py.
    "consensus:remove_rater": {
        "individual": LEAD_ONLY,
        "agreement": LEAD_ONLY,
        "submitted": LEAD_ONLY,
    },
    # Names in reports: POST only, by the lead (tests/test_consensus_report_names.py).
    "consensus:report_names": {
        phase: LEAD_POSTS for phase in ("individual", "agreement", "submitted")
    },
}


def in_each_phase(service, lead, raters) -> dict:
    """A team assessment in the individual phase, in agreement, and submitted."""
    found = {}
    for phase, period in (
        ("individual", "2026/27"),
        ("agreement", "2025/26"),
        ("submitted", "2024/25"),
    ):
        draft = team.start_team(user=lead, service=service, period=period)
        team.add_raters(user=lead, assessment=draft, raters=raters)
        if phase != "individual":
            team.open_agreement(user=lead, assessment=draft, although_unfinished=True)
        if phase == "submitted":
            builders.complete(user=lead, assessment=draft)
            builders.submit(user=lead, assessment=draft)
        found[phase] = builders.reload(assessment=draft)
    return found


def address(name, assessment):
    args = [assessment.pk] + (["NV-01"] if name == "consensus:rate" else [])
    if name == "consensus:remove_rater":
        args.append(Rater.objects.filter(assessment=assessment).first().pk)
    return reverse(name, args=args)


@pytest.fixture
def phases(service, people):
    return in_each_phase(service, people[L], [people[C], people[A]])


@pytest.mark.parametrize("role", [C, L, A, V])
def test_each_role_reaches_what_its_role_and_the_phase_allow(client, people, phases, role):
    client.force_login(people[role])
    failures = []
    for name, by_phase in EXPECTED.items():
        for phase, expected in by_phase.items():
            status = client.get(address(name, phases[phase])).status_code
            if status != expected[role]:
                failures.append(f"{name} [{phase}]: {status}, expected {expected[role]}")
    assert failures == []


@pytest.mark.parametrize("role", [C, L, A, V])
def test_another_partnerships_team_pages_are_not_found(client, people, principle_sets, role):
    other = PartnershipFactory(name="Another partnership")
    elsewhere = in_each_phase(
        ServiceFactory(partnership=other), member(other, L), [member(other, C)]
    )
    client.force_login(people[role])
    for name, by_phase in EXPECTED.items():
        for phase in by_phase:
            target = address(name, elsewhere[phase])
            assert client.get(target).status_code == 404, target
            assert client.post(target, {"version": 1, "users": [1]}).status_code == 404, target
