"""Template tags that correct crispy-forms-gds markup for GOV.UK Frontend 5.

Registered as the ``govuk`` template library in settings; used by the project's
override of the pack's ``gds/field.html``.
"""

from crispy_forms_gds.templatetags.crispy_forms_gds import CrispyGDSFieldNode, pairwise
from django import template

register = template.Library()

# The pack gives every text-like widget in error the input's error class; GOV.UK
# Frontend 5 styles textareas and selects only with their own modifier.
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
