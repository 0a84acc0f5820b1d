"""A principle's saved answer, read only (the principle page, check your answers and a save
conflict): an answer carried forward from the previous assessment and not confirmed says so
as the reports do, last time's answer is labelled as last time's, and while the team rates
individually last time's answer is not shown at all, so it cannot anchor the raters."""

import html
import re

import pytest
from django.urls import reverse

from assessments.answers import CARRIED_FORWARD as NOT_RATED_CARRIED
from assessments.services import assessment_start
from consensus.report import CARRIED_FORWARD as NOT_AGREED_CARRIED
from tests import builders
from tests import team_builders as team
from tests.figures import assess, signed
from tests.rating_posts import level_pk, principle_url, rating_post
from tests.team_data import three_raters

pytestmark = pytest.mark.django_db

LAST_LEVEL = "4 – Strengthening"  # NV-01's level last time; no other principle had it
LAST_REASON = "Commissioned by the county council, not by us"  # why NV-02 did not apply
ROW = re.compile(
    r'<dt class="govuk-summary-list__key">(.*?)</dt>\s*'
    r'<dd class="govuk-summary-list__value[^"]*">(.*?)</dd>',
    re.DOTALL,
)


@pytest.fixture
def raters(partnership, people):
    return three_raters(partnership, people)


def carried_forward(lead, service, people, *, team_scoring):
    """2025/26 signed off (NV-01 at 4, NV-02 not applicable, the rest at 3), and 2026/27
    started from it: every answer carried forward, none confirmed."""
    previous = assess(lead, service, period="2025/26", levels={"NV-01": 4})
    builders.rate(
        user=lead, assessment=previous, code="NV-02", value=None, na=True, reason=LAST_REASON
    )
    signed(previous, people)
    return assessment_start(
        user=lead,
        service=service,
        principle_set=service.partnership.default_principle_set,
        period="2026/27",
        title=f"{service.name} 2026/27",
        carry_forward=True,
        team_scoring=team_scoring,
    )


@pytest.fixture
def shared(lead, service, people):
    """A draft with one shared rating, every answer carried forward."""
    return carried_forward(lead, service, people, team_scoring=False)


@pytest.fixture
def individual(lead, service, people, raters):
    """A team-scored draft, every answer carried forward, its raters rating individually."""
    draft = carried_forward(lead, service, people, team_scoring=True)
    team.add_raters(user=lead, assessment=draft, raters=raters)
    team.rate_individually(user=raters[0], assessment=draft, code="NV-01", value=2)
    return builders.reload(assessment=draft)


@pytest.fixture
def agreement(individual, lead):
    """The same, once the lead has opened agreement."""
    return team.open_agreement(user=lead, assessment=individual, although_unfinished=True)


def get(client, user, address) -> str:
    client.force_login(user)
    response = client.get(address)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def rows(content) -> list[tuple[str, str]]:
    """Every summary list row on the page, as (key, value) text."""
    return [(key.strip(), value.strip()) for key, value in ROW.findall(content)]


def principle_page(client, user, assessment, code) -> list[tuple[str, str]]:
    return rows(get(client, user, principle_url(assessment, code)))


def check_page(client, user, assessment) -> str:
    return get(client, user, reverse("assessments:check", args=[assessment.pk]))


# While the team rates individually -----------------------------------------------------------


@pytest.mark.parametrize("who", ["rater", "lead", "viewer"])
def test_the_principle_page_shows_no_level_from_last_time_while_raters_rate(
    client, people, raters, individual, who
):
    """Raters (and everyone else) read that the answer is carried forward and not agreed,
    never last time's level as if it were the answer."""
    user = {"rater": raters[1], "lead": people["lead"], "viewer": people["viewer"]}[who]
    found = principle_page(client, user, individual, "NV-01")
    assert ("Agreed rating", NOT_AGREED_CARRIED) in found
    assert not any(LAST_LEVEL in value or key == "Last time" for key, value in found)


def test_a_not_applicable_answer_from_last_time_is_not_shown_while_raters_rate(
    client, raters, individual
):
    found = principle_page(client, raters[1], individual, "NV-02")
    assert ("Agreed rating", NOT_AGREED_CARRIED) in found
    assert not any(LAST_REASON in value or "applicable" in key for key, value in found)


def test_the_check_page_shows_no_answer_from_last_time_while_raters_rate(
    client, raters, individual
):
    content = check_page(client, raters[1], individual)
    found = rows(content)
    assert found.count(("Agreed rating", NOT_AGREED_CARRIED)) == 12
    assert LAST_LEVEL not in content and LAST_REASON not in content
    assert not any(key == "Last time" for key, _ in found)
    assert ("Evidence, copied from last time", "Evidence for NV-01.") in found


# Once agreement opens, and with one shared rating --------------------------------------------


def test_last_time_is_labelled_once_agreement_opens(client, people, agreement):
    """The viewer's read-only page: not agreed yet, and last time's answer as last time's."""
    found = principle_page(client, people["viewer"], agreement, "NV-01")
    assert found[:2] == [("Agreed rating", NOT_AGREED_CARRIED), ("Last time", LAST_LEVEL)]
    found = principle_page(client, people["viewer"], agreement, "NV-02")
    assert found[:3] == [
        ("Agreed rating", NOT_AGREED_CARRIED),
        ("Last time", "Not applicable"),
        ("Why not applicable last time", LAST_REASON),
    ]


def test_a_shared_draft_says_not_rated_yet_with_last_time_labelled(client, people, shared):
    """One shared rating words it as the reports do, on the principle and check pages."""
    found = principle_page(client, people["viewer"], shared, "NV-01")
    assert found[:2] == [("Rating", NOT_RATED_CARRIED), ("Last time", LAST_LEVEL)]
    found = rows(check_page(client, people["contributor"], shared))
    assert found.count(("Rating", NOT_RATED_CARRIED)) == 12
    assert found.count(("Last time", "3 – Growing")) == 10
    assert ("Why not applicable last time", LAST_REASON) in found


def test_a_confirmed_answer_reads_as_this_times(client, people, shared):
    """Once someone saves a principle it is this time's rating, with nothing from last time."""
    builders.rate(user=people["contributor"], assessment=shared, code="NV-01", value=4)
    content = check_page(client, people["contributor"], shared)
    card = content.split("NV-01 ", 1)[1].split("govuk-summary-card__title", 1)[0]
    found = rows(card)
    assert found[:2] == [("Rating", LAST_LEVEL), ("Evidence", "Evidence for NV-01.")]


def test_a_team_draft_not_yet_agreed_says_so(client, people, service):
    """A principle with no answer and nothing carried forward: not agreed yet, not "not rated"."""
    draft = team.start_team(user=people["lead"], service=service)
    found = principle_page(client, people["viewer"], draft, "NV-01")
    assert found[0] == ("Agreed rating", "Not agreed yet")


# A save conflict shows what the other person saved, worded the same ---------------------------


@pytest.mark.parametrize(("fixture", "key"), [("shared", "Rating"), ("agreement", "Agreed rating")])
def test_a_conflict_shows_the_other_persons_answer_as_this_times(
    client, people, request, fixture, key
):
    """Someone confirmed NV-01 at 2 after the page opened: the banner shows their answer under
    the page's own wording, not last time's."""
    draft = request.getfixturevalue(fixture)
    stale = builders.rating_for(assessment=draft, code="NV-01")
    builders.rate(user=people["lead"], assessment=draft, code="NV-01", value=2)
    client.force_login(people["contributor"])
    response = client.post(
        principle_url(draft, "NV-01"),
        rating_post(stale, answer=level_pk(draft, 3), evidence="Mine"),
    )
    assert response.status_code == 409
    content = html.unescape(response.content.decode())
    banner = content.split("govuk-notification-banner__content", 1)[1].split("</dl>", 1)[0]
    found = rows(banner)
    assert found[0] == (key, "2 – Limited")
    assert not any(key == "Last time" for key, _ in found)
