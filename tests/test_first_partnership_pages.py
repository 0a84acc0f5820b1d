"""Pages a new partnership meets in its first year and its second: the task list and check
your answers worded for the reader, what stops submission, the administrator's dashboard,
board pack links, and answers and actions carried into year 2."""

import html
import re

import pytest
from django.urls import reverse

from assessments.audit import audit_entries
from partnerships.models import Role
from principles.models import PrincipleSet
from tests import builders
from tests.factories import PartnershipFactory, ServiceFactory, UserFactory, member

pytestmark = pytest.mark.django_db


def text(client, user, name, *args) -> str:
    """The page as ``user`` reads it, entities unescaped."""
    client.force_login(user)
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def link_names(page: str) -> list[str]:
    """Every link's accessible name: its text, visually hidden text included, tags removed."""
    return [
        " ".join(re.sub(r"<[^>]+>", "", inner).split())
        for inner in re.findall(r"<a\b[^>]*>(.*?)</a>", page, flags=re.S)
    ]


# The task list speaks to its reader (item 7) -------------------------------------------------


@pytest.mark.parametrize("role", [Role.APPROVER, Role.VIEWER])
def test_people_who_cannot_edit_read_principles_completed(client, people, draft, role):
    """Not "You have completed" for someone who completes nothing."""
    page = text(client, people[role], "assessments:overview", draft.pk)
    assert "0 of 12 principles completed." in page and "You have completed" not in page


def test_editors_read_you_have_completed(client, people, draft):
    """A contributor completes principles, so is spoken to."""
    page = text(client, people[Role.CONTRIBUTOR], "assessments:overview", draft.pk)
    assert "You have completed 0 of 12 principles." in page


@pytest.mark.parametrize(
    ("role", "told"),
    [(Role.LEAD, True), (Role.CONTRIBUTOR, False), (Role.APPROVER, False), (Role.VIEWER, False)],
)
def test_only_people_who_can_start_are_told_to_start_the_next(
    client, people, signed_off, role, told
):
    """A signed-off assessment: only a lead is told to start a new one, with a link."""
    page = text(client, people[role], "assessments:overview", signed_off.pk)
    assert "A signed-off assessment cannot be changed" in page
    start = f"{reverse('assessments:start')}?service={signed_off.service.pk}"
    assert ("start a new assessment" in page) is told
    assert (start in page) is told


# Check your answers marks what stops submission (item 13) ------------------------------------


def test_check_your_answers_tags_an_incomplete_principle_and_says_what_is_missing(
    client, people, draft
):
    """A level saved as a draft without evidence is tagged as the task list tags it, with a
    link saying what to do; complete ones carry no tag."""
    lead = people[Role.LEAD]
    builders.rate(user=lead, assessment=draft, code="NV-01", value=2, evidence="")
    builders.rate(user=lead, assessment=draft, code="NV-02", value=3)
    page = text(client, lead, "assessments:check", draft.pk)
    first = page[page.index("NV-01 ") : page.index("NV-02 ")]
    assert '<strong class="govuk-tag govuk-tag--light-blue">In progress</strong>' in first
    assert any(name.startswith("Enter evidence for NV-01 ") for name in link_names(first))
    second = page[page.index("NV-02 ") : page.index("NV-03 ")]
    assert "govuk-tag" not in second.split("</h3>")[0]
    third = page[page.index("NV-03 ") : page.index("NV-04 ")]
    assert "Not started</strong>" in third
    assert any(
        name.startswith("Select a rating and enter evidence for NV-03")
        for name in link_names(third)
    )


def test_a_viewer_sees_the_tags_but_is_not_told_what_to_enter(client, people, draft):
    """A viewer sees the tags but is not told to enter anything."""
    builders.rate(user=people[Role.LEAD], assessment=draft, code="NV-01", value=2, evidence="")
    page = text(client, people[Role.VIEWER], "assessments:check", draft.pk)
    assert "In progress</strong>" in page and "Enter evidence" not in page


# The administrator's dashboard (item 8) --------------------------------------------------------


def test_an_administrator_in_no_partnership_is_sent_to_the_admin_pages(client, principle_sets):
    """Staff who can use Django admin are not told to ask an administrator."""
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    page = text(client, admin, "home")
    assert "Set up partnerships, services and invitations in the admin pages." in re.sub(
        r"<[^>]+>", "", page
    )
    assert f'href="{reverse("admin:index")}"' in page
    assert "Ask your partnership's administrator" not in page


def test_someone_in_no_partnership_is_told_to_ask_an_administrator(client, principle_sets):
    """Without admin rights, the dashboard says who can add them."""
    page = text(client, UserFactory(username="new"), "home")
    assert "Ask your partnership's administrator to add you." in page
    assert reverse("admin:index") not in page


# Board pack links read naturally (item 11) --------------------------------------------------


@pytest.fixture
def two_partnerships(principle_sets, people, partnership):
    """The viewer also reads Glenbrae, a Scottish partnership."""
    glenbrae = PartnershipFactory(
        name="Glenbrae Health and Social Care Partnership",
        nation="scotland",
        default_principle_set=PrincipleSet.objects.get(slug="scotland-integration-principles"),
    )
    ServiceFactory(partnership=glenbrae)
    ServiceFactory(partnership=partnership)
    member(glenbrae, Role.VIEWER, username=people[Role.VIEWER].username)
    return partnership, glenbrae


def test_board_pack_links_name_their_set_and_are_unique(client, people, two_partnerships):
    """ "Board pack for National Voices principles" and "… for Scotland's principles of
    integration", each with its partnership for screen readers; no two links share a name."""
    riverside, glenbrae = two_partnerships
    names = link_names(text(client, people[Role.VIEWER], "home"))
    assert f"Board pack for National Voices principles, {riverside.name}" in names
    assert f"Board pack for Scotland's principles of integration, {glenbrae.name}" in names
    assert not [name for name in names if "latest signed-off" in name]
    links = [name for name in names if name.startswith("Board pack")]
    assert len(links) == len(set(links)) == 2


# Year 2: answers and actions carried forward (item 12) ----------------------------------------


@pytest.fixture
def year_two(people, service):
    """2025/26 signed off with one open action on NV-10; 2026/27 started from it."""
    lead = people[Role.LEAD]
    last_year = builders.start(user=lead, service=service, period="2025/26")
    builders.complete(user=lead, assessment=last_year)
    builders.rate(
        user=lead,
        assessment=last_year,
        code="NV-10",
        actions=[builders.new_action(description="Share one care plan")],
    )
    builders.submit(user=lead, assessment=last_year)
    builders.sign_off(user=people[Role.APPROVER], assessment=last_year)
    return builders.start(user=lead, service=service, period="2026/27", carry_forward=True)


def test_the_task_list_explains_the_check_answer_tags(client, people, year_two):
    """While any answer is unconfirmed, the task list says where they came from and what to
    do; once every one is saved, it says nothing."""
    lead = people[Role.LEAD]
    said = (
        "These answers were copied from Hospital discharge to assess 2025/26. "
        "Check and save each one."
    )
    assert said in text(client, lead, "assessments:overview", year_two.pk)
    builders.complete(user=lead, assessment=year_two)
    assert "were copied from" not in text(client, lead, "assessments:overview", year_two.pk)


def test_a_viewer_is_not_asked_to_check_the_copied_answers(client, people, year_two):
    """Someone who cannot save them is told what they are, not to save them."""
    page = text(client, people[Role.VIEWER], "assessments:overview", year_two.pk)
    assert "were copied from Hospital discharge to assess 2025/26" in page
    assert "Check and save each one" not in page


def test_the_history_says_an_action_was_carried_forward(people, year_two):
    """Not "Added an action" by whoever started the assessment: it was carried forward."""
    summaries = [entry.summary for entry in audit_entries(year_two)]
    carried = [s for s in summaries if "Share one care plan" in s]
    assert len(carried) == 1
    assert carried[0].startswith("Carried forward an action from 2025/26 to NV-10 ")
    assert carried[0].endswith(": Share one care plan")
