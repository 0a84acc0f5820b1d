"""Team scoring forms: raters, individual ratings, opening agreement, the agreed rating's note.

Limits and wording come from ``rules`` (and ``assessments.rules``), which the services
enforce for every caller; the forms show the same errors, with codes, on the page.
"""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from assessments import rules as assessment_rules
from assessments.forms import RatingForm
from assessments.forms.answer import LevelAnswerForm
from assessments.forms.fields import VersionField
from integrated_care.form_helper import FormHelper

from . import rules
from .spread import number


class RatersForm(forms.Form):
    """The lead picks raters among the partnership's contributors, leads and approvers."""

    users = forms.MultipleChoiceField(
        label="Who will rate this assessment?",
        help_text="Each person rates every principle privately. You can add more people later.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one person to rate",
            "invalid_choice": "Select people from this partnership",
        },
    )

    def __init__(self, *args, members, raters: dict[str, str] | None = None, **kwargs):
        """``members`` may be chosen; ``raters`` (user id as sent, to name) are raters already.

        Someone chosen who became a rater after the page was opened (in another tab, or by
        another lead) is no longer offered, but choosing them is no mistake: they are left
        out of what is checked and named in ``already``, so the page can say so.
        """
        super().__init__(*args, **kwargs)
        self.already: list[str] = []
        if self.is_bound and raters and hasattr(self.data, "getlist"):
            name = self.add_prefix("users")
            sent = self.data.getlist(name)
            self.already = [raters[pk] for pk in sent if pk in raters]
            data = self.data.copy()
            data.setlist(name, [pk for pk in sent if pk not in raters])
            self.data = data
        self.fields["users"].choices = [
            Choice(
                str(m.user_id),
                m.user.name or m.user.email,
                hint=f"{m.get_role_display()}, {m.user.email}",
            )
            for m in members
        ]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.checkboxes("users", legend_size=Size.MEDIUM, legend_tag="h2", small=True),
            Button("add", "Add raters"),
        )

    @property
    def sent_new(self) -> bool:
        """Whether anyone was chosen who is not a rater already."""
        return bool(self.is_bound and self.data.getlist(self.add_prefix("users")))

    @property
    def user_ids(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data["users"]]


class RemoveRaterForm(forms.Form):
    """The lead confirms removing a rater: nothing to type, but never the only rater."""

    def __init__(self, *args, rater_name: str, raters: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.rater_name = rater_name
        self.raters = raters

    def clean(self):
        cleaned = super().clean()
        if self.raters <= 1:
            raise forms.ValidationError(rules.last_rater(self.rater_name), code="last_rater")
        return cleaned


class IndividualRatingForm(LevelAnswerForm):
    """One rater's private rating of one principle: a level needs a rationale."""

    explained_by = "rationale"
    explanation_missing = "Enter why you chose this rating"
    not_applicable_hint = "You must say why."
    answer_label = "How well does the service meet this principle, in your view?"

    rationale = forms.CharField(
        label="Why this rating?",
        help_text=(
            "A sentence or two the team will read when it agrees the rating. Do not include "
            "personal information about people who use services."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=rules.RATIONALE.max_length,
        error_messages={"max_length": rules.RATIONALE.too_long},
    )
    version = VersionField()


class AgreedRatingForm(RatingForm):
    """The team's agreed rating in the agreement phase: the shared rating form, and a note
    on why when the agreed level is more than one level from the team's median."""

    divergence_note = forms.CharField(
        label="Why does the agreed rating differ from the team's ratings?",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=assessment_rules.DIVERGENCE_NOTE.max_length,
        error_messages={"max_length": assessment_rules.DIVERGENCE_NOTE.too_long},
    )

    def __init__(self, *args, median: float | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.median = median
        # The levels offered are the assessment's scale: "one level" is a step along it.
        self.scale = [level.value for level in self.levels_by_key.values()]
        field = self.fields["divergence_note"]
        field.help_text = (
            "Needed only when the agreed rating is more than one level from the median of the "
            "individual ratings" + (f", which is {number(median)}." if median is not None else ".")
        )
        fields = self.helper.layout.fields
        fields.insert(
            len(fields) - 1,  # before the version
            Field.textarea(
                "divergence_note",
                max_characters=assessment_rules.DIVERGENCE_NOTE.max_length,
                rows=3,
            ),
        )

    def clean(self):
        cleaned = super().clean()
        level = self.levels_by_key.get(cleaned.get("answer") or "")
        if (
            level is not None
            and rules.needs_divergence_note(level.value, self.median, scale=self.scale)
            and not cleaned.get("divergence_note")
            and "divergence_note" not in self.errors
        ):
            self.add_error(
                "divergence_note",
                forms.ValidationError(assessment_rules.DIVERGENCE_NOTE.required, code="required"),
            )
        return cleaned


class OpenAgreementForm(forms.Form):
    """The lead opens agreement; with raters unfinished, only once they confirm it."""

    version = VersionField()
    although_unfinished = forms.BooleanField(
        label="Open agreement now, although not everyone has finished",
        required=False,
    )

    def __init__(self, *args, unfinished: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.unfinished = unfinished
        self.helper = FormHelper()
        items = ["version"]
        if unfinished:
            self.fields[
                "although_unfinished"
            ].help_text = (
                "Their ratings so far are shown; they cannot add or change any afterwards."
            )
            items.append(Field.checkbox("although_unfinished", small=True))
        else:
            # Not on the page, so an error summary must not link to it (govuk_tags).
            del self.fields["although_unfinished"]
        self.helper.layout = Layout(*items, Button("open", "Open agreement"))

    @property
    def confirmed_unfinished(self) -> bool:
        """Whether the lead confirmed opening before everyone finished (no box: False)."""
        return bool(self.cleaned_data.get("although_unfinished"))

    def clean(self):
        cleaned = super().clean()
        if self.unfinished and not cleaned.get("although_unfinished"):
            self.add_error(
                "although_unfinished",
                forms.ValidationError(
                    "Confirm that you want to open agreement before everyone has finished",
                    code="required",
                ),
            )
        return cleaned


class VersionForm(forms.Form):
    """A change with nothing to type: only the version the page was opened at."""

    version = VersionField()


class ReportNamesForm(forms.Form):
    """The lead chooses whether reports name who wrote each individual rationale."""

    show = forms.TypedChoiceField(
        label="Show raters' names in reports?",
        help_text=(
            "Team members who rate always see each other's names when they agree the ratings. "
            "Reports are read more widely, by board members and viewers. You can change this "
            "until the assessment is signed off."
        ),
        choices=[
            Choice("no", "No, show what the team said without names"),
            Choice("yes", "Yes, name who wrote each rationale"),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        # A value that is not one of the two (a tampered form) gets the same words, with
        # its own code, not Django's "Select a valid choice".
        error_messages={
            "required": "Select whether reports show raters' names",
            "invalid_choice": "Select whether reports show raters' names",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False  # the page's form posts to its own address
        self.helper.layout = Layout(
            Field.radios("show", legend_size=Size.MEDIUM, legend_tag="h2"),
            Button("save_names", "Save"),
        )
