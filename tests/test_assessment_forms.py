"""The assessment forms on their own: error codes, GOV.UK messages and cleaned values."""

import datetime

import pytest
from django.utils import timezone

from assessments.forms import (
    ActionForm,
    ActionFormSet,
    RatingForm,
    ReturnForm,
    SignOffForm,
    StartAssessmentForm,
    WeightsForm,
)
from assessments.forms.rating import NOT_APPLICABLE
from assessments.models import Role
from assessments.selectors import ratings_for_assessment
from principles.models import PrincipleSet
from tests.factories import RatingScaleFactory, ServiceFactory, member
from tests.workflow import start

pytestmark = pytest.mark.django_db


def codes(form, field) -> list[str]:
    """The error codes on one field, in order ("__all__" for errors not tied to a field)."""
    return [error.code for error in form.errors.as_data().get(field, [])]


def first(form, field):
    """The first ValidationError on one field."""
    return form.errors.as_data()[field][0]


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


def test_start_normalises_a_hyphenated_year(service, people, national_voices):
    """ "2026-27" is accepted and saved as "2026/27"."""
    form = StartAssessmentForm(
        start_data(service, national_voices, period="2026-27"), user=people["lead"]
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["period"] == "2026/27"


def test_start_accepts_a_year_across_a_century(service, people, national_voices):
    """2099/00 is two consecutive years."""
    form = StartAssessmentForm(
        start_data(service, national_voices, period="2099/00"), user=people["lead"]
    )
    assert form.is_valid(), form.errors


def test_start_normalises_a_year_typed_with_spaces(service, people, national_voices):
    """ "2026 / 27" is accepted and saved as "2026/27"."""
    form = StartAssessmentForm(
        start_data(service, national_voices, period="2026 / 27"), user=people["lead"]
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["period"] == "2026/27"


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


def test_start_carry_forward_needs_an_earlier_assessment(service, people, national_voices):
    """Ticking carry forward with no earlier assessment of the service is no_previous."""
    form = StartAssessmentForm(
        start_data(service, national_voices, carry_forward="on"), user=people["lead"]
    )
    assert not form.is_valid()
    assert codes(form, "carry_forward") == ["no_previous"]
    assert first(form, "carry_forward").message == (
        "There is no earlier assessment of this service against these principles to start from"
    )


def test_start_carry_forward_ignores_a_later_or_other_set_assessment(draft, people, scotland):
    """Only an earlier assessment against the same set counts as a previous one."""
    lead = people["lead"]
    later = StartAssessmentForm(
        start_data(draft.service, draft.principle_set, period="2025/26", carry_forward="on"),
        user=lead,
    )
    other_set = StartAssessmentForm(
        start_data(draft.service, scotland, period="2027/28", carry_forward="on"), user=lead
    )
    assert codes(later, "carry_forward") == ["no_previous"]
    assert codes(other_set, "carry_forward") == ["no_previous"]


def test_start_carry_forward_accepted_after_an_earlier_assessment(draft, people):
    """With an earlier assessment of the service against the set, carry forward is valid."""
    form = StartAssessmentForm(
        start_data(draft.service, draft.principle_set, carry_forward="on"), user=people["lead"]
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["carry_forward"] is True


def test_start_carry_forward_finds_an_assessment_two_years_back(service, people):
    """An assessment two years earlier still counts as a previous one."""
    start(service, people["lead"], period="2025/26")
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


# RatingForm ------------------------------------------------------------------------------


@pytest.fixture
def levels(draft):
    return list(draft.rating_scale.levels.order_by("value"))


def rating_form(levels, *, complete, **data) -> RatingForm:
    return RatingForm({"version": "1", **data}, levels=levels, complete=complete)


def test_rating_complete_needs_an_answer(levels):
    """Saving and continuing with nothing chosen asks for a rating or not applicable."""
    form = rating_form(levels, complete=True)
    assert not form.is_valid()
    assert codes(form, "answer") == ["required"]
    assert first(form, "answer").message == "Select a rating, or select not applicable"
    assert codes(form, "evidence") == []


def test_rating_complete_needs_evidence_for_a_rating(levels):
    """A rating without evidence asks for evidence."""
    form = rating_form(levels, complete=True, answer=str(levels[2].pk), evidence="   ")
    assert not form.is_valid()
    assert codes(form, "evidence") == ["required"]
    assert first(form, "evidence").message == "Enter evidence for this rating"
    assert codes(form, "answer") == []


def test_rating_complete_needs_a_reason_for_not_applicable(levels):
    """Not applicable without a reason asks why; evidence is then optional."""
    form = rating_form(levels, complete=True, answer=NOT_APPLICABLE)
    assert not form.is_valid()
    assert codes(form, "not_applicable_reason") == ["required"]
    assert first(form, "not_applicable_reason").message == (
        "Enter why this principle is not applicable"
    )
    assert codes(form, "evidence") == []


def test_rating_complete_with_a_rating_and_evidence_is_valid(levels):
    """A rating with evidence is complete; level_id is the chosen level."""
    form = rating_form(levels, complete=True, answer=str(levels[3].pk), evidence="Audit 2026")
    assert form.is_valid(), form.errors
    assert form.level_id == levels[3].pk
    assert form.not_applicable is False


def test_rating_not_applicable_properties(levels):
    """Not applicable with a reason is complete, with no level."""
    form = rating_form(
        levels, complete=True, answer=NOT_APPLICABLE, not_applicable_reason="No children seen"
    )
    assert form.is_valid(), form.errors
    assert form.not_applicable is True
    assert form.level_id is None


@pytest.mark.parametrize("complete", [True, False])
def test_rating_refuses_an_answer_that_is_not_offered(levels, complete):
    """An answer that is not a level of this scale, nor not applicable, is invalid_choice."""
    other_scale_level = RatingScaleFactory().levels.first()
    for answer in ("999999", str(other_scale_level.pk), "n/a"):
        form = rating_form(levels, complete=complete, answer=answer, evidence="Audit")
        assert not form.is_valid()
        assert codes(form, "answer") == ["invalid_choice"], answer
        assert first(form, "answer").message == "Select a rating, or select not applicable"


@pytest.mark.parametrize("complete", [True, False])
def test_rating_evidence_is_at_most_5000_characters(levels, complete):
    """Evidence over 5,000 characters is max_length, in draft or complete."""
    form = rating_form(levels, complete=complete, evidence="x" * 5001)
    assert not form.is_valid()
    assert codes(form, "evidence")[0] == "max_length"
    assert first(form, "evidence").message == "Evidence must be 5,000 characters or fewer"
    assert (
        rating_form(levels, complete=complete, evidence="x" * 5000).errors.get("evidence") is None
    )


@pytest.mark.parametrize(
    "answer, field, limit",
    [("level", "evidence", 5000), (NOT_APPLICABLE, "not_applicable_reason", 1000)],
)
def test_rating_too_long_text_reports_only_its_length(levels, answer, field, limit):
    """Too-long evidence or reason on a complete save reports max_length alone."""
    answer = str(levels[0].pk) if answer == "level" else answer
    form = rating_form(levels, complete=True, answer=answer, **{field: "x" * (limit + 1)})
    assert not form.is_valid()
    assert codes(form, field) == ["max_length"]


def test_rating_reason_is_at_most_1000_characters(levels):
    """A not-applicable reason over 1,000 characters is max_length, even in a draft."""
    form = rating_form(
        levels, complete=False, answer=NOT_APPLICABLE, not_applicable_reason="x" * 1001
    )
    assert codes(form, "not_applicable_reason") == ["max_length"]
    assert first(form, "not_applicable_reason").message == (
        "Reason must be 1,000 characters or fewer"
    )


@pytest.mark.parametrize(
    "data",
    [
        {"evidence": "Some notes so far"},
        {},
        {"answer": NOT_APPLICABLE},
    ],
)
def test_rating_draft_accepts_partial_answers(levels, data):
    """Saving as draft keeps partial answers: no answer, no evidence or no reason is fine."""
    form = rating_form(levels, complete=False, **data)
    assert form.is_valid(), form.errors
    assert form.level_id is None
    assert form.cleaned_data["evidence"] == data.get("evidence", "")


def test_rating_draft_accepts_a_rating_without_evidence(levels):
    """A draft can hold a rating with no evidence yet."""
    form = rating_form(levels, complete=False, answer=str(levels[0].pk))
    assert form.is_valid(), form.errors
    assert form.level_id == levels[0].pk
    assert form.not_applicable is False


@pytest.mark.parametrize("version, code", [("", "required"), ("0", "min_value"), ("x", "invalid")])
def test_rating_needs_the_version_it_was_opened_at(levels, version, code):
    """The hidden version is required and a positive whole number."""
    form = RatingForm({"version": version, "evidence": "Notes"}, levels=levels, complete=False)
    assert codes(form, "version") == [code]


# ActionForm and ActionFormSet ------------------------------------------------------------


def action_data(index=0, **fields) -> dict:
    """What the browser posts for one action form: blank boxes and the default status."""
    values = {
        "description": "",
        "owner": "",
        "due_date_0": "",
        "due_date_1": "",
        "due_date_2": "",
        "status": "proposed",
        **fields,
    }
    return {f"actions-{index}-{name}": value for name, value in values.items()}


def formset_data(*forms, initial=0) -> dict:
    data = {
        "actions-TOTAL_FORMS": str(len(forms)),
        "actions-INITIAL_FORMS": str(initial),
        "actions-MIN_NUM_FORMS": "0",
        "actions-MAX_NUM_FORMS": "1000",
    }
    for form in forms:
        data.update(form)
    return data


FULL_ACTION = {
    "description": "Agree a discharge checklist",
    "owner": "Discharge team manager",
    "due_date_0": "31",
    "due_date_1": "3",
    "due_date_2": "2027",
    "status": "agreed",
}


# What the principle page gives the formset as initial for a saved action.
EXISTING_ACTION = {
    "id": 7,
    "description": "Agree a discharge checklist",
    "owner": "Discharge team manager",
    "due_date": datetime.date(2027, 3, 31),
    "status": "agreed",
}


def action_form(**fields) -> ActionForm:
    return ActionForm(action_data(**{**FULL_ACTION, **fields}), prefix="actions-0")


def test_untouched_blank_action_is_valid_and_ignored():
    """The blank extra action, left as offered, is valid and not treated as a change."""
    formset = ActionFormSet(formset_data(action_data()), prefix="actions")
    assert formset.is_valid(), formset.errors
    assert not formset.forms[0].has_changed()
    assert formset.forms[0].cleaned_data == {}


def test_complete_action_cleans_to_values():
    """A filled-in action cleans to its text, a date and a status."""
    formset = ActionFormSet(formset_data(action_data(**FULL_ACTION)), prefix="actions")
    assert formset.is_valid(), formset.errors
    cleaned = formset.forms[0].cleaned_data
    assert cleaned["description"] == "Agree a discharge checklist"
    assert cleaned["due_date"] == datetime.date(2027, 3, 31)
    assert cleaned["status"] == "agreed"
    assert cleaned["id"] is None


@pytest.mark.parametrize(
    "typed, missing",
    [
        ({"description": "Agree a discharge checklist"}, ["owner", "due_date"]),
        ({"owner": "Team manager"}, ["description", "due_date"]),
        ({"due_date_0": "1", "due_date_1": "4", "due_date_2": "2027"}, ["description", "owner"]),
    ],
)
def test_half_filled_action_needs_every_answer(typed, missing):
    """An action with some answers must have a description, an owner and a due date."""
    formset = ActionFormSet(formset_data(action_data(**typed)), prefix="actions")
    assert not formset.is_valid()
    errors = formset.forms[0].errors.as_data()
    assert sorted(errors) == sorted(missing)
    assert all(errors[name][0].code == "required" for name in missing)
    messages = {name: errors[name][0].message for name in missing}
    expected = {
        "description": "Enter what will be done",
        "owner": "Enter who owns the action",
        "due_date": "Enter the date the action is due",
    }
    assert messages == {name: expected[name] for name in missing}


def test_new_action_with_only_its_status_changed_is_ignored():
    """Choosing a status on the blank action, with nothing typed, does not add an action."""
    formset = ActionFormSet(formset_data(action_data(status="agreed")), prefix="actions")
    assert formset.is_valid(), formset.errors
    assert not formset.forms[0].has_changed()


def test_existing_action_with_its_status_changed_is_a_change():
    """Changing only the status of an existing action counts as a change."""
    initial = EXISTING_ACTION
    posted = action_data(0, id="7", **{**FULL_ACTION, "status": "completed"})
    formset = ActionFormSet(
        formset_data(posted, action_data(1), initial=1), prefix="actions", initial=[initial]
    )
    assert formset.is_valid(), formset.errors
    assert formset.forms[0].changed_data == ["status"]
    assert formset.forms[0].has_changed()
    assert not formset.forms[1].has_changed()


@pytest.mark.parametrize(
    "day, month, year, code, message",
    [
        ("31", "", "2027", "incomplete", "Due date must include a month"),
        ("", "", "2027", "incomplete", "Due date must include a day and month"),
        ("31", "2", "2027", "invalid", "Due date must be a real date"),
        ("x", "3", "2027", "invalid", "Due date must be a real date"),
        ("1", "13", "2027", "invalid", "Due date must be a real date"),
        ("1", "4", "1999", "year_out_of_range", "Due date must be between the years 2000 and 2100"),
        ("1", "4", "2101", "year_out_of_range", "Due date must be between the years 2000 and 2100"),
    ],
)
def test_due_date_errors_name_the_problem(day, month, year, code, message):
    """A due date that is incomplete, not a real date or out of range has its own code."""
    form = action_form(due_date_0=day, due_date_1=month, due_date_2=year)
    assert not form.is_valid()
    assert codes(form, "due_date") == [code]
    assert first(form, "due_date").message == message
    assert message.startswith("Due date must")


def test_due_date_accepts_spaces_and_leading_zeros():
    """ " 01 ", "04" and "2027" make 1 April 2027."""
    form = action_form(due_date_0=" 01 ", due_date_1="04", due_date_2="2027")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["due_date"] == datetime.date(2027, 4, 1)


def test_action_description_is_at_most_1000_characters():
    """A description over 1,000 characters is max_length."""
    form = action_form(description="x" * 1001)
    assert codes(form, "description") == ["max_length"]
    assert first(form, "description").message == "Action must be 1,000 characters or fewer"


def test_action_owner_is_at_most_200_characters():
    """An owner over 200 characters is max_length."""
    form = action_form(owner="x" * 201)
    assert codes(form, "owner") == ["max_length"]
    assert first(form, "owner").message == "Owner must be 200 characters or fewer"


def test_action_status_must_be_offered():
    """A status that is not on the list is invalid_choice."""
    form = action_form(status="abandoned")
    assert codes(form, "status") == ["invalid_choice"]
    assert first(form, "status").message == "Select the status of the action"


def test_removed_action_is_not_validated():
    """An existing action ticked for removal is valid even with its boxes cleared."""
    data = formset_data(
        {**action_data(0, id="7", DELETE="on")},
        action_data(1),
        initial=1,
    )
    formset = ActionFormSet(data, prefix="actions", initial=[EXISTING_ACTION])
    assert formset.is_valid(), formset.errors
    assert formset.forms[0].cleaned_data["DELETE"] is True


def test_extra_action_cannot_be_removed():
    """The blank extra form has no remove box; existing actions do."""
    formset = ActionFormSet(prefix="actions", initial=[{"id": 7}])
    assert "DELETE" in formset.forms[0].fields
    assert "DELETE" not in formset.forms[1].fields


def test_at_most_50_actions():
    """More than 50 actions on one principle is refused."""
    forms = [action_data(i, **FULL_ACTION) for i in range(51)]
    formset = ActionFormSet(formset_data(*forms), prefix="actions")
    assert not formset.is_valid()
    assert [e.code for e in formset.non_form_errors().as_data()] == ["too_many_forms"]


# WeightsForm -----------------------------------------------------------------------------


@pytest.fixture
def ratings(draft):
    return ratings_for_assessment(draft)


def weights_data(ratings, **changes) -> dict:
    """Every weight at its default, with ``changes`` keyed weight_<n>/reason_<n> by position."""
    data = {"version": "1"}
    for rating in ratings:
        data[f"weight_{rating.pk}"] = str(rating.principle.default_weight)
        data[f"reason_{rating.pk}"] = ""
    for key, value in changes.items():
        name, position = key.rsplit("_", 1)
        data[f"{name}_{ratings[int(position)].pk}"] = value
    return data


def test_default_weights_need_no_reason(ratings):
    """Leaving every weight at its default is valid with no reasons."""
    form = WeightsForm(weights_data(ratings), ratings=ratings)
    assert form.is_valid(), form.errors
    assert form.weights() == {r.pk: (r.principle.default_weight, "") for r in ratings}


@pytest.mark.parametrize(
    "value, code, message",
    [
        ("-1", "min_value", "Weight for NV-01 must be 0 or more"),
        ("11", "max_value", "Weight for NV-01 must be 10 or less"),
        ("2.5", "invalid", "Weight for NV-01 must be a whole number from 0 to 10"),
        ("high", "invalid", "Weight for NV-01 must be a whole number from 0 to 10"),
        ("", "required", "Enter a weight for NV-01, from 0 to 10"),
    ],
)
def test_weight_must_be_a_whole_number_from_0_to_10(ratings, value, code, message):
    """A weight outside 0 to 10, or not a whole number, names the principle."""
    form = WeightsForm(weights_data(ratings, weight_0=value, reason_0="Why"), ratings=ratings)
    assert not form.is_valid()
    field = f"weight_{ratings[0].pk}"
    assert codes(form, field) == [code]
    assert first(form, field).message == message


def test_changed_weight_needs_a_reason(ratings):
    """A weight that differs from the default without a reason is reason_required."""
    form = WeightsForm(weights_data(ratings, weight_1="3", reason_1="  "), ratings=ratings)
    assert not form.is_valid()
    field = f"reason_{ratings[1].pk}"
    assert codes(form, field) == ["reason_required"]
    assert first(form, field).message == "Enter why the weight for NV-02 differs from its default"
    assert list(form.errors) == [field]


def test_all_weights_zero_is_refused(ratings):
    """Every weight at 0 (each with a reason) is the non-field error all_zero."""
    changes = {}
    for position in range(len(ratings)):
        changes[f"weight_{position}"] = "0"
        changes[f"reason_{position}"] = "Not a priority"
    form = WeightsForm(weights_data(ratings, **changes), ratings=ratings)
    assert not form.is_valid()
    assert codes(form, "__all__") == ["all_zero"]
    assert form.non_field_errors() == ["Give at least one principle a weight above 0"]


def test_one_weight_above_zero_is_enough(ratings):
    """All but one weight at 0 is valid."""
    changes = {}
    for position in range(1, len(ratings)):
        changes[f"weight_{position}"] = "0"
        changes[f"reason_{position}"] = "Not a priority"
    form = WeightsForm(weights_data(ratings, **changes), ratings=ratings)
    assert form.is_valid(), form.errors


def test_weights_returns_weight_and_reason_by_rating(ratings):
    """weights() maps every rating's pk to its (weight, reason)."""
    form = WeightsForm(
        weights_data(
            ratings,
            weight_0="5",
            reason_0="Our board's priority",
            weight_2="0",
            reason_2="Covered elsewhere",
        ),
        ratings=ratings,
    )
    assert form.is_valid(), form.errors
    weights = form.weights()
    assert set(weights) == {r.pk for r in ratings}
    assert weights[ratings[0].pk] == (5, "Our board's priority")
    assert weights[ratings[1].pk] == (1, "")
    assert weights[ratings[2].pk] == (0, "Covered elsewhere")


def test_weight_reason_is_at_most_1000_characters(ratings):
    """A reason over 1,000 characters is max_length."""
    form = WeightsForm(weights_data(ratings, weight_0="2", reason_0="x" * 1001), ratings=ratings)
    field = f"reason_{ratings[0].pk}"
    assert codes(form, field)[0] == "max_length"
    assert first(form, field).message == "Reason must be 1,000 characters or fewer"


# ReturnForm and SignOffForm --------------------------------------------------------------


def test_return_needs_a_comment():
    """Returning for changes without a comment is required."""
    form = ReturnForm({"comment": "  ", "version": "2"})
    assert not form.is_valid()
    assert codes(form, "comment") == ["required"]
    assert first(form, "comment").message == "Enter what needs to change"


def test_return_comment_is_at_most_2000_characters():
    """A comment over 2,000 characters is max_length; 2,000 is fine."""
    form = ReturnForm({"comment": "x" * 2001, "version": "2"})
    assert codes(form, "comment") == ["max_length"]
    assert first(form, "comment").message == "Comment must be 2,000 characters or fewer"
    assert ReturnForm({"comment": "x" * 2000, "version": "2"}).is_valid()


def sign_off_data(**overrides) -> dict:
    data = {
        "body": "Riverside Health and Wellbeing Board",
        "decision": "approved",
        "decision_date_0": "4",
        "decision_date_1": "3",
        "decision_date_2": "2026",
        "minute_reference": "HWB 2026/14",
        "version": "3",
    }
    return {**data, **overrides}


def test_sign_off_requires_every_answer():
    """An empty sign-off form reports required on body, decision, date and minute."""
    form = SignOffForm({"version": "3"})
    assert not form.is_valid()
    expected = {
        "body": "Enter the board or committee that made the decision",
        "decision": "Select the decision",
        "decision_date": "Enter the date of the meeting",
        "minute_reference": "Enter the minute reference",
    }
    for field, message in expected.items():
        assert codes(form, field) == ["required"], field
        assert first(form, field).message == message


def test_sign_off_valid_data_cleans_to_values():
    """A complete sign-off cleans to its decision and the meeting date."""
    form = SignOffForm(sign_off_data())
    assert form.is_valid(), form.errors
    assert form.cleaned_data["decision"] == "approved"
    assert form.cleaned_data["decision_date"] == datetime.date(2026, 3, 4)


def test_sign_off_meeting_cannot_be_in_the_future():
    """A meeting date after today is future_date; today is allowed."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    today = timezone.localdate()

    def dated(day):
        return SignOffForm(
            sign_off_data(
                decision_date_0=str(day.day),
                decision_date_1=str(day.month),
                decision_date_2=str(day.year),
            )
        )

    form = dated(tomorrow)
    assert not form.is_valid()
    assert codes(form, "decision_date") == ["future_date"]
    assert (
        first(form, "decision_date").message == "Date of the meeting must be today or in the past"
    )
    assert dated(today).is_valid()


def test_sign_off_date_errors_name_the_meeting():
    """A meeting date that is not real says "Date of the meeting must be a real date"."""
    form = SignOffForm(sign_off_data(decision_date_0="30", decision_date_1="2"))
    assert codes(form, "decision_date") == ["invalid"]
    assert first(form, "decision_date").message == "Date of the meeting must be a real date"


def test_sign_off_decision_must_be_offered():
    """A decision that is not on the list is invalid_choice."""
    form = SignOffForm(sign_off_data(decision="rejected"))
    assert codes(form, "decision") == ["invalid_choice"]
    assert first(form, "decision").message == "Select the decision"


@pytest.mark.parametrize(
    "field, limit, message",
    [
        ("body", 200, "Board or committee must be 200 characters or fewer"),
        ("minute_reference", 100, "Minute reference must be 100 characters or fewer"),
    ],
)
def test_sign_off_text_lengths(field, limit, message):
    """Body and minute reference over their limits are max_length."""
    form = SignOffForm(sign_off_data(**{field: "x" * (limit + 1)}))
    assert codes(form, field) == ["max_length"]
    assert first(form, field).message == message


def test_due_date_with_enormous_numbers_is_invalid_not_an_error():
    """Digits too long for any date give "must be a real date", not a server error."""
    from assessments.forms import ActionForm

    form = ActionForm(
        {
            "description": "Do it",
            "owner": "Team",
            "due_date_0": "9" * 40,
            "due_date_1": "9" * 40,
            "due_date_2": "2027",
            "status": "proposed",
        }
    )
    assert form.errors.as_data()["due_date"][0].code == "invalid"


def test_action_formset_ignores_a_tampered_form_count():
    """A huge forms count is capped, so a tampered request cannot build thousands of forms."""
    from assessments.forms import ActionFormSet

    formset = ActionFormSet(
        {
            "actions-TOTAL_FORMS": "100000",
            "actions-INITIAL_FORMS": "0",
            "actions-MIN_NUM_FORMS": "0",
            "actions-MAX_NUM_FORMS": "50",
        },
        prefix="actions",
    )
    assert len(formset.forms) <= 51
    assert not formset.is_valid()
