"""Weights, return and sign-off forms: error codes and messages."""

import datetime
import re

import pytest
from django.utils import timezone

from assessments.forms import (
    ActionForm,
    ActionFormSet,
    ReturnForm,
    SignOffForm,
    WeightsForm,
)
from assessments.selectors import ratings_for_assessment
from tests.formtools import codes, first

pytestmark = pytest.mark.django_db


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


def _crispy_fieldsets(form) -> str:
    """The weights form as it was drawn before ``WeightRows``: a crispy-forms-gds fieldset
    per principle (number inputs get GOV.UK's class from the project's
    ``CRISPY_CLASS_CONVERTERS``, and its error modifier from the ``govuk_field`` tag)."""
    from crispy_forms.utils import render_crispy_form
    from crispy_forms_gds.layout import HTML, Button, Field, Fieldset, Layout, Size

    from integrated_care.form_helper import ONCE, FormHelper

    note = '{%% include "assessments/_weight_change.html" with change=form.changes.%d %%}'
    form.helper = FormHelper()
    form.helper.layout = Layout(
        *[
            Fieldset(
                HTML(note % r.pk),
                Field.text(f"weight_{r.pk}", field_width=3, inputmode="numeric"),
                Field.textarea(f"reason_{r.pk}", rows=2),
                f"seen_weight_{r.pk}",
                f"seen_reason_{r.pk}",
                legend=f"{r.code} {r.short_title}",
                legend_size=Size.SMALL,
            )
            for r in form.ratings
        ],
        "version",
        Button("save", "Save weights", **ONCE),
    )
    return render_crispy_form(form, context={"conflict": {"saved_by": "Sam"}})


def _normalised(html: str) -> str:
    html = re.sub(r"\s+", " ", html)
    return re.sub(r"\s*(<|>)\s*", r"\1", html.replace("<fieldset class", "<fieldset class"))


@pytest.mark.parametrize("data", ["unbound", "errors", "changes"])
def test_weight_rows_draw_what_crispy_fieldsets_drew(ratings, data):
    """The weights form's fieldsets in one template write the markup crispy-forms-gds wrote
    field by field: hints, errors, aria-describedby, GOV.UK input and error classes and
    change notes."""
    from crispy_forms.utils import render_crispy_form

    from assessments.views.weights_conflict import WeightChange

    def make():
        if data == "unbound":
            return WeightsForm(initial={"version": 1}, ratings=ratings)
        form = WeightsForm(
            weights_data(ratings, weight_0="x", weight_1="4", reason_3="<b>a</b>"),
            ratings=ratings,
        )
        form.is_valid()
        if data == "changes":
            change = WeightChange(
                weight=3, reason="Why", was_weight=1, was_reason="", kept_yours=True
            )
            form.changes = {str(ratings[1].pk): change}
        return form

    new = render_crispy_form(make(), context={"conflict": {"saved_by": "Sam"}})
    assert _normalised(new) == _normalised(_crispy_fieldsets(make()))
    assert new.count("<fieldset") == len(ratings)
    assert new.count('class="govuk-input govuk-input--width-3') == len(ratings)


def test_weight_reason_is_at_most_1000_characters(ratings):
    """A reason over 1,000 characters is max_length, in words naming the principle."""
    form = WeightsForm(weights_data(ratings, weight_0="2", reason_0="x" * 1001), ratings=ratings)
    field = f"reason_{ratings[0].pk}"
    assert codes(form, field)[0] == "max_length"
    assert first(form, field).message == (
        f"Reason for the {ratings[0].code} weight must be 1,000 characters or fewer"
    )


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
        "decision": "Select what the board or committee decided",
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
    assert first(form, "decision").message == "Select what the board or committee decided"


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


def test_sign_off_meeting_cannot_be_years_before_the_assessment():
    """1 1 2020 for 2026/27 is decision_date_before_period; December 2025 is allowed (a plan
    for the year, agreed before it starts)."""

    def dated(year, month=1):
        data = sign_off_data(
            decision_date_0="1", decision_date_1=str(month), decision_date_2=str(year)
        )
        return SignOffForm(data, period="2026/27")

    form = dated(2020)
    assert codes(form, "decision_date") == ["decision_date_before_period"]
    assert first(form, "decision_date").message == (
        "Date of the meeting must be in 2025 or later, for an assessment of 2026/27"
    )
    assert codes(dated(2024, 12), "decision_date") == ["decision_date_before_period"]
    assert dated(2025, 12).is_valid()
    assert dated(2026).is_valid()
