"""Starting a new partnership's first assessment: no carry-forward offer with nothing to copy,
one error for a year already taken, and no empty form when there are no services."""

import html

import pytest
from django.urls import reverse

from assessments.forms import StartAssessmentForm
from assessments.models import Assessment
from partnerships.models import Role
from tests.builders import complete, sign_off, start, submit
from tests.factories import PartnershipFactory, ServiceFactory, member
from tests.formtools import codes

pytestmark = pytest.mark.django_db

STARTS_EMPTY = (
    "There is no signed-off assessment to start from yet, so this assessment starts empty."
)
CHECKBOX = "Start from the service's latest signed-off assessment"


def start_data(service, **overrides) -> dict:
    data = {
        "service": str(service.pk),
        "principle_set": str(service.partnership.default_principle_set_id),
        "period": "2027/28",
        "title": "Reablement 2027/28",
    }
    return data | overrides


def signed_off_of(service, people, period="2026/27"):
    assessment = start(user=people[Role.LEAD], service=service, period=period)
    complete(user=people[Role.LEAD], assessment=assessment)
    submit(user=people[Role.LEAD], assessment=assessment)
    return sign_off(user=people[Role.APPROVER], assessment=assessment)


def start_page(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("assessments:start"))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_with_nothing_signed_off_the_checkbox_is_not_offered(client, service, people):
    """A first assessment is not offered a carry-forward that cannot work: the page says it
    starts empty."""
    page = start_page(client, people[Role.LEAD])
    assert CHECKBOX not in page and "Which assessment is copied" not in page
    assert STARTS_EMPTY in page and 'name="start"' in page
    assert 'name="carry_forward"' not in page


def test_with_nothing_to_copy_a_ticked_box_sent_anyway_starts_empty(client, service, people):
    """A box ticked on a page from before (or a crafted post) is not an error: it starts empty."""
    form = StartAssessmentForm(start_data(service, carry_forward="on"), user=people[Role.LEAD])
    assert form.is_valid(), form.errors
    assert form.cleaned_data["carry_forward"] is False


def test_the_checkbox_says_which_services_can_start_from_one(client, service, people):
    """Offered once any service has something to copy, naming those that do when not all do."""
    ServiceFactory(partnership=service.partnership, name="Reablement")
    signed_off_of(service, people)
    page = start_page(client, people[Role.LEAD])
    assert CHECKBOX in page and STARTS_EMPTY not in page
    assert "Only Hospital discharge to assess has a signed-off assessment to start from." in page


def test_when_every_service_can_start_from_one_none_is_named(client, service, people):
    """The hint names no services when every one has something to copy."""
    signed_off_of(service, people)
    page = start_page(client, people[Role.LEAD])
    assert CHECKBOX in page and "Only " not in page


def test_a_year_already_taken_with_the_box_ticked_gives_one_error(service, people):
    """The duplicate year only: not also "no earlier assessment" while the page names one."""
    signed_off_of(service, people, period="2026/27")
    form = StartAssessmentForm(
        start_data(service, period="2026/27", carry_forward="on"), user=people[Role.LEAD]
    )
    assert not form.is_valid()
    assert codes(form, "period") == ["duplicate"]
    assert codes(form, "carry_forward") == []


@pytest.fixture
def new_lead(principle_sets):
    """The lead of a partnership an administrator has not added services to yet."""
    return member(PartnershipFactory(name="Westmoor"), Role.LEAD)


def test_a_lead_with_no_services_is_told_to_ask_for_them(client, new_lead):
    """No empty form with only "Select a service": the page says what to do."""
    page = start_page(client, new_lead)
    assert "Your partnership has no services yet. Ask your administrator to add them." in page
    assert "Select a service" not in page and 'name="start"' not in page  # the form's button


def test_a_lead_of_two_partnerships_with_no_services_reads_the_plural(client, new_lead):
    """Leading two partnerships, neither with services."""
    other = PartnershipFactory(name="Eastmoor")
    member(other, Role.LEAD, username=new_lead.username)
    page = start_page(client, new_lead)
    assert "Your partnerships have no services yet. Ask your administrator to add them." in page


def test_a_post_with_no_services_starts_nothing(client, new_lead):
    """Sent anyway, it shows the same page and starts nothing."""
    client.force_login(new_lead)
    response = client.post(reverse("assessments:start"), {"title": "Anything"})
    assert response.status_code == 200
    assert "Your partnership has no services yet." in response.content.decode()
    assert not Assessment.objects.exists()
