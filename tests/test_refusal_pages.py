"""One way from a refused change to a page: stay where the page still works, else the task list."""

import html

import pytest
from django.urls import reverse

from assessments import services
from assessments.errors import CONFLICT_MESSAGE, RefusedError
from assessments.models import AssessmentState, Rating
from tests import builders
from tests.formtools import management

pytestmark = pytest.mark.django_db

MANAGEMENT = management(total=1)
SIGNED_OFF = RefusedError(
    "This assessment has been signed off, so it cannot be changed. Start a new assessment instead.",
    code="signed_off",
)


def text(response) -> str:
    return html.unescape(response.content.decode())


def weights_post(assessment, version, weight=3, reason="Board priority"):
    data = {"version": version}
    for rating in assessment.ratings.all():
        data[f"weight_{rating.pk}"] = rating.weight
        data[f"reason_{rating.pk}"] = rating.weight_reason
    nv01 = assessment.ratings.get(principle__code="NV-01")
    data[f"weight_{nv01.pk}"], data[f"reason_{nv01.pk}"] = weight, reason
    return data


def refuse_with(monkeypatch, name, error):
    def refuse(**kwargs):
        raise error

    monkeypatch.setattr(services, name, refuse)


def test_a_stale_weights_save_stays_on_the_page_with_the_reason(client, draft, people):
    """Weights saved from an old page are not saved; the page keeps them, says why and carries
    the saved version, so saving again replaces the other change knowingly."""
    stale = builders.reload(assessment=draft).version
    nv02 = builders.rating_for(assessment=draft, code="NV-02")
    builders.set_weights(user=people["lead"], assessment=draft, weights={nv02.pk: (2, "First")})
    client.force_login(people["lead"])
    url = reverse("assessments:weights", args=[draft.pk])

    response = client.post(url, weights_post(draft, stale))

    assert response.status_code == 409
    assert CONFLICT_MESSAGE in text(response)
    assert "Board priority" in text(response)
    assert builders.rating_for(assessment=draft, code="NV-01").weight == 1
    saved = builders.reload(assessment=draft).version
    assert int(response.context["form"].data["version"]) == saved
    response = client.post(url, weights_post(draft, saved))
    assert response.status_code == 302
    assert builders.rating_for(assessment=draft, code="NV-01").weight == 3


def test_a_refusal_only_the_service_knows_is_shown_on_the_page(client, draft, people, monkeypatch):
    """A rule the form did not check is shown in the error summary, keeping what was typed."""
    refuse_with(
        monkeypatch,
        "rating_update",
        RefusedError("Evidence must be 5,000 characters or fewer", code="evidence_too_long"),
    )
    rating = draft.ratings.get(principle__code="NV-01")
    client.force_login(people["contributor"])

    response = client.post(
        reverse("assessments:principle", args=[draft.pk, "NV-01"]),
        {**MANAGEMENT, "save_draft": "1", "evidence": "Typed evidence", "version": rating.version},
    )

    assert response.status_code == 200
    page = text(response)
    assert "govuk-error-summary" in page
    assert "Evidence must be 5,000 characters or fewer" in page
    assert "Typed evidence</textarea>" in page
    assert response.context["form"].non_field_errors().as_data()[0].code == "evidence_too_long"


@pytest.mark.parametrize(
    ("name", "url_name"), [("assessment_weights_update", "assessments:weights")], ids=["weights"]
)
def test_a_state_refusal_keeps_what_was_typed(client, draft, people, monkeypatch, name, url_name):
    """When the assessment's state no longer allows the change, nothing is saved and the page
    shows what was typed (tests/test_nothing_lost.py, tests/test_not_saved_everywhere.py)."""
    refuse_with(monkeypatch, name, SIGNED_OFF)
    client.force_login(people["lead"])
    response = client.post(reverse(url_name, args=[draft.pk]), weights_post(draft, 1))

    assert response.status_code == 409
    assert "Board priority" in text(response)


def test_a_stale_submission_stays_on_check_your_answers(client, draft, people):
    """Submitting from an old page is refused on the same page, which then has the saved version."""
    builders.complete(user=people["lead"], assessment=draft)
    stale = builders.reload(assessment=draft).version
    nv03 = builders.rating_for(assessment=draft, code="NV-03")
    builders.set_weights(
        user=people["lead"], assessment=draft, weights={nv03.pk: (2, "Carers asked")}
    )
    client.force_login(people["lead"])

    response = client.post(reverse("assessments:check", args=[draft.pk]), {"version": stale})

    assert response.status_code == 200
    assert CONFLICT_MESSAGE in text(response)
    assert response.context["assessment"].version == stale + 1
    assert builders.reload(assessment=draft).state == AssessmentState.DRAFT


def test_a_stale_sign_off_goes_to_the_task_list_with_the_reason(client, submitted, people):
    """Signing off a version that was returned and resubmitted meanwhile is refused there."""
    stale = builders.reload(assessment=submitted).version
    builders.return_(user=people["lead"], assessment=submitted)
    builders.submit(user=people["lead"], assessment=submitted)
    client.force_login(people["approver"])

    response = client.post(
        reverse("assessments:sign_off", args=[submitted.pk]),
        {
            "version": stale,
            "body": "Board",
            "decision": "noted",
            "decision_date_0": "1",
            "decision_date_1": "3",
            "decision_date_2": "2026",
            "minute_reference": "HWB 1",
        },
    )

    assert response["Location"] == reverse("assessments:overview", args=[submitted.pk])
    assert CONFLICT_MESSAGE in text(client.get(response["Location"]))
    assert builders.reload(assessment=submitted).state == AssessmentState.SUBMITTED


def test_a_refused_start_stays_on_the_start_page(client, service, people, monkeypatch):
    """Starting refused by the service shows why on the start page, keeping what was typed."""
    refuse_with(
        monkeypatch, "assessment_start", RefusedError("Enter a title", code="title_required")
    )
    client.force_login(people["lead"])
    response = client.post(
        reverse("assessments:start"),
        {
            "service": service.pk,
            "principle_set": str(service.partnership.default_principle_set_id),
            "period": "2026/27",
            "title": "Discharge",
        },
    )
    assert response.status_code == 200
    assert "Enter a title" in text(response)
    assert not Rating.objects.exists()
