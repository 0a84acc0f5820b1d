"""Template tags that correct crispy-forms-gds markup for GOV.UK Frontend 5.

Registered as the ``govuk`` template library in settings; used by the project's
override of the pack's ``gds/field.html``.
"""

from crispy_forms_gds.templatetags.crispy_forms_gds import (
    CrispyGDSFieldNode,
    field_errors,
    pairwise,
)
from django import template

register = template.Library()

# The pack gives text inputs, textareas and selects in error the input's error class;
# GOV.UK Frontend 5 styles textareas and selects only with their own modifier. Password
# and email inputs get no error class from the pack: see below.
_ERROR_CLASS_BY_WIDGET = {
    "Textarea": "govuk-textarea--error",
    "Select": "govuk-select--error",
}
_CHARACTER_COUNT = "govuk-js-character-count"


class GovukFieldNode(CrispyGDSFieldNode):
    def render(self, context):
        field = template.Variable(self.field).resolve(context)
        attrs = field.field.widget.attrs
        counted = _CHARACTER_COUNT in attrs.get("class", "")
        if counted:
            # The pack assumes a hint has already set aria-describedby on a
            # character-counted field and fails with KeyError when there is none.
            attrs.setdefault("aria-describedby", "")
        html = super().render(context)

        changed = False
        error_class = _ERROR_CLASS_BY_WIDGET.get(type(field.field.widget).__name__)
        if field.errors and error_class:
            classes = attrs.get("class", "").split()
            attrs["class"] = " ".join(
                error_class if name == "govuk-input--error" else name for name in classes
            )
            changed = True
        classes = attrs.get("class", "").split()
        if field.errors and "govuk-input" in classes and "govuk-input--error" not in classes:
            # The pack adds the error border only to plain text inputs: password and email
            # inputs in error need it too.
            attrs["class"] = " ".join([*classes, "govuk-input--error"])
            changed = True
        info_id = f"{field.auto_id}-info"
        described_by = attrs.get("aria-describedby", "").split()
        if counted and info_id not in described_by:
            # With an error the pack replaces the count message's id: put it back,
            # so screen readers still hear the limit.
            attrs["aria-describedby"] = " ".join([info_id, *described_by])
            changed = True
        return str(field) if changed else html


@register.tag(name="govuk_field")
def govuk_field(parser, token):
    """Render a form field's widget like ``crispy_gds_field``, with GOV.UK Frontend 5 markup."""
    bits = token.split_contents()
    return GovukFieldNode(bits[1], dict(pairwise(bits[2:])))


def _error_anchor(bound_field, field_id: str) -> str:
    """Where an error summary link should move focus: the first input of the field."""
    widget = bound_field.field.widget
    input_type = getattr(widget, "input_type", None)
    if input_type == "radio" or (
        input_type == "checkbox" and getattr(widget, "allow_multiple_selected", False)
    ):
        # Radios and checkbox lists are numbered from 1 in our templates.
        return f"id_{bound_field.html_name}_1"
    if hasattr(widget, "widgets") and field_id == bound_field.auto_id:
        return f"{field_id}_0"  # a date: the day box
    return field_id


@register.simple_tag
def error_links(*forms_or_formsets):
    """(anchor, message) pairs for a GOV.UK error summary over forms and formsets."""
    links = []
    forms = []
    for item in forms_or_formsets:
        if item is None:
            continue
        if hasattr(item, "forms"):
            forms.extend(item.forms)
            links.extend(("", str(e)) for e in item.non_form_errors())
        else:
            forms.append(item)
    for form in forms:
        visible = form.visible_fields()
        first = _error_anchor(visible[0], visible[0].auto_id) if visible else ""
        links.extend((first, str(error)) for error in form.non_field_errors())
        # A hidden field's error (a tampered version) has no box to show it beside or to
        # link to: the user can only act on the form as a whole, so it is listed as such.
        for hidden in form.hidden_fields():
            links.extend((first, str(error)) for error in hidden.errors)
        for bound_field in visible:
            # A date's parts can share one message: list it once, linked to the first part.
            seen = set()
            for field_id, errors in field_errors(bound_field):
                anchor = _error_anchor(bound_field, field_id)
                for error in map(str, errors):
                    if error not in seen:
                        seen.add(error)
                        links.append((anchor, error))
    return links
