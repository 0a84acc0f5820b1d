"""The board pack page shows its headline scores and scores by principle ten services at a
time."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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
    assert len(response.context["pack"].included) == 12  # the chart and the rest have them all


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


def _headline_rows(content: str) -> list[str]:
    start = content.index('id="headline-scores"')
    table = content[start : content.index("</table>", start)]
    return re.findall(r'<th scope="row">(Service \d\d)</th>', table)


def test_headline_scores_show_ten_services_and_say_so(client, people, twelve):
    """The headline scores have ten services a page, say where the rest are, and link on,
    with the same page number as the scores by principle."""
    client.force_login(people[Role.VIEWER])
    content = client.get(pack_url(twelve[0].partnership)).content.decode()
    assert _headline_rows(content) == [s.name for s in twelve[:10]]
    assert (
        "The table shows 10 services at a time: services 1 to 10 of 12. The PDF and the "
        "spreadsheets have every service."
    ) in content
    assert 'href="?page=2#headline-scores"' in content
    assert 'aria-label="Pages of the headline scores"' in content
    assert "The same figures are in the table above, across its pages." in content
    second = client.get(pack_url(twelve[0].partnership), {"page": 2}).content.decode()
    assert _headline_rows(second) == [s.name for s in twelve[10:]]
    assert _heat_rows(second) == [s.name for s in twelve[10:]]


def test_headline_scores_list_services_without_an_assessment(client, people, twelve):
    """A service with no assessment has its row in the headline scores' pages."""
    ServiceFactory(partnership=twelve[0].partnership, name="Service 99")
    client.force_login(people[Role.VIEWER])
    second = client.get(pack_url(twelve[0].partnership), {"page": 2}).content.decode()
    assert _headline_rows(second) == [s.name for s in twelve[10:]] + ["Service 99"]
    assert "services 11 to 13 of 13" in second
    assert "No signed-off assessment against" in second


def test_every_page_makes_the_same_queries(client, people, twelve):
    """The second page reads no more than the first."""
    client.force_login(people[Role.VIEWER])
    url = pack_url(twelve[0].partnership)
    counts = []
    for page in (1, 2):
        client.get(url, {"page": page})
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"page": page}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def _between(content: str, start: str, end: str) -> str:
    begin = content.index(start)
    return content[begin : content.index(end, begin)]


def test_chart_and_follow_through_show_the_heat_maps_page(client, people, twelve):
    """The chart's list and the actions table show the same ten services as the heat map,
    and say so; the second page shows the rest."""
    client.force_login(people[Role.VIEWER])
    url = pack_url(twelve[0].partnership)
    for page, names in ((1, twelve[:10]), (2, twelve[10:])):
        content = client.get(url, {"page": page}).content.decode()
        chart = _between(content, 'class="app-chart-list"', "</ul>")
        assert re.findall(r'__label">(Service \d\d)<', chart) == [s.name for s in names]
        actions = _between(content, 'id="follow-through"', "</table>")
        assert re.findall(r'<th scope="row">(Service \d\d)</th>', actions) == [
            s.name for s in names
        ]
    assert "The chart shows 10 services at a time: services 11 to 12 of 12" in content
    assert "The tables show 10 services at a time, as the scores by principle do" in content
    assert "None of these services has set targets." in content
    assert 'aria-label="Pages of the improvement actions"' in content


def test_out_of_date_warning_names_services_on_every_page(client, people, twelve):
    """A service whose latest signed-off assessment is older is named on every page."""
    for service in twelve[:11]:
        signed(service, people, "2026/27")
    client.force_login(people[Role.VIEWER])
    for page in (1, 2):
        content = client.get(pack_url(twelve[0].partnership), {"page": page}).content.decode()
        assert "Out of date: Service 11's latest signed-off assessment is for 2025/26" in content
