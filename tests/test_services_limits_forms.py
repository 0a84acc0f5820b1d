"""The forms share the services' rules: the same limits and wording, the same periods refused."""

from types import SimpleNamespace

import pytest

from assessments import rules
from assessments.forms import (
    ActionForm,
    RatingForm,
    ReturnForm,
    SignOffForm,
    StartAssessmentForm,
    WeightsForm,
)
from principles.models import PrincipleSet
from tests.test_services_limits import BAD_PERIODS

pytestmark = pytest.mark.django_db


def _form_fields(draft, user):
    rating = draft.ratings.select_related("principle").first()
    weights = WeightsForm(ratings=[rating])
    return [
        (RatingForm(levels=[]).fields["evidence"], rules.EVIDENCE),
        (RatingForm(levels=[]).fields["not_applicable_reason"], rules.NOT_APPLICABLE_REASON),
        (ActionForm().fields["description"], rules.ACTION_DESCRIPTION),
        (ActionForm().fields["owner"], rules.ACTION_OWNER),
        # As the weights page words it: naming its principle.
        (
            weights.fields[f"reason_{rating.pk}"],
            SimpleNamespace(
                **vars(rules.WEIGHT_REASON),
                too_long=rules.weight_reason_too_long(rating.principle.code),
            ),
        ),
        (StartAssessmentForm(user=user).fields["title"], rules.TITLE),
        (ReturnForm().fields["comment"], rules.RETURN_COMMENT),
        (SignOffForm().fields["body"], rules.SIGNOFF_BODY),
        (SignOffForm().fields["minute_reference"], rules.MINUTE_REFERENCE),
    ]


def test_forms_take_their_limits_and_wording_from_the_rules(draft, people):
    """Every text field's limit, and its too long and required messages, are the service's."""
    for field, rule in _form_fields(draft, people["lead"]):
        assert field.max_length == rule.max_length, rule.name
        assert field.error_messages["max_length"] == rule.too_long, rule.name
        if rule.required:
            assert field.error_messages["required"] == rule.required, rule.name


@pytest.mark.parametrize("period", BAD_PERIODS[:3])
def test_the_start_form_refuses_the_periods_the_service_refuses(service, people, period):
    """The start form gives invalid_period for the same periods, Arabic-Indic digits included."""
    form = StartAssessmentForm(
        {
            "service": service.pk,
            "principle_set": str(PrincipleSet.objects.get(slug="national-voices").pk),
            "period": period,
            "title": "Discharge",
        },
        user=people["lead"],
    )
    assert form.errors.as_data()["period"][0].code == "invalid_period"
