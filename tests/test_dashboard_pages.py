"""The dashboard lists ten services a page; what needs attention is on every page."""

import pytest
from django.urls import reverse

from assessments.read_model import headlines_for, score_assessments
from assessments.views.dashboard import SERVICES_PER_PAGE
from partnerships.models import Role
from tests.builders import complete, return_, sign_off, start, submit
from tests.factories import PartnershipFactory, ServiceFactory, member
from tests.test_query_counts import CEILINGS, count_get

pytestmark = pytest.mark.django_db


def _signed_off(lead, approver, service, value=3):
    assessment = start(user=lead, service=service, period="2025/26")
    complete(user=lead, assessment=assessment, value=value)
    submit(user=lead, assessment=assessment)
    return sign_off(user=approver, assessment=assessment)


@pytest.fixture
def many(partnership, people):
    """Twelve services, in name order, the first and the last with a signed-off assessment,
    the last also with a draft."""
    services = [ServiceFactory(partnership=partnership, name=f"Service {n:02}") for n in range(12)]
    lead, approver = people[Role.LEAD], people[Role.APPROVER]
    first = _signed_off(lead, approver, services[0])
    last = _signed_off(lead, approver, services[-1], value=2)
    draft = start(user=lead, service=services[-1], period="2026/27")
    return {"services": services, "first": first, "last": last, "draft": draft}


def test_small_partnership_has_no_pages(client, people, service):
    """A partnership with a few services shows them all, without pages or page links."""
    client.force_login(people[Role.LEAD])
    content = client.get(reverse("home")).content.decode()
    assert service.name in content
    assert "govuk-pagination" not in content
    assert "to a page" not in content


def test_first_page_shows_ten_services_and_says_so(client, people, many):
    """The first page lists ten services, says how they are listed, and links to page 2."""
    client.force_login(people[Role.LEAD])
    response = client.get(reverse("home"))
    content = response.content.decode()
    assert SERVICES_PER_PAGE == 10
    shown = [s for s in many["services"] if f">{s.name}</h3>" in content]
    assert shown == many["services"][:10]
    assert "listed 10 to a page" in content and "page 1 of 2" in content
    assert "Services 1 to 10 of 12 in this partnership" in content
    assert 'class="govuk-pagination"' in content and 'href="?page=2"' in content
    assert 'aria-current="page">1</a>' in content


def test_headlines_are_for_the_services_on_the_page(client, people, many):
    """The latest signed-off results are those of the services on the page, with a note that
    the board pack has them all."""
    client.force_login(people[Role.VIEWER])
    first = client.get(reverse("home"))
    second = client.get(reverse("home"), {"page": 2})
    ((_, on_first),) = first.context["headlines"]
    ((_, on_second),) = second.context["headlines"]
    assert [h.assessment for h in on_first] == [many["first"]]
    assert [h.assessment for h in on_second] == [many["last"]]
    assert "board pack has the results of all its services" in second.content.decode()


def test_attention_lists_every_draft_on_every_page(client, people, many):
    """A draft of a service on another page still needs attention on the first page."""
    client.force_login(people[Role.LEAD])
    content = client.get(reverse("home")).content.decode()
    assert f"{many['draft'].title}</a> is a draft" in content
    assert many["services"][-1].name + "</h3>" not in content


def test_a_page_out_of_range_shows_the_last(client, people, many):
    """A page number too big, or not a number, shows the last or the first page."""
    client.force_login(people[Role.LEAD])
    assert client.get(reverse("home"), {"page": 99}).context["page"].number == 2
    assert client.get(reverse("home"), {"page": "x"}).context["page"].number == 1


def test_only_the_users_partnerships_are_listed(client, people, many):
    """Another partnership's services are on no page."""
    other = PartnershipFactory()
    ServiceFactory(partnership=other, name="Elsewhere service")
    member(other, Role.LEAD)
    client.force_login(people[Role.LEAD])
    for number in (1, 2):
        assert (
            "Elsewhere service"
            not in client.get(reverse("home"), {"page": number}).content.decode()
        )


def test_headline_scores_agree_with_the_report(people, many):
    """The dashboard's overall score and words are the report's, for signed-off and draft."""
    lead = people[Role.LEAD]
    complete(user=lead, assessment=many["draft"], value=4)
    assessments = [many["first"], many["last"], many["draft"]]
    light = headlines_for(assessments)
    full = score_assessments(assessments)
    for a in assessments:
        assert light[a.pk] == (full[a.pk].score.weighted_score, full[a.pk].score.band)


def test_every_page_makes_the_same_queries(client, people, many):
    """Each page of the dashboard reads the database as often as a one-page dashboard."""
    client.force_login(people[Role.LEAD])
    counts = {
        number: len(count_get(client, reverse("home") + f"?page={number}")[1]) for number in (1, 2)
    }
    assert len(set(counts.values())) == 1 and max(counts.values()) <= CEILINGS["dashboard"]


def test_a_returned_draft_needs_attention_once(client, people, submitted):
    """Returned for changes: listed once, as returned, with its progress."""
    return_(user=people[Role.APPROVER], assessment=submitted)
    client.force_login(people[Role.LEAD])
    content = " ".join(client.get(reverse("home")).content.decode().split())
    assert content.count(f"{submitted.title}</a> ") == 1
    assert f"{submitted.title}</a> was returned for changes: 12 of 12 principles completed" in (
        content
    )
