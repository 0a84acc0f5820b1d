"""Rating one principle: the answer, the evidence and the improvement actions."""

from crispy_forms.utils import TEMPLATE_PACK
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms

from integrated_care.form_helper import FormHelper

from .. import rules
from ..errors import OUT_OF_DATE_MESSAGE
from ..models import ActionStatus
from ..rules import EVIDENCE_MAX_LENGTH
from .answer import NOT_APPLICABLE, LevelAnswerForm
from .fields import ID_MAX, GovukDateField, VersionField

__all__ = ["NOT_APPLICABLE", "ActionForm", "ActionFormSet", "RatingForm"]


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


class RatingForm(LevelAnswerForm):
    """The lead's rating: a level needs evidence."""

    explained_by = "evidence"
    explanation_missing = "Enter evidence for this rating"
    not_applicable_hint = "Not scored. You must say why."
    answer_label = "How well does the service meet this principle?"

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


class ActionForm(forms.Form):
    """One improvement action. A blank form is ignored, so there is always room to add one."""

    # The saved action's id (none for a new one). Only a tampered or broken page sends one
    # that is not a whole number from 1 to the largest id: the user cannot see the field,
    # so, like a bad version, it says the page was out of date, and the page is drawn
    # again without it (the form's initial), keeping what was typed.
    id = VersionField(required=False, max_value=ID_MAX)
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
    # Only a tampered page gets these: Django's own words ask the user to file a bug report.
    default_error_messages = {
        "missing_management_form": OUT_OF_DATE_MESSAGE,
        "too_many_forms": f"A principle can have up to {rules.MAX_ACTIONS} improvement actions",
        "too_few_forms": OUT_OF_DATE_MESSAGE,
    }

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
