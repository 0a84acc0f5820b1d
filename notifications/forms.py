"""The email notifications page."""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from integrated_care.form_helper import FormHelper
from notifications.models import Notice, NotificationPreference

HINTS = {
    Notice.ASSESSMENT_SUBMITTED: "Sent to approvers, so they can record the board's decision.",
    Notice.ASSESSMENT_RETURNED: "Sent to leads and contributors, with what needs to change.",
    Notice.ASSESSMENT_SIGNED_OFF: "Sent to everyone in the partnership.",
    Notice.ACTION_DIGEST: (
        "A weekly email about actions you own that are due in the next 2 weeks or overdue. "
        "Leads also get actions owned by teams."
    ),
}


class PreferencesForm(forms.Form):
    wanted = forms.MultipleChoiceField(
        label="Which emails do you want to get?",
        help_text=(
            "Select all that apply. We'll always email you about invitations and resetting "
            "your password."
        ),
        choices=[Choice(notice.value, notice.label, hint=HINTS[notice]) for notice in Notice],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, preference: NotificationPreference, **kwargs):
        initial = {"wanted": [notice.value for notice in Notice if preference.wants(notice)]}
        super().__init__(*args, initial=initial, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.checkboxes("wanted", legend_size=Size.MEDIUM),
            Button("save", "Save"),
        )

    def wanted_notices(self) -> set[Notice]:
        return {Notice(value) for value in self.cleaned_data["wanted"]}
