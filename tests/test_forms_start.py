"""Starting an assessment: the start form's error codes, messages and cleaned values."""

import pytest

from assessments.forms import (
    StartAssessmentForm,
)
from partnerships.models import Role
from principles.models import PrincipleSet
from tests.builders import complete, sign_off, start, submit
from tests.factories import ServiceFactory, member
from tests.formtools import codes, first

pytestmark = pytest.mark.django_db


# StartAssessmentForm ---------------------------------------------------------------------


@pytest.fixture
def national_voices(principle_sets) -> PrincipleSet:
    return PrincipleSet.objects.get(slug="national-voices")


@pytest.fixture
def scotland(principle_sets) -> PrincipleSet:
    return PrincipleSet.objects.get(slug="scotland-integration-principles")


def start_data(service, principle_set, **overrides) -> dict:
    data = {
        "service": str(service.pk),
        "principle_set": str(principle_set.pk),
        "period": "2027/28",
        "title": "Discharge to assess 2027/28",
    }
    return {**data, **overrides}


def test_start_requires_service_principles_year_and_title(people):
    """An empty start form reports required on service, principles, year and title."""
    form = StartAssessmentForm({}, user=people["lead"])
    assert not form.is_valid()
    for field in ("service", "principle_set", "period", "title"):
        assert codes(form, field) == ["required"], field
    assert codes(form, "carry_forward") == []
    assert first(form, "service").message == "Select the service you are assessing"
    assert first(form, "principle_set").message == "Select the principles you are assessing against"
    assert first(form, "period").message == (
        "Enter the year the assessment covers, for example 2026/27"
    )
    assert first(form, "title").message == "Enter a title"


@pytest.mark.parametrize("period", ["2026", "2026/28", "26/27", "abcd/ef", "2026/7"])
def test_start_refuses_a_year_that_is_not_two_consecutive_years(
    service, people, national_voices, period
):
    """A year that is not YYYY/YY with consecutive years is invalid_period."""
    form = StartAssessmentForm(
        start_data(service, national_voices, period=period), user=people["lead"]
    )
    assert not form.is_valid()
    assert codes(form, "period") == ["invalid_period"]
    assert first(form, "period").message == (
        "Enter the year as two consecutive years, for example 2026/27"
    )


@pytest.mark.parametrize("typed", ["2026-27", "2026 / 27"], ids=["hyphenated", "spaces"])
def test_start_normalises_a_year_typed_another_way(service, people, national_voices, typed):
    """ "2026-27" and "2026 / 27" are accepted and saved as "2026/27"."""
    form = StartAssessmentForm(
        start_data(service, national_voices, period=typed), user=people["lead"]
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["period"] == "2026/27"


def test_start_accepts_a_year_across_a_century(service, people, national_voices):
    """2099/00 is two consecutive years."""
    form = StartAssessmentForm(
        start_data(service, national_voices, period="2099/00"), user=people["lead"]
    )
    assert form.is_valid(), form.errors


@pytest.mark.parametrize("period", ["0000/01", "1999/00", "2100/01", "9999/00"])
def test_start_refuses_a_year_that_cannot_be_right(service, people, national_voices, period):
    """Written correctly but out of range: period_out_of_range, naming the range."""
    form = StartAssessmentForm(
        start_data(service, national_voices, period=period), user=people["lead"]
    )
    assert not form.is_valid()
    assert codes(form, "period") == ["period_out_of_range"]
    assert first(form, "period").message == "Enter a year from 2000/01 to 2099/00"


def test_start_refuses_a_long_year_with_the_govuk_message(service, people, national_voices):
    """ "2026/2027" is invalid_period with the example, like any other wrong year."""
    form = StartAssessmentForm(
        start_data(service, national_voices, period="2026/2027"), user=people["lead"]
    )
    assert not form.is_valid()
    assert codes(form, "period") == ["invalid_period"]


def test_start_refuses_a_second_assessment_for_the_same_year(draft, people):
    """The same service, principles and year as an existing assessment is a duplicate."""
    form = StartAssessmentForm(
        start_data(draft.service, draft.principle_set, period="2026/27"), user=people["lead"]
    )
    assert not form.is_valid()
    assert codes(form, "period") == ["duplicate"]
    assert first(form, "period").message == (
        "Hospital discharge to assess already has an assessment against these principles "
        "for 2026/27"
    )


def test_start_allows_the_same_year_against_the_other_principles(draft, people, scotland):
    """An assessment of the same year against a different set is not a duplicate."""
    form = StartAssessmentForm(
        start_data(draft.service, scotland, period="2026/27"), user=people["lead"]
    )
    assert form.is_valid(), form.errors


def test_start_carry_forward_needs_an_earlier_assessment(signed_off, people, national_voices):
    """Ticking carry forward for a service with no earlier signed-off assessment, when another
    service has one, is no_previous, saying what to do instead."""
    service = ServiceFactory(partnership=signed_off.service.partnership, name="Reablement")
    form = StartAssessmentForm(
        start_data(service, national_voices, carry_forward="on"), user=people["lead"]
    )
    assert not form.is_valid()
    assert codes(form, "carry_forward") == ["no_previous"]
    assert first(form, "carry_forward").message == (
        "Reablement has no earlier signed-off assessment against National Voices to start "
        "from. Untick the box to start with empty answers"
    )


def test_start_carry_forward_refuses_an_earlier_draft(signed_off, draft_elsewhere, people):
    """An earlier assessment that is not signed off is no one's settled judgement: it is
    never copied, so ticking carry forward is no_previous."""
    form = StartAssessmentForm(
        start_data(draft_elsewhere.service, draft_elsewhere.principle_set, carry_forward="on"),
        user=people["lead"],
    )
    assert codes(form, "carry_forward") == ["no_previous"]


@pytest.fixture
def draft_elsewhere(signed_off, people):
    """A 2026/27 draft of a second service, beside the signed-off one of the first."""
    service = ServiceFactory(partnership=signed_off.service.partnership, name="Reablement")
    return start(user=people["lead"], service=service, period="2026/27")


def test_start_carry_forward_ignores_a_later_or_other_set_assessment(signed_off, people, scotland):
    """Only an earlier assessment against the same set counts as a previous one."""
    lead = people["lead"]
    later = StartAssessmentForm(
        start_data(
            signed_off.service, signed_off.principle_set, period="2025/26", carry_forward="on"
        ),
        user=lead,
    )
    other_set = StartAssessmentForm(
        start_data(signed_off.service, scotland, period="2027/28", carry_forward="on"), user=lead
    )
    assert codes(later, "carry_forward") == ["no_previous"]
    assert codes(other_set, "carry_forward") == ["no_previous"]


def test_start_carry_forward_accepted_after_an_earlier_signed_off_assessment(signed_off, people):
    """With an earlier signed-off assessment of the service against the set, carry forward
    is valid."""
    form = StartAssessmentForm(
        start_data(signed_off.service, signed_off.principle_set, carry_forward="on"),
        user=people["lead"],
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["carry_forward"] is True


def test_start_names_the_assessment_carry_forward_copies(signed_off, people):
    """The start page names each service's latest signed-off assessment, the one copied."""
    form = StartAssessmentForm(user=people["lead"])
    assert form.starting_points == [signed_off]


def test_start_carry_forward_finds_an_assessment_two_years_back(service, people):
    """A signed-off assessment two years earlier still counts as a previous one."""
    earlier = start(user=people["lead"], service=service, period="2025/26")
    complete(user=people["lead"], assessment=earlier)
    submit(user=people["lead"], assessment=earlier)
    sign_off(user=people["approver"], assessment=earlier)
    form = StartAssessmentForm(
        start_data(service, service.partnership.default_principle_set, carry_forward="on"),
        user=people["lead"],
    )
    assert form.is_valid(), form.errors


def test_start_offers_only_services_where_the_user_is_a_lead(
    service, people, partnership, national_voices
):
    """A service of a partnership where the user is only a contributor is not a valid choice."""
    lead = people["lead"]
    elsewhere = ServiceFactory(name="Reablement")
    member(elsewhere.partnership, Role.CONTRIBUTOR, username=lead.username)
    form = StartAssessmentForm(start_data(elsewhere, national_voices), user=lead)
    assert not form.is_valid()
    assert codes(form, "service") == ["invalid_choice"]
    assert list(form.fields["service"].queryset) == [service]


@pytest.mark.parametrize("role", [Role.CONTRIBUTOR, Role.APPROVER, Role.VIEWER])
def test_start_offers_no_services_to_non_leads(service, people, national_voices, role):
    """Someone who is not a lead anywhere cannot choose any service."""
    form = StartAssessmentForm(start_data(service, national_voices), user=people[role])
    assert not form.is_valid()
    assert codes(form, "service") == ["invalid_choice"]


def test_start_refuses_an_unknown_principle_set(service, people):
    """A principle set that does not exist is invalid_choice."""
    form = StartAssessmentForm(start_data(service, PrincipleSet(pk=999_999)), user=people["lead"])
    assert not form.is_valid()
    assert codes(form, "principle_set") == ["invalid_choice"]


def test_start_title_is_at_most_200_characters(service, people, national_voices):
    """A 201-character title is max_length, with a GOV.UK message."""
    form = StartAssessmentForm(
        start_data(service, national_voices, title="x" * 201), user=people["lead"]
    )
    assert not form.is_valid()
    assert codes(form, "title") == ["max_length"]
    assert first(form, "title").message == "Title must be 200 characters or fewer"


def test_start_valid_data_cleans_to_model_instances(service, people, national_voices):
    """Valid data cleans to the Service and PrincipleSet themselves, with carry forward off."""
    form = StartAssessmentForm(
        start_data(service, national_voices, period=" 2027/28 "), user=people["lead"]
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["service"] == service
    assert isinstance(form.cleaned_data["principle_set"], PrincipleSet)
    assert form.cleaned_data["principle_set"] == national_voices
    assert form.cleaned_data["period"] == "2027/28"
    assert form.cleaned_data["carry_forward"] is False
