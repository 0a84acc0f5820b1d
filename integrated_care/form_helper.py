"""The crispy-forms-gds helper every form uses, with the browser's own validation off."""

from crispy_forms_gds.helper import FormHelper as GdsFormHelper


class FormHelper(GdsFormHelper):
    """crispy-forms-gds's helper, whose form tags say ``novalidate``.

    Without it the browser checks required, email and similar fields itself and shows its
    own pop-up, in its own words, before anything is sent: no GOV.UK error summary, no
    message a screen reader announces with the field, and nothing our rules decide. Every
    check is the server's, as GOV.UK's form pattern expects. Forms whose page writes its
    own form tag (``form_tag = False``) say ``novalidate`` there.
    """

    def __init__(self, form=None):
        super().__init__(form)
        self.attrs = {"novalidate": ""}


# A form button's attributes that make GOV.UK Frontend ignore a second click within a
# second: a double click would otherwise send the change twice, and the second would be
# refused as if someone else had got there first. ``Button(name, title, **ONCE)``; the
# pack's Button already says ``data-module="govuk-button"``.
ONCE = {"data_prevent_double_click": "true"}
