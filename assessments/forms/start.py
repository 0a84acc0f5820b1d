"""Starting a new self-assessment."""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import HTML, Button, Field, Layout, Size
from django import forms
from django.utils.text import get_text_list

from integrated_care.form_helper import ONCE, FormHelper
from partnerships.models import Service
from partnerships.permissions import can, partnership_ids_allowing
from principles.models import PrincipleSet

from .. import rules, workflow
from ..models import Assessment, AssessmentState
from ..selectors import previous_signed_off_for

# How the team will rate it: one shared rating, or individual ratings and then agreement.
SHARED, INDIVIDUAL = "shared", "individual"

# In place of "Start from the service's latest signed-off assessment", when none of the
# services the person may start has one.
NOTHING_TO_START_FROM = (
    '<p class="govuk-body">There is no signed-off assessment to start from yet, so this '
    "assessment starts empty.</p>"
)


class StartAssessmentForm(forms.Form):
    service = forms.ModelChoiceField(
        queryset=Service.objects.none(),
        label="Which service are you assessing?",
        empty_label="Select a service",
        error_messages={
            "required": "Select the service you are assessing",
            "invalid_choice": "Select the service you are assessing",
        },
    )
    principle_set = forms.ChoiceField(
        label="Which principles are you assessing it against?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the principles you are assessing against",
            "invalid_choice": "Select the principles you are assessing against",
        },
    )
    period = forms.CharField(
        label="Which year does the assessment cover?",
        help_text="For example, 2026/27",
        # Generous: "2026 / 27" is tidied to 2026/27 by clean_period, which checks the form.
        max_length=20,
        error_messages={"required": "Enter the year the assessment covers, for example 2026/27"},
    )
    title = forms.CharField(
        label="Title",
        help_text="Shown on reports, for example Hospital discharge self-assessment 2026/27",
        max_length=rules.TITLE.max_length,
        error_messages={
            "required": rules.TITLE.required,
            "max_length": rules.TITLE.too_long,
        },
    )
    rating_mode = forms.ChoiceField(
        label="How will the team rate it?",
        widget=forms.RadioSelect,
        required=False,  # a form sent without it keeps today's behaviour: one shared rating
        initial=SHARED,
        error_messages={"invalid_choice": "Select how the team will rate the assessment"},
    )
    carry_forward = forms.BooleanField(
        label="Start from the service's latest signed-off assessment",
        help_text=(
            "Its ratings, evidence, weights and open actions against the same principles are "
            "copied as a starting point. They count as not yet rated, in the task list and "
            "every report, until someone checks and saves each one."
        ),
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["service"].queryset = (
            Service.objects.filter(
                partnership_id__in=partnership_ids_allowing(user, workflow.START.action)
            )
            .select_related("partnership")
            .order_by("partnership__name", "name")
        )
        self.fields["service"].label_from_instance = lambda s: f"{s.name} ({s.partnership.name})"
        self.fields["principle_set"].choices = [
            Choice(str(s.pk), s.title, hint=f"{s.short_name}, {s.get_jurisdiction_display()}")
            for s in PrincipleSet.objects.order_by("title")
        ]
        self.fields["rating_mode"].choices = [
            Choice(
                SHARED,
                "One shared rating",
                hint="Everyone works on the same answers for each principle.",
            ),
            Choice(
                INDIVIDUAL,
                "Individual ratings, then agreement",
                hint=(
                    "The people you choose each rate every principle privately. Then the team "
                    "sees how its ratings are spread and agrees each rating together."
                ),
            ),
        ]
        self.service_count = self.fields["service"].queryset.count()
        self.starting_points = self._starting_points() if self.service_count else []
        if self.starting_points:
            self._say_which_services_can_start_from_one()
            starting = [
                Field.checkbox("carry_forward", small=True),
                HTML('{% include "assessments/_starting_points.html" %}'),
            ]
        else:  # nothing to copy yet, as for a new partnership's first assessment
            # Not drawn, and a box ticked on an older page counts as not ticked.
            self.fields["carry_forward"].disabled = True
            starting = [HTML(NOTHING_TO_START_FROM)]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            # Field.select takes a legend size, but a select has a label.
            Field("service", context={"label_size": Size.for_label(Size.SMALL)}),
            Field.radios("principle_set", legend_size=Size.SMALL),
            Field.text("period", field_width=5, label_size=Size.SMALL),
            Field.text("title", label_size=Size.SMALL),
            Field.radios("rating_mode", legend_size=Size.SMALL),
            *starting,
            Button("start", "Start assessment", **ONCE),
        )

    def _starting_points(self) -> list[Assessment]:
        """The latest signed-off assessment of each service and set the user may start, in one
        query: what "start from" copies, named on the page before anyone ticks it."""
        latest: dict[tuple[int, int], Assessment] = {}
        for assessment in (
            Assessment.objects.filter(
                service__in=self.fields["service"].queryset, state=AssessmentState.SIGNED_OFF
            )
            .select_related("service", "principle_set")
            .order_by("service__name", "principle_set__title", "-period")
        ):
            latest.setdefault((assessment.service_id, assessment.principle_set_id), assessment)
        return list(latest.values())

    def _say_which_services_can_start_from_one(self) -> None:
        """Under the checkbox, the services that have something to copy, when not all do."""
        names = list(dict.fromkeys(point.service.name for point in self.starting_points))
        if len(names) == self.service_count:
            return
        field = self.fields["carry_forward"]
        verb = "has" if len(names) == 1 else "have"
        field.help_text = (
            f"{field.help_text} Only {get_text_list(names, 'and')} {verb} a signed-off "
            "assessment to start from."
        )

    @property
    def has_services(self) -> bool:
        """Whether there is any service to start an assessment of: a new partnership's
        administrator may not have added them yet."""
        return self.service_count > 0

    def clean_service(self):
        service = self.cleaned_data["service"]
        if not can(self.user, workflow.START.action, service.partnership_id):
            raise forms.ValidationError(
                "Only a lead can start an assessment for this service", code="not_lead"
            )
        return service

    def clean_rating_mode(self):
        return self.cleaned_data["rating_mode"] or SHARED

    @property
    def team_scoring(self) -> bool:
        return self.cleaned_data.get("rating_mode") == INDIVIDUAL

    def clean_principle_set(self):
        return PrincipleSet.objects.get(pk=self.cleaned_data["principle_set"])

    def clean_period(self):
        period = self.cleaned_data["period"].replace(" ", "").replace("-", "/")
        if refusal := rules.period_refusal(period):
            raise forms.ValidationError(refusal[0], code=refusal[1])
        return period

    def clean(self):
        cleaned = super().clean()
        service, principle_set = cleaned.get("service"), cleaned.get("principle_set")
        period = cleaned.get("period")
        if not (service and principle_set and period):
            return cleaned
        if Assessment.objects.filter(
            service=service, principle_set=principle_set, period=period
        ).exists():
            self.add_error(
                "period",
                forms.ValidationError(
                    f"{service.name} already has an assessment against these principles "
                    f"for {period}",
                    code="duplicate",
                ),
            )
            return cleaned  # one error: whether it could start from one is beside the point
        if (
            cleaned.get("carry_forward")
            and previous_signed_off_for(
                service=service, principle_set=principle_set, before_period=period
            )
            is None
        ):
            self.add_error(
                "carry_forward",
                forms.ValidationError(
                    f"{service.name} has no earlier signed-off assessment against "
                    f"{principle_set.short_name} to start from. Untick the box to start "
                    "with empty answers",
                    code="no_previous",
                ),
            )
        return cleaned
