"""What the lead prepares for the board: the summary and the board's ask, targets, and why a
weak principle needs no action (given when submitting)."""

import re

from crispy_forms.layout import HTML
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.utils.html import format_html

from integrated_care.form_helper import FormHelper

from .. import rules
from ..answers import CARRIED_FORWARD
from ..board_services import BoardText
from .fields import VersionField

NO_TARGET = ""
_LEVEL_ID = re.compile(r"[0-9]{1,18}")


def seen_field(initial=None) -> forms.CharField:
    """What the page showed in a field, sent back with it: after a conflict, a field the user
    left alone takes the saved value, and another person's change is shown
    (``views.board_conflict``); a save changing none of the page's fields is not refused."""
    return forms.CharField(widget=forms.HiddenInput, required=False, strip=False, initial=initial)


def change_note(name: str, template: str) -> HTML:
    """Another person's saved change to field ``name``, drawn above it after a conflict;
    only for the fields changed, so a page of targets compiles no template per field."""
    return HTML(f'{{% include "{template}" with change=form.changes.{name} %}}')


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
    seen_summary = seen_field()
    seen_board_ask = seen_field()
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.show_changes({})

    def show_changes(self, changes: dict[str, object]) -> None:
        """Draw another person's saved change above each box they changed, by field name
        (``views.board_conflict``): none until a save is refused as a conflict."""
        self.changes = changes
        parts = []
        for name, rows, rule in (
            ("summary", 10, rules.LEAD_SUMMARY),
            ("board_ask", 4, rules.BOARD_ASK),
        ):
            if name in changes:
                parts.append(change_note(name, "assessments/_text_change.html"))
            parts.append(
                Field.textarea(
                    name, rows=rows, max_characters=rule.max_length, label_size=Size.MEDIUM
                )
            )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            *parts, "seen_summary", "seen_board_ask", "version", Button("save", "Save")
        )

    def seen(self) -> BoardText | None:
        """The summary and the ask as the page showed them; None from a page without them."""
        if not {"seen_summary", "seen_board_ask"} <= set(self.data):
            return None
        return BoardText(self.cleaned_data["seen_summary"], self.cleaned_data["seen_board_ask"])


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
                help_text=_rated(rating),
                choices=choices,
                required=False,
                initial=str(rating.target_level_id or NO_TARGET),
                error_messages={
                    "invalid_choice": f"Select a target for {rating.code}, or no target"
                },
            )
            self.fields[f"seen_target_{rating.pk}"] = seen_field(str(rating.target_level_id or ""))
        self.show_changes({})

    def show_changes(self, changes: dict[str, object]) -> None:
        """Draw another person's saved change above each target they changed, by field name
        (``views.board_conflict``): none until a save is refused as a conflict."""
        self.changes = changes
        parts = []
        for rating in self.ratings:
            name = f"target_{rating.pk}"
            if name in changes:
                parts.append(change_note(name, "assessments/_target_change.html"))
            # Field.select takes a legend size, but a select has a label.
            parts += [
                Field(name, context={"label_size": Size.for_label(Size.SMALL)}),
                f"seen_{name}",
            ]
        self.helper = FormHelper()
        self.helper.layout = Layout(*parts, "version", Button("save", "Save targets"))

    def targets(self) -> dict[int, int | None]:
        return {
            r.pk: (int(value) if (value := self.cleaned_data[f"target_{r.pk}"]) else None)
            for r in self.ratings
        }

    def seen(self) -> dict[int, int | None] | None:
        """Each target as the page showed it, by rating id; None from a page without them,
        or with one that is not a level's id (a broken page: its save is checked as before)."""
        seen = {}
        for rating in self.ratings:
            name = f"seen_target_{rating.pk}"
            value = self.cleaned_data.get(name, "").strip()
            if name not in self.data or not (value == NO_TARGET or _LEVEL_ID.fullmatch(value)):
                return None
            seen[rating.pk] = int(value) if value else None
        return seen


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


def _rated(rating) -> str:
    """The rating a target is set against, as reports word it: one carried forward from last
    time and not confirmed counts as not rated (``answers``)."""
    if rating.carried_forward:
        return CARRIED_FORWARD
    if rating.level_value is None:
        return "Not rated yet"
    # A hint is printed as HTML (crispy-forms-gds, like Django, treats help text as markup),
    # and a level's label is text an admin typed: escaped here, once.
    return format_html("Rated {} – {}", rating.level_value, rating.level_label)
