"""Answering one principle: a level or "not applicable" (with a reason), and a text that
explains the level. The lead's rating and a rater's private rating ask it the same way."""

from crispy_forms.utils import TEMPLATE_PACK, render_field
from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import ConditionalQuestion, ConditionalRadios, Field, Layout, Size
from django import forms
from django.template.loader import render_to_string

from integrated_care.form_helper import FormHelper

from .. import rules
from ..rules import REASON_MAX_LENGTH

NOT_APPLICABLE = "not-applicable"


class _HeadedRadios(ConditionalRadios):
    """Conditional radios whose legend is the page's second-level heading.

    Every choice is drawn by one template (``assessments/_radio_items.html``, the same
    markup as the pack's): the pack renders each choice on its own, copying the whole
    page context each time, which was a large part of the rating page's cost.
    """

    def render(self, form, context, **kwargs):
        with context.push(legend_size=Size.for_legend(Size.MEDIUM), legend_tag="h2"):
            return super().render(form, context, **kwargs)

    def render_choices(self, bound_field, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        labels = [choice[1] for choice in bound_field.field.choices]
        by_label = dict(zip(labels, bound_field.field.choices, strict=True))
        items = []
        for question in self.choices:
            if isinstance(question, ConditionalQuestion):
                label, fields = question.value, question.fields
            else:
                label, fields = question, []
            conditional = "".join(
                render_field(f, form, context, template_pack=template_pack, **kwargs)
                for f in fields
            )
            items.append(
                {
                    "choice": by_label[label],
                    "position": labels.index(label) + 1,  # numbered from 1, as the pack's
                    "conditional_content": conditional,
                }
            )
        # Rendering the revealed fields left them in the context; the pack's choices put the
        # radios' own field back, and its wrapper template reads it from there.
        context.update({"field": bound_field})
        return render_to_string(
            "assessments/_radio_items.html", {"field": bound_field, "items": items}
        )


class LevelAnswerForm(forms.Form):
    """A level or not applicable, then the text named by ``explained_by``.

    ``complete`` is True for "Save and continue": then an answer is required, not
    applicable needs a reason and a level needs its explanation. "Save as draft" keeps
    whatever has been typed, however incomplete, so that nothing is lost; only lengths
    are checked. A subclass declares ``answer``'s label and the explaining field.
    """

    explained_by: str  # the name of the field that explains a level
    explanation_missing: str  # its error when a level is chosen without it
    not_applicable_hint: str
    answer_label: str

    answer = forms.ChoiceField(
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Select a rating, or select not applicable"},
    )
    not_applicable_reason = forms.CharField(
        label="Why is this principle not applicable?",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=REASON_MAX_LENGTH,
        error_messages={"max_length": rules.NOT_APPLICABLE_REASON.too_long},
    )

    def __init__(self, *args, levels, complete: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.complete = complete
        self.fields["answer"].label = self.answer_label
        self.levels_by_key = {str(level.pk): level for level in levels}
        choices = [
            Choice(str(level.pk), f"{level.value} – {level.label}", hint=level.descriptor)
            for level in levels
        ]
        if choices:
            choices[-1].divider = "or"
        choices.append(Choice(NOT_APPLICABLE, "Not applicable", hint=self.not_applicable_hint))
        self.fields["answer"].choices = choices
        explanation = self.fields[self.explained_by]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            _HeadedRadios(
                "answer",
                *[str(choice.label) for choice in choices[:-1]],
                ConditionalQuestion(
                    "Not applicable",
                    Field.textarea(
                        "not_applicable_reason", max_characters=REASON_MAX_LENGTH, rows=3
                    ),
                ),
            ),
            Field.textarea(
                self.explained_by,
                max_characters=explanation.max_length,
                rows=explanation.widget.attrs["rows"],
            ),
            "version",
        )

    def clean(self):
        cleaned = super().clean()
        if not self.complete:
            return cleaned
        answer = cleaned.get("answer")
        if not answer and "answer" not in self.errors:
            self.add_error(
                "answer",
                forms.ValidationError("Select a rating, or select not applicable", code="required"),
            )
        elif (
            answer == NOT_APPLICABLE
            and not cleaned.get("not_applicable_reason")
            and "not_applicable_reason" not in self.errors
        ):
            self.add_error(
                "not_applicable_reason",
                forms.ValidationError(
                    "Enter why this principle is not applicable", code="required"
                ),
            )
        elif (
            answer
            and answer != NOT_APPLICABLE
            and not cleaned.get(self.explained_by)
            and self.explained_by not in self.errors
        ):
            self.add_error(
                self.explained_by,
                forms.ValidationError(self.explanation_missing, code="required"),
            )
        return cleaned

    @property
    def level_id(self) -> int | None:
        level = self.levels_by_key.get(self.cleaned_data.get("answer") or "")
        return level.pk if level else None

    @property
    def not_applicable(self) -> bool:
        return self.cleaned_data.get("answer") == NOT_APPLICABLE
