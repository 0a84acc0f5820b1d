"""Recording progress on an action, and filtering the Actions page."""

from datetime import date, timedelta

from crispy_forms_gds.layout import (
    Button,
    ConditionalQuestion,
    ConditionalRadios,
    Field,
    Layout,
)
from django import forms
from django.utils import timezone

from assessments.forms.fields import ID_MAX, GovukDateField, VersionField
from assessments.models import ActionStatus
from assessments.rules import DUE_DATE
from integrated_care.form_helper import ONCE, FormHelper

from . import rules
from .selectors import Filters

DROPPED_LABEL = dict(ActionStatus.choices)[ActionStatus.DROPPED]
# How long before today the date of the update's example is: a recent past day, not today,
# which the form already shows.
HINT_DAYS_BEFORE = 14


class ActionUpdateForm(forms.Form):
    """A new status, a dated progress note and a new due date, each with its reason.

    ``current_status`` and ``current_due_date`` are the action's state now: the form asks
    for a reason only for what changes, as the service does. ``period`` (its assessment's)
    and ``last_noted_on`` (its last update's date, if any) limit the update's date, as in
    the service (``rules.noted_on_refusal``).
    """

    status = forms.ChoiceField(
        label="Status",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the status of the action",
            "invalid_choice": "Select the status of the action",
        },
    )
    dropped_reason = forms.CharField(
        label="Why has the action been dropped?",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=rules.DROPPED_REASON.max_length,
        error_messages={"max_length": rules.DROPPED_REASON.too_long},
    )
    note = forms.CharField(
        label="Progress note (optional)",
        help_text="What has happened since the last update. Do not include personal information "
        "about people who use services.",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=rules.PROGRESS_NOTE.max_length,
        error_messages={"max_length": rules.PROGRESS_NOTE.too_long},
    )
    noted_on = GovukDateField(
        label="Date of the update",
        required_message=rules.NOTED_ON.required,
    )
    due_date = GovukDateField(
        label="Due date",
        help_text="Change it only if the action is now due on another date",
        required_message=DUE_DATE.required,
    )
    due_date_reason = forms.CharField(
        label="Reason for the new due date",
        help_text="Only if you change the due date",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=rules.DUE_DATE_REASON.max_length,
        error_messages={"max_length": rules.DUE_DATE_REASON.too_long},
    )
    # The id of the latest update the page showed, 0 for none.
    version = VersionField(min_value=0, max_value=ID_MAX)

    def __init__(
        self,
        *args,
        current_status: str,
        current_due_date,
        period: str,
        last_noted_on: date | None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.current_status = current_status
        self.current_due_date = current_due_date
        self.period = period
        self.last_noted_on = last_noted_on
        self.today = timezone.localdate()
        example = noted_on_example(today=self.today, period=period, last_noted_on=last_noted_on)
        hint = f"For example, {example.day} {example.month} {example.year}"
        self.fields["noted_on"].help_text = hint
        choices = list(ActionStatus.offered())
        if current_status not in dict(choices):  # an old "deferred" may stay as it is
            choices.insert(0, (current_status, dict(ActionStatus.choices)[current_status]))
        self.fields["status"].choices = choices
        labels = [str(label) for value, label in choices if value != ActionStatus.DROPPED]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            ConditionalRadios(
                "status",
                *labels,
                ConditionalQuestion(
                    DROPPED_LABEL,
                    Field.textarea(
                        "dropped_reason", rows=3, max_characters=rules.DROPPED_REASON.max_length
                    ),
                ),
            ),
            Field.textarea("note", rows=4, max_characters=rules.PROGRESS_NOTE.max_length),
            Field("noted_on"),
            Field("due_date"),
            Field.textarea("due_date_reason", rows=2),
            "version",
            Button("save", "Save update", **ONCE),
        )

    def clean_noted_on(self):
        value = self.cleaned_data["noted_on"]
        if value and (
            refusal := rules.noted_on_refusal(
                value,
                today=self.today,
                period=self.period,
                last_noted_on=self.last_noted_on,
            )
        ):
            raise forms.ValidationError(refusal[0], code=refusal[1])
        return value

    def clean(self):
        cleaned = super().clean()
        status, due = cleaned.get("status"), cleaned.get("due_date")
        if (
            status == ActionStatus.DROPPED
            and self.current_status != ActionStatus.DROPPED
            and not cleaned.get("dropped_reason")
            and "dropped_reason" not in self.errors
        ):
            self.add_error(
                "dropped_reason",
                forms.ValidationError(rules.DROPPED_REASON.required, code="required"),
            )
        if (
            due
            and due != self.current_due_date
            and not cleaned.get("due_date_reason")
            and "due_date_reason" not in self.errors
        ):
            self.add_error(
                "due_date_reason",
                forms.ValidationError(rules.DUE_DATE_REASON.required, code="required"),
            )
        if (
            status == self.current_status
            and due == self.current_due_date
            and not cleaned.get("note")
            and not self.errors
        ):
            # Shown at the note, the box most people fill in, and linked from the summary.
            self.add_error(
                "note", forms.ValidationError(rules.NOTHING_CHANGED, code="nothing_changed")
            )
        return cleaned


def posted_version(data) -> int | None:
    """The version a posted form was opened at (``ActionUpdateForm.version``), None if it
    sent none that could be one."""
    try:
        return ActionUpdateForm.base_fields["version"].clean(data.get("version"))
    except forms.ValidationError:
        return None


def _posted_date(data, name: str) -> date | None:
    """The date posted in the day, month and year boxes of ``name`` (its widget's
    ``_0``, ``_1`` and ``_2``), None unless they make one."""
    try:
        day, month, year = (int(data.get(f"{name}_{part}", "")) for part in range(3))
        return date(year, month, day)
    except (TypeError, ValueError, OverflowError):
        return None


def posted_after_conflict(
    data, *, seen: tuple[str, date] | None, now: tuple[str, date], version: int
):
    """What was posted, moved onto the action's state ``now`` after someone else's update.

    The status and due date the user left as the page showed them (``seen``) take the
    values saved since, so saving again never puts back the other person's change
    unnoticed; whatever the user changed or typed stays. ``version`` is the one saved now,
    so the next save is made knowing theirs. With ``seen`` unknown (a tampered page),
    everything stays as posted.
    """
    posted = data.copy()
    posted["version"] = str(version)
    if seen is None:
        return posted
    (seen_status, seen_due), (status, due) = seen, now
    if posted.get("status") == seen_status:
        posted["status"] = status
    if _posted_date(posted, "due_date") == seen_due:
        for part, value in enumerate((due.day, due.month, due.year)):
            posted[f"due_date_{part}"] = str(value)
    return posted


def noted_on_example(*, today: date, period: str, last_noted_on: date | None) -> date:
    """A date for the hint that the form accepts: a little before today, but no earlier than
    the last update or the period's earliest year allow (``rules.noted_on_refusal``), and
    never after today."""
    earliest = date(int(period[:4]) - 1, 1, 1)
    if last_noted_on is not None:
        earliest = max(earliest, last_noted_on)
    return min(max(today - timedelta(days=HINT_DAYS_BEFORE), earliest), today)


DUE_CHOICES = [("", "Any time"), ("overdue", "Overdue"), ("soon", "Due in the next 30 days")]


class FiltersForm(forms.Form):
    """The Actions page's filters, read from the address; anything unknown is ignored."""

    due = forms.ChoiceField(label="Due", choices=DUE_CHOICES, required=False)
    service = forms.ChoiceField(label="Service", required=False)
    owner = forms.ChoiceField(label="Owner", required=False)
    status = forms.ChoiceField(label="Status", required=False)

    def __init__(self, *args, services, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", "Any service")] + [
            (str(s.pk), s.name) for s in services
        ]
        self.fields["owner"].choices = [("", "Any owner")] + [(o, o) for o in owners]
        self.fields["status"].choices = [("", "Any status"), *ActionStatus.choices]

    def filters(self) -> Filters:
        """The valid filters; an unknown value counts as "any"."""
        if not self.is_valid():
            valid = {name: self.cleaned_data.get(name, "") for name in self.fields}
        else:
            valid = self.cleaned_data
        service = valid.get("service") or ""
        return Filters(
            due=valid.get("due") or "",
            service_id=int(service) if service else None,
            owner=valid.get("owner") or "",
            status=valid.get("status") or "",
        )
