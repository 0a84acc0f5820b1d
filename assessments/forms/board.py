"""What the lead prepares for the board: the summary and the board's ask, targets, and why a
weak principle needs no action (given when submitting)."""

from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from integrated_care.form_helper import FormHelper

from .. import rules
from .fields import VersionField

NO_TARGET = ""


class BoardSummaryForm(forms.Form):
    summary = forms.CharField(
        label="Summary for the board",
        help_text=(
            "A few paragraphs on page one of the report: how the service is doing, where it "
            "is weakest and what is being done about it."
        ),
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        max_length=rules.LEAD_SUMMARY.max_length,
        error_messages={"max_length": rules.LEAD_SUMMARY.too_long},
    )
    board_ask = forms.CharField(
        label="The board is asked to…",
        help_text="For example, approve the improvement actions and note the gaps in evidence.",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=rules.BOARD_ASK.max_length,
        error_messages={"max_length": rules.BOARD_ASK.too_long},
    )
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.textarea(
                "summary",
                rows=10,
                max_characters=rules.LEAD_SUMMARY.max_length,
                label_size=Size.MEDIUM,
            ),
            Field.textarea(
                "board_ask",
                rows=4,
                max_characters=rules.BOARD_ASK.max_length,
                label_size=Size.MEDIUM,
            ),
            "version",
            Button("save", "Save"),
        )


class TargetsForm(forms.Form):
    """A target level, or none, for every principle that is not rated not applicable."""

    version = VersionField()

    def __init__(self, *args, ratings, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.ratings = [r for r in ratings if not r.not_applicable]
        self.levels = {str(level.pk): level for level in levels}
        choices = [(NO_TARGET, "No target")] + [
            (str(level.pk), f"{level.value} – {level.label}") for level in levels
        ]
        for rating in self.ratings:
            self.fields[f"target_{rating.pk}"] = forms.ChoiceField(
                label=f"{rating.code} {rating.short_title}",
                help_text=(
                    f"Rated {rating.level_value} – {rating.level_label}"
                    if rating.level_value is not None
                    else "Not rated yet"
                ),
                choices=choices,
                required=False,
                initial=str(rating.target_level_id or NO_TARGET),
                error_messages={
                    "invalid_choice": f"Select a target for {rating.code}, or no target"
                },
            )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            *[
                # Field.select takes a legend size, but a select has a label.
                Field(f"target_{r.pk}", context={"label_size": Size.for_label(Size.SMALL)})
                for r in self.ratings
            ],
            "version",
            Button("save", "Save targets"),
        )

    def targets(self) -> dict[int, int | None]:
        return {
            r.pk: (int(value) if (value := self.cleaned_data[f"target_{r.pk}"]) else None)
            for r in self.ratings
        }


class SubmitWithReasonsForm(forms.Form):
    """Submission: for each weak principle without an open action, why none is needed."""

    version = VersionField()

    def __init__(self, *args, needing, **kwargs):
        super().__init__(*args, **kwargs)
        self.needing = needing
        for rating in needing:
            self.fields[f"no_action_{rating.pk}"] = forms.CharField(
                label=f"Why does {rating.code} {rating.short_title} need no action?",
                widget=forms.Textarea(attrs={"rows": 3}),
                required=True,
                initial=rating.no_action_reason,
                max_length=rules.NO_ACTION_REASON.max_length,
                error_messages={
                    "required": (
                        f"Enter why {rating.code} needs no action, or add an action to it"
                    ),
                    # Up to one box per weak principle: the error names which.
                    "max_length": (
                        f"Why {rating.code} needs no action must be "
                        f"{rules.NO_ACTION_REASON.max_length:,} characters or fewer"
                    ),
                },
            )

        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            *[
                Field.textarea(
                    f"no_action_{r.pk}",
                    rows=3,
                    max_characters=rules.NO_ACTION_REASON.max_length,
                    label_size=Size.SMALL,
                )
                for r in needing
            ]
        )

    def reasons(self) -> dict[int, str]:
        return {r.pk: self.cleaned_data[f"no_action_{r.pk}"] for r in self.needing}
