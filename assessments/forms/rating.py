"""Rating one principle: the answer, the evidence and the improvement actions."""

from crispy_forms.utils import TEMPLATE_PACK, render_field
from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import (
    ConditionalQuestion,
    ConditionalRadios,
    Field,
    Fieldset,
    Layout,
    Size,
)
from django import forms
from django.template.loader import render_to_string

from .. import rules
from ..models import ActionStatus
from ..rules import EVIDENCE_MAX_LENGTH, REASON_MAX_LENGTH
from .fields import GovukDateField, VersionField

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
        # Compared as text, as the pack's template does ("%s" of None is "None").
        value = str(bound_field.value())
        return render_to_string(
            "assessments/_radio_items.html", {"field": bound_field, "items": items, "value": value}
        )


class _RememberedHelper(FormHelper):
    """A form helper that draws an unfilled form once and then reuses what it drew.

    An improvement action's fields took a third of the rating page's time to draw, and
    most pages show the same saved actions again. What an unbound form looks like depends
    only on its class, prefix, initial values and layout, which make the key; a form with
    data (and so perhaps errors) is always drawn afresh.
    """

    def render_layout(self, form, context, template_pack=TEMPLATE_PACK):
        if form.is_bound:
            return super().render_layout(form, context, template_pack=template_pack)
        key = (
            type(form),
            form.prefix,
            form.auto_id,
            tuple(sorted((name, repr(value)) for name, value in form.initial.items())),
            _layout_key(self.layout),
            template_pack,
        )
        html = _DRAWN.get(key)
        if html is None:
            html = super().render_layout(form, context, template_pack=template_pack)
            if len(_DRAWN) >= _DRAWN_MAX:
                _DRAWN.clear()  # rarely reached: a few hundred forms per process
            _DRAWN[key] = html
        else:
            form.use_required_attribute = False  # as drawing it would have set
        return html


_DRAWN: dict = {}
_DRAWN_MAX = 1000


def _layout_key(item) -> tuple:
    """What a layout draws, as a hashable value: its kind, every setting and its fields."""
    if isinstance(item, str):
        return (item,)
    settings = sorted((name, repr(value)) for name, value in vars(item).items() if name != "fields")
    fields = tuple(_layout_key(field) for field in getattr(item, "fields", ()))
    return (type(item).__qualname__, tuple(settings), fields)


class RatingForm(forms.Form):
    """``complete`` is True for "Save and continue": then every answer is required.

    "Save as draft" keeps whatever has been typed, however incomplete, so that
    nothing is lost; only lengths are checked.
    """

    answer = forms.ChoiceField(
        label="How well does the service meet this principle?",
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
    evidence = forms.CharField(
        label="Evidence",
        help_text=(
            "What shows this rating is right? For example, feedback from people who use the "
            "service, audits, data or inspection findings. Do not include personal information "
            "about people who use services."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=EVIDENCE_MAX_LENGTH,
        error_messages={"max_length": rules.EVIDENCE.too_long},
    )
    version = VersionField()

    def __init__(self, *args, levels, complete: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.complete = complete
        self.levels_by_key = {str(level.pk): level for level in levels}
        choices = [
            Choice(str(level.pk), f"{level.value} – {level.label}", hint=level.descriptor)
            for level in levels
        ]
        if choices:
            choices[-1].divider = "or"
        choices.append(
            Choice(
                NOT_APPLICABLE,
                "Not applicable",
                hint="Not scored. You must say why.",
            )
        )
        self.fields["answer"].choices = choices
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
            Field.textarea("evidence", max_characters=EVIDENCE_MAX_LENGTH, rows=8),
            "version",
        )

    def clean(self):
        cleaned = super().clean()
        answer = cleaned.get("answer")
        if not self.complete:
            return cleaned
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
            and not cleaned.get("evidence")
            and "evidence" not in self.errors
        ):
            self.add_error(
                "evidence",
                forms.ValidationError("Enter evidence for this rating", code="required"),
            )
        return cleaned

    @property
    def level_id(self) -> int | None:
        level = self.levels_by_key.get(self.cleaned_data.get("answer") or "")
        return level.pk if level else None

    @property
    def not_applicable(self) -> bool:
        return self.cleaned_data.get("answer") == NOT_APPLICABLE


class ActionForm(forms.Form):
    """One improvement action. A blank form is ignored, so there is always room to add one."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    description = forms.CharField(
        label="What will be done?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=rules.ACTION_DESCRIPTION.max_length,
        error_messages={
            "required": rules.ACTION_DESCRIPTION.required,
            "max_length": rules.ACTION_DESCRIPTION.too_long,
        },
    )
    owner = forms.CharField(
        label="Owner",
        help_text="A role or team, for example Discharge team manager",
        max_length=rules.ACTION_OWNER.max_length,
        error_messages={
            "required": rules.ACTION_OWNER.required,
            "max_length": rules.ACTION_OWNER.too_long,
        },
    )
    due_date = GovukDateField(
        label="Due date",
        help_text="For example, 31 3 2027",
        required_message=rules.DUE_DATE.required,
    )
    status = forms.ChoiceField(
        label="Status",
        choices=ActionStatus.for_drafts(),
        initial=ActionStatus.PROPOSED,
        error_messages={
            "required": "Select the status of the action",
            "invalid_choice": "Select the status of the action",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.initial.get("status")
        if current and current not in dict(ActionStatus.for_drafts()):
            # A status no longer chosen in drafts (an old "deferred") stays as it was.
            label = dict(ActionStatus.choices).get(current, current)
            self.fields["status"].choices = [*ActionStatus.for_drafts(), (current, label)]
        self.helper = _RememberedHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        number = (self.prefix or "").rsplit("-", 1)[-1]
        legend = "Add an improvement action (optional)"
        if self.initial.get("id"):
            legend = f"Improvement action {int(number) + 1}" if number.isdigit() else "Action"
        fields = [
            "id",
            Field.textarea("description", rows=3),
            Field.text("owner", field_width=20),
            Field("due_date"),
            Field.select("status"),
        ]
        if self.initial.get("id"):
            fields.append(Field.checkbox("DELETE", small=True))
        self.helper.layout = Layout(Fieldset(*fields, legend=legend, legend_size=Size.SMALL))

    def has_changed(self):
        # The status has a preset value, so a new action counts as filled in only
        # when something else was typed: an untouched blank form is then ignored.
        if self.initial.get("id"):
            return super().has_changed()
        return any(name != "status" for name in self.changed_data)

    def mark_removed(self, error: forms.ValidationError) -> None:
        """Someone else removed the saved action this form changed: it is now offered as a
        new action, with ``error`` saying so and a box to leave it out."""
        fieldset = self.helper.layout.fields[0]
        fieldset.legend = "Improvement action removed by someone else"
        if "DELETE" in self.fields and not self.initial.get("id"):
            fieldset.fields.append(Field.checkbox("DELETE", small=True))
        self.add_error(None, error)


class _BaseActionFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove this action"


# One blank form is always offered; left blank it is ignored (empty_permitted).
ActionFormSet = forms.formset_factory(
    ActionForm,
    formset=_BaseActionFormSet,
    extra=1,
    can_delete=True,
    can_delete_extra=False,
    max_num=rules.MAX_ACTIONS,
    # Without this Django would build up to 1,050 forms for a tampered form count.
    absolute_max=rules.MAX_ACTIONS + 1,
    validate_max=True,
)
