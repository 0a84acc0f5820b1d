"""Rating a principle: the rating and action forms' error codes and messages."""

import datetime

import pytest

from assessments.forms import (
    ActionForm,
    ActionFormSet,
    RatingForm,
)
from assessments.forms.rating import NOT_APPLICABLE
from tests.factories import RatingScaleFactory
from tests.formtools import action_data, codes, first, formset_data

pytestmark = pytest.mark.django_db


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
        # Other scripts' digits (Arabic-Indic, superscript): 0 to 9 only, as the README says.
        ("\u0661", "\u0661", "\u0662\u0660\u0662\u0667", "invalid", "Due date must be a real date"),
        ("1", "4", "202\u00b2", "invalid", "Due date must be a real date"),
        ("+1", "4", "2027", "invalid", "Due date must be a real date"),
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
