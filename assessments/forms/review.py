"""Weights, submission, return for changes and sign-off."""

from crispy_forms.layout import LayoutObject
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.template.loader import get_template
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from integrated_care.form_helper import ONCE, FormHelper

from .. import rules
from ..default_weights import weights_refusal
from ..models import SignOffDecision
from .fields import GovukDateField, VersionField


class WeightRows(LayoutObject):
    """The fieldset of each principle on the weights form, written in Python.

    The markup crispy-forms-gds writes for a fieldset with a number field, a textarea and
    two hidden fields (``WeightsForm.rows`` gives the widgets the attributes crispy gives
    them, with ``CRISPY_CLASS_CONVERTERS``), without a template per field or per row: a
    page of 12 principles has 48 fields, and a template per field made the page several
    times dearer. The page is the same (tests/test_forms_review.py compares them).
    Another person's change, after a conflict, is drawn by its own template.
    """

    change_template = "assessments/_weight_change.html"

    def __init__(self):
        self.fields = []

    def render(self, form, context, template_pack=None, **kwargs):
        return self.draw(form.rows(), context)

    def draw(self, rows, context):
        """The fieldsets of ``rows`` (as ``WeightsForm.rows`` gives them)."""
        note = get_template(self.change_template).template
        html = []
        for row in rows:
            change = ""
            if row["change"]:
                with context.push(change=row["change"]):
                    change = note.render(context)
            weight, reason = row["weight"], row["reason"]
            html.append(
                format_html(
                    _ROW,
                    legend=row["legend"],
                    change=change,
                    weight_id=weight.auto_id,
                    weight_error=_ERROR_CLASS if weight.errors else "",
                    weight_label=weight.label,
                    weight_hint=weight.help_text,
                    weight_errors=_errors(weight),
                    weight_widget=row["weight_widget"],
                    reason_id=reason.auto_id,
                    reason_error=_ERROR_CLASS if reason.errors else "",
                    reason_label=reason.label,
                    reason_errors=_errors(reason),
                    reason_widget=row["reason_widget"],
                    # As text: a bound field's __html__ is its whole form group.
                    seen_weight=str(row["seen"][0]),
                    seen_reason=str(row["seen"][1]),
                )
            )
        return format_html_join("", "{}", ((part,) for part in html))


_ERROR_CLASS = " govuk-form-group--error"
# GOV.UK's input, 3 characters wide (10 and the browser's arrows); crispy-forms-gds gives
# number inputs this class only through CRISPY_CLASS_CONVERTERS (settings).
_WEIGHT_CLASS = "govuk-input govuk-input--width-3"
_WEIGHT_ERROR = " govuk-input--error"
_ROW = """
<fieldset class="govuk-fieldset">
<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
{change}<div id="div_{weight_id}" class="govuk-form-group{weight_error}">
<label for="{weight_id}" class="govuk-label">{weight_label}</label>
<div id="{weight_id}_hint" class="govuk-hint">{weight_hint}</div>
{weight_errors}{weight_widget}
</div>
<div id="div_{reason_id}" class="govuk-form-group{reason_error}">
<label for="{reason_id}" class="govuk-label">{reason_label}</label>
{reason_errors}{reason_widget}
</div>
{seen_weight}
{seen_reason}
</fieldset>
"""


def _errors(field) -> str:
    """A field's error messages, as the project's ``gds/layout/field_errors.html`` writes them."""
    return format_html_join(
        "\n",
        '<p id="{}_{}_error" class="govuk-error-message">'
        '<span class="govuk-visually-hidden">Error:</span> {}</p>',
        ((field.auto_id, n, error) for n, error in enumerate(field.errors, start=1)),
    )


class WeightsForm(forms.Form):
    """A weight (0 to 10) for each principle on the page, and a reason wherever it is not the
    default.

    A large set is weighted a page of principles at a time: ``ratings`` are the page's, and
    ``elsewhere`` the rest, whose saved weights count towards the rules about the whole set
    (at least one weight above 0, one on a principle that applies).
    """

    version = VersionField()

    def __init__(self, *args, ratings, elsewhere=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.ratings = ratings
        self.elsewhere = elsewhere
        for rating in ratings:
            self.fields[f"weight_{rating.pk}"] = forms.IntegerField(
                # Text, not type="number" (GOV.UK's advice): a number box changes the value
                # as people scroll, and lets the browser refuse input in its own words.
                widget=forms.TextInput,
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
                error_messages={"max_length": rules.weight_reason_too_long(rating.code)},
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
        # Another person's saved change to each weight, by rating id as text (see
        # ``views.weights_conflict``); empty until a save is refused as a conflict.
        self.changes: dict[str, object] = {}
        self.helper = FormHelper()
        self.helper.layout = Layout(WeightRows(), "version", Button("save", "Save weights", **ONCE))

    def rows(self) -> list[dict]:
        """Each principle's legend, another person's change, and its fields, with the
        weight and reason drawn as crispy-forms-gds draws ``Field.text(field_width=3,
        inputmode="numeric")`` and ``Field.textarea``: the hint and each error named by
        ``aria-describedby``, a textarea in error with its own class."""
        found = []
        for rating in self.ratings:
            weight, reason = self[f"weight_{rating.pk}"], self[f"reason_{rating.pk}"]
            weight_errors = [
                f"{weight.auto_id}_{n}_error" for n in range(1, len(weight.errors) + 1)
            ]
            reason_errors = [
                f"{reason.auto_id}_{n}_error" for n in range(1, len(reason.errors) + 1)
            ]
            reason_attrs = (
                {
                    "aria-describedby": " ".join(reason_errors),
                    "class": "govuk-textarea govuk-textarea--error",
                }
                if reason_errors
                else {"class": "govuk-textarea"}
            )
            found.append(
                {
                    "legend": f"{rating.code} {rating.short_title}",
                    "change": self.changes.get(str(rating.pk)),
                    "weight": weight,
                    "weight_widget": weight.as_widget(
                        attrs={
                            "class": _WEIGHT_CLASS + (_WEIGHT_ERROR if weight_errors else ""),
                            "inputmode": "numeric",
                            "aria-describedby": " ".join(
                                [f"{weight.auto_id}_hint", *weight_errors]
                            ),
                        }
                    ),
                    "reason": reason,
                    "reason_widget": reason.as_widget(attrs=reason_attrs),
                    "seen": (self[f"seen_weight_{rating.pk}"], self[f"seen_reason_{rating.pk}"]),
                }
            )
        return found

    def clean(self):
        cleaned = super().clean()
        weights = []
        for rating in self.ratings:
            weight = cleaned.get(f"weight_{rating.pk}")
            if weight is None:
                continue
            weights.append(weight)
            # A weight left as the page showed it, since changed by someone else (an admin's
            # new default, say), is the service's conflict to show, not a missing reason.
            seen = cleaned.get(f"seen_weight_{rating.pk}")
            overtaken = seen == str(weight) != str(rating.weight)
            if (
                weight != rating.principle.default_weight
                and not cleaned.get(f"reason_{rating.pk}")
                and not overtaken
            ):
                self.add_error(
                    f"reason_{rating.pk}",
                    forms.ValidationError(
                        rules.weight_reason_message(rating.code), code="reason_required"
                    ),
                )
        if len(weights) < len(self.ratings):
            return cleaned  # a weight in error: the rules about the whole set wait for it
        weights += [rating.weight for rating in self.elsewhere]
        every = [*self.ratings, *self.elsewhere]
        # The services' rule (``default_weights.weights_refusal``), so both say the same.
        if refusal := weights_refusal(
            zip(weights, map(rules.marked_not_applicable, every), strict=True)
        ):
            raise forms.ValidationError(refusal[0], code=refusal[1])
        return cleaned

    def weights(self) -> dict[int, tuple[int, str]]:
        return {
            r.pk: (self.cleaned_data[f"weight_{r.pk}"], self.cleaned_data[f"reason_{r.pk}"])
            for r in self.ratings
        }


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
            Button("return", "Return for changes", **ONCE),
        )


class SignOffForm(forms.Form):
    body = forms.CharField(
        label="Which board or committee made the decision?",
        help_text="As its minutes name it: the partnership's board or one of its committees",
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
            "required": "Select what the board or committee decided",
            "invalid_choice": "Select what the board or committee decided",
        },
    )
    decision_date = GovukDateField(
        label="Date of the meeting",
        help_text="For example, 27 3 2027",
        required_message=rules.DECISION_DATE.required,
    )
    minute_reference = forms.CharField(
        label="Minute reference",
        help_text="As the minutes number it, for example 2027/14",
        max_length=rules.MINUTE_REFERENCE.max_length,
        error_messages={
            "required": rules.MINUTE_REFERENCE.required,
            "max_length": rules.MINUTE_REFERENCE.too_long,
        },
    )
    version = VersionField()

    def __init__(self, *args, period: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.period = period  # the assessment's year, which the meeting cannot be before
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("body", label_size=Size.SMALL),
            Field.radios("decision", legend_size=Size.SMALL),
            Field("decision_date"),
            Field.text("minute_reference", field_width=20, label_size=Size.SMALL),
            "version",
            Button("sign_off", "Record sign-off", **ONCE),
        )

    def clean_decision_date(self):
        value = self.cleaned_data["decision_date"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(rules.DECISION_DATE.in_future, code="future_date")
        if value and self.period and (refusal := rules.decision_date_refusal(value, self.period)):
            raise forms.ValidationError(refusal[0], code=refusal[1])
        return value
