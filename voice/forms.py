"""Forms of the feedback form (public) and of managing a round (members).

Errors carry codes; ``services`` enforces the same rules for every caller.
"""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.utils import timezone
from django.utils.html import format_html

from assessments.forms.fields import GovukDateField, VersionField
from integrated_care.form_helper import FormHelper

from .models import COMMENT_MAX_LENGTH, Agreement, AnsweringAs
from .services import AnswerInput, closing_date_problem, new_submission_key

ANSWER_REQUIRED = "Select an answer for sentence {number}"
ASSISTED_COMMENT_HINT = "Do not write the person's name or anyone else's name."
COMMENT_TOO_LONG = (
    f"Your comment on sentence {{number}} must be {COMMENT_MAX_LENGTH:,} characters or fewer"
)


def agreement_choices() -> list[Choice]:
    choices = [Choice(value, label) for value, label in Agreement.choices]
    choices[-2].divider = "or"  # before "Does not apply to me"
    return choices


class HoneypotMixin:
    """A field people never see (hidden by our stylesheet) that form-filling robots fill in.

    A form with it filled in is not an error to show: the view quietly stores nothing.
    The template draws it with ``voice/_honeypot.html``.
    """

    def add_honeypot(self) -> None:
        self.fields["website"] = forms.CharField(required=False, max_length=200)

    @property
    def is_robot(self) -> bool:
        return robot_posted(self.data)


def robot_posted(data) -> bool:
    """Whether the hidden field (``HoneypotMixin``) came back filled in: a robot posted."""
    return bool((data.get("website") or "").strip())


def answering_as_field(
    *, label: str, choices: list[tuple[str, str]], error: str
) -> forms.ChoiceField:
    """The "who" question; ``error`` asks it again in its own words, as GOV.UK's do."""
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": error, "invalid_choice": error},
    )


class AnsweringAsForm(HoneypotMixin, forms.Form):
    """The first question of the public form; its legend is the page's heading."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answering_as"] = answering_as_field(
            label="Who is answering?",
            choices=[
                (AnsweringAs.PERSON, "I use the service"),
                (AnsweringAs.CARER, "I am a carer for someone who uses the service"),
                (AnsweringAs.OTHER, "Someone else"),
            ],
            error="Select who is answering",
        )
        self.add_honeypot()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.radios("answering_as", legend_size=Size.LARGE, legend_tag="h1")
        )


class StatementsForm(HoneypotMixin, forms.Form):
    """How much the person agrees with each statement, and an optional comment on each.

    ``principles`` are the page's statements; ``first_number`` numbers them across pages.
    """

    def __init__(self, *args, principles, first_number: int = 1, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_honeypot()
        self.principles = principles
        self.numbers = {p.pk: first_number + i for i, p in enumerate(principles)}
        layout = []
        for principle in principles:
            number = self.numbers[principle.pk]
            self.fields[f"answer_{principle.pk}"] = forms.ChoiceField(
                label=format_html("{}. {}", number, principle.feedback_statement),
                choices=agreement_choices(),
                widget=forms.RadioSelect,
                error_messages={
                    "required": ANSWER_REQUIRED.format(number=number),
                    "invalid_choice": ANSWER_REQUIRED.format(number=number),
                },
            )
            self.fields[f"comment_{principle.pk}"] = forms.CharField(
                label=format_html(
                    'Tell us more<span class="govuk-visually-hidden"> about sentence {}</span>'
                    " (optional)",
                    number,
                ),
                help_text="Do not write your name or anyone else's name.",
                required=False,
                max_length=COMMENT_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={"max_length": COMMENT_TOO_LONG.format(number=number)},
            )
            layout += [
                Field.radios(
                    f"answer_{principle.pk}",
                    legend_size=Size.MEDIUM,
                    legend_tag="h2",
                    small=True,
                ),
                Field.textarea(
                    f"comment_{principle.pk}", rows=3, max_characters=COMMENT_MAX_LENGTH
                ),
            ]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(*layout)

    def answers(self) -> dict[str, dict[str, str]]:
        """The page's answers as the session keeps them: {principle id: {answer, comment}}."""
        return {
            str(p.pk): {
                "answer": self.cleaned_data[f"answer_{p.pk}"],
                "comment": self.cleaned_data[f"comment_{p.pk}"],
            }
            for p in self.principles
        }

    @staticmethod
    def initial_from(principles, saved: dict) -> dict:
        initial = {}
        for principle in principles:
            answer = saved.get(str(principle.pk))
            if answer:
                initial[f"answer_{principle.pk}"] = answer.get("answer", "")
                initial[f"comment_{principle.pk}"] = answer.get("comment", "")
        return initial


def answer_inputs(saved: dict) -> list[AnswerInput]:
    """What the session kept, as the service takes it (it checks everything again)."""
    inputs = []
    for key, answer in saved.items():
        if not isinstance(answer, dict) or not (str(key).isascii() and str(key).isdigit()):
            continue
        inputs.append(
            AnswerInput(
                principle_id=int(key),
                answer=str(answer.get("answer", "")),
                comment=str(answer.get("comment", "")),
            )
        )
    return inputs


# Only a tampered or broken page sends a key that cannot be kept (a null character): the
# user cannot see the field, so the message says what they can do, as a bad version's does.
SUBMISSION_KEY_REFUSED = (
    "This page was out of date, so their answers were not saved. Check them and save again"
)


class SubmissionKeyField(forms.CharField):
    """A page's one-time key: a bad one is refused in words the user can act on, and the
    page is drawn again with a new key (the field's initial), not the bad one."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        refused = {"null_characters_not_allowed": SUBMISSION_KEY_REFUSED}
        super().__init__(required=False, error_messages=refused, **kwargs)

    def bound_data(self, data, initial):
        try:
            self.clean(data)
        except forms.ValidationError:
            return initial
        return data


class AssistedForm(StatementsForm):
    """A member enters one person's answers on their behalf, all on one page."""

    def __init__(self, *args, principles, **kwargs):
        super().__init__(*args, principles=principles, **kwargs)
        del self.fields["website"]  # members sign in: no robots to catch here
        self.fields["answering_as"] = answering_as_field(
            label="Who are you answering for?",
            choices=[
                (AnsweringAs.PERSON, "Someone who uses the service"),
                (AnsweringAs.CARER, "A carer for someone who uses the service"),
                (AnsweringAs.OTHER, "Someone else"),
            ],
            error="Select who you are answering for",
        )
        # The page's one-time key, so saving it twice (a double-click) stores one response.
        # The template draws it; not required, since a person cannot put right a hidden field.
        self.fields["submission_key"] = SubmissionKeyField(initial=new_submission_key())
        # A member types the comments, so the hint is about the person, not "your name".
        for principle in principles:
            self.fields[f"comment_{principle.pk}"].help_text = ASSISTED_COMMENT_HINT
        self.order_fields(["answering_as"])  # first on the page, so first in the error summary
        self.helper.layout = Layout(
            Field.radios("answering_as", legend_size=Size.MEDIUM, legend_tag="h2"),
            *self.helper.layout.fields,
        )


class RoundForm(forms.Form):
    """The closing date, when a lead opens, changes or reopens a round."""

    closes_on = GovukDateField(
        label="Closing date",
        help_text="The last day people can answer. For example, 31 1 2027",
        required_message="Enter the closing date",
    )
    # The round's version when the page was opened, 0 for a page opened before any round.
    version = VersionField(min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field("closes_on"), "version")

    def clean_closes_on(self):
        closes_on = self.cleaned_data["closes_on"]
        message, code = closing_date_problem(closes_on, today=timezone.localdate())
        if code:
            raise forms.ValidationError(message, code=code)
        return closes_on


class CloseForm(forms.Form):
    """Close the round now: only the version of the page the lead closed it from."""

    version = VersionField()
