"""The board pack page shows its scores by principle ten services at a time."""

import re

import pytest

from partnerships.models import Role
from reporting.views.board_pack import HEAT_MAP_SERVICES
from tests.builders import start
from tests.factories import ServiceFactory
from tests.test_board_pack import pack_url, signed

pytestmark = pytest.mark.django_db


@pytest.fixture
def twelve(partnership, people):
    """Twelve services, in name order, each with a signed-off assessment."""
    services = [ServiceFactory(partnership=partnership, name=f"Service {n:02}") for n in range(12)]
    for service in services:
        signed(service, people, "2025/26")
    return services


def _heat_rows(content: str) -> list[str]:
    table = content[content.index('id="heat-map"') : content.index('id="lowest-scoring"')]
    return re.findall(r'<th scope="row">(Service \d\d) ', table)


def test_heat_map_shows_ten_services_and_says_so(client, people, twelve):
    """The first page's table has ten services, says where the rest are, and links on."""
    client.force_login(people[Role.VIEWER])
    response = client.get(pack_url(twelve[0].partnership))
    content = response.content.decode()
    assert HEAT_MAP_SERVICES == 10
    assert _heat_rows(content) == [s.name for s in twelve[:10]]
    assert "services 1 to 10 of 12. The PDF and the spreadsheets have every service" in content
    assert 'href="?page=2#heat-map"' in content
    assert len(response.context["pack"].included) == 12  # every other table has them all
    assert all(f'<th scope="row">{s.name}</th>' in content for s in twelve)


def test_second_page_shows_the_rest(client, people, twelve):
    """The second page's table has the last two services."""
    client.force_login(people[Role.VIEWER])
    content = client.get(pack_url(twelve[0].partnership), {"page": 2}).content.decode()
    assert _heat_rows(content) == [s.name for s in twelve[10:]]
    assert 'href="?page=1#heat-map"' in content


def test_page_links_keep_the_chosen_assessments(client, people, twelve):
    """With a chosen draft, the page links keep it, so the pack is the same on every page."""
    draft = start(user=people[Role.LEAD], service=twelve[0], period="2026/27")
    client.force_login(people[Role.VIEWER])
    content = client.get(pack_url(twelve[0].partnership), {"assessment": draft.pk}).content.decode()
    assert f'href="?assessment={draft.pk}&amp;page=2#heat-map"' in content


def test_a_few_services_have_no_pages(client, people, service):
    """With ten services or fewer the table has them all and no page links."""
    signed(service, people, "2025/26")
    client.force_login(people[Role.VIEWER])
    content = client.get(pack_url(service.partnership)).content.decode()
    table = content[content.index('id="heat-map"') : content.index('id="lowest-scoring"')]
    assert f'<th scope="row">{service.name} ' in table
    assert "govuk-pagination" not in content
    assert "at a time" not in content
