"""Weights, submission, return for changes and sign-off."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Button, Field, Fieldset, Layout, Size
from django import forms
from django.utils import timezone

from .. import rules
from ..models import SignOffDecision
from .fields import GovukDateField, VersionField

# Only the rating id is put into this template text, never anything typed.
CHANGE_NOTE = '{%% include "assessments/_weight_change.html" with change=form.changes.%d %%}'


class WeightsForm(forms.Form):
    """A weight (0 to 10) for every principle, and a reason wherever it is not the default."""

    version = VersionField()

    def __init__(self, *args, ratings, **kwargs):
        super().__init__(*args, **kwargs)
        self.ratings = ratings
        layout = []
        for rating in ratings:
            name = f"{rating.code} {rating.short_title}"
            self.fields[f"weight_{rating.pk}"] = forms.IntegerField(
                label="Weight",
                help_text=f"Default weight: {rating.principle.default_weight}",
                min_value=rules.WEIGHT_MIN,
                max_value=rules.WEIGHT_MAX,
                initial=rating.weight,
                error_messages={
                    "required": f"Enter a weight for {rating.code}, from 0 to 10",
                    "invalid": f"Weight for {rating.code} must be a whole number from 0 to 10",
                    "min_value": f"Weight for {rating.code} must be 0 or more",
                    "max_value": f"Weight for {rating.code} must be 10 or less",
                },
            )
            self.fields[f"reason_{rating.pk}"] = forms.CharField(
                label="Reason for changing the weight",
                required=False,
                max_length=rules.WEIGHT_REASON.max_length,
                initial=rating.weight_reason,
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={"max_length": rules.WEIGHT_REASON.too_long},
            )
            # What the page showed, sent back with it: after a conflict, a weight the user
            # left alone takes the saved value, and another person's change is shown.
            for seen, value in (
                ("seen_weight", rating.weight),
                ("seen_reason", rating.weight_reason),
            ):
                self.fields[f"{seen}_{rating.pk}"] = forms.CharField(
                    widget=forms.HiddenInput, required=False, strip=False, initial=value
                )
            layout.append(
                Fieldset(
                    HTML(CHANGE_NOTE % rating.pk),
                    Field.text(f"weight_{rating.pk}", field_width=2, inputmode="numeric"),
                    Field.textarea(f"reason_{rating.pk}", rows=2),
                    f"seen_weight_{rating.pk}",
                    f"seen_reason_{rating.pk}",
                    legend=name,
                    legend_size=Size.SMALL,
                )
            )
        # Another person's saved change to each weight, by rating id as text (see
        # ``views.weights_conflict``); empty until a save is refused as a conflict.
        self.changes: dict[str, object] = {}
        self.helper = FormHelper()
        self.helper.layout = Layout(*layout, "version", Button("save", "Save weights"))

    def clean(self):
        cleaned = super().clean()
        weights = []
        for rating in self.ratings:
            weight = cleaned.get(f"weight_{rating.pk}")
            if weight is None:
                continue
            weights.append(weight)
            if weight != rating.principle.default_weight and not cleaned.get(f"reason_{rating.pk}"):
                self.add_error(
                    f"reason_{rating.pk}",
                    forms.ValidationError(
                        rules.weight_reason_message(rating.code), code="reason_required"
                    ),
                )
        if len(weights) == len(self.ratings) and not any(weights):
            raise forms.ValidationError(
                "Give at least one principle a weight above 0", code="all_zero"
            )
        if len(weights) == len(self.ratings) and not rules.weight_applies(
            zip(weights, map(rules.marked_not_applicable, self.ratings), strict=True)
        ):
            raise forms.ValidationError(
                rules.NO_WEIGHT_APPLIES_MESSAGE, code="no_weight_applies"
            )
        return cleaned

    def weights(self) -> dict[int, tuple[int, str]]:
        return {
            r.pk: (self.cleaned_data[f"weight_{r.pk}"], self.cleaned_data[f"reason_{r.pk}"])
            for r in self.ratings
        }


class SubmitForm(forms.Form):
    version = VersionField()


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label="What needs to change?",
        help_text="The lead and contributors will see this when they open the assessment.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=rules.RETURN_COMMENT.max_length,
        error_messages={
            "required": rules.RETURN_COMMENT.required,
            "max_length": rules.RETURN_COMMENT.too_long,
        },
    )
    codes = forms.MultipleChoiceField(
        label="Which principles does it concern? (optional)",
        help_text="The comment is shown on each principle you select, as well as on the "
        "assessment.",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select principles from this assessment"},
    )
    version = VersionField()

    def __init__(self, *args, ratings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["codes"].choices = [
            (r.principle.code, f"{r.code} {r.short_title}") for r in ratings
        ]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.textarea(
                "comment",
                rows=5,
                max_characters=rules.RETURN_COMMENT.max_length,
                label_size=Size.MEDIUM,
            ),
            Field.checkboxes("codes", legend_size=Size.SMALL, small=True),
            "version",
            Button("return", "Return for changes"),
        )


class SignOffForm(forms.Form):
    body = forms.CharField(
        label="Which board or committee made the decision?",
        help_text="For example, Riverside Health and Wellbeing Board, or the IJB audit committee",
        max_length=rules.SIGNOFF_BODY.max_length,
        error_messages={
            "required": rules.SIGNOFF_BODY.required,
            "max_length": rules.SIGNOFF_BODY.too_long,
        },
    )
    decision = forms.ChoiceField(
        label="What did it decide?",
        choices=SignOffDecision.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the decision",
            "invalid_choice": "Select the decision",
        },
    )
    decision_date = GovukDateField(
        label="Date of the meeting",
        help_text="For example, 27 3 2027",
        required_message=rules.DECISION_DATE.required,
    )
    minute_reference = forms.CharField(
        label="Minute reference",
        help_text="For example, HWB 2027/14",
        max_length=rules.MINUTE_REFERENCE.max_length,
        error_messages={
            "required": rules.MINUTE_REFERENCE.required,
            "max_length": rules.MINUTE_REFERENCE.too_long,
        },
    )
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("body", label_size=Size.SMALL),
            Field.radios("decision", legend_size=Size.SMALL),
            Field("decision_date"),
            Field.text("minute_reference", field_width=20, label_size=Size.SMALL),
            "version",
            Button("sign_off", "Record sign-off"),
        )

    def clean_decision_date(self):
        value = self.cleaned_data["decision_date"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(rules.DECISION_DATE.in_future, code="future_date")
        return value
