"""Weights when every principle is marked not applicable: no weight could carry the
assessment, so the weights page and the service save weights anyway (kept for when a
principle is rated again), and submission asks for a rating, not a weight."""

import html

import pytest
from django.urls import reverse

from assessments.errors import RefusedError
from assessments.forms import WeightsForm
from assessments.selectors import ratings_for_weights
from tests import builders
from tests.figures import assess
from tests.formtools import codes

pytestmark = pytest.mark.django_db

EVERY = tuple(f"NV-{n:02d}" for n in range(1, 13))
NOTHING_APPLIES = (
    "Every principle is marked not applicable: rate at least one so the assessment can be scored"
)


@pytest.fixture
def nothing_applies(lead, service):
    """A draft with all 12 principles marked not applicable."""
    return assess(lead, service, na=EVERY)


def form_for(assessment, weight: str) -> WeightsForm:
    """The weights form as sent with every weight at ``weight`` and a reason for each."""
    ratings = ratings_for_weights(assessment)
    data = {"version": str(assessment.version)}
    for rating in ratings:
        data |= {f"weight_{rating.pk}": weight, f"reason_{rating.pk}": "Important to carers"}
    return WeightsForm(data, ratings=ratings)


def test_the_form_saves_weights_when_nothing_applies(nothing_applies):
    """Every principle not applicable and every weight 10: the form is valid."""
    form = form_for(nothing_applies, "10")
    assert form.is_valid(), form.errors


def test_the_form_still_asks_for_a_weight_above_0_when_nothing_applies(nothing_applies):
    """Every weight 0 is still all_zero, which a weight can put right."""
    assert codes(form_for(nothing_applies, "0"), "__all__") == ["all_zero"]


def test_the_service_saves_weights_when_nothing_applies(lead, nothing_applies):
    """The service keeps the weights, with their reasons, as the form does."""
    ratings = ratings_for_weights(nothing_applies)
    builders.set_weights(
        user=lead,
        assessment=nothing_applies,
        weights={r.pk: (10, "Important to carers") for r in ratings},
    )
    saved = [(r.weight, r.weight_reason) for r in ratings_for_weights(nothing_applies)]
    assert saved == [(10, "Important to carers")] * 12


def test_the_weights_page_saves_when_nothing_applies(client, lead, nothing_applies):
    """Weights of 10 everywhere are saved from the page, not refused with a message no
    weight can satisfy."""
    client.force_login(lead)
    form = form_for(nothing_applies, "10")
    data = dict(form.data)
    for rating in form.ratings:
        data |= {f"seen_weight_{rating.pk}": "1", f"seen_reason_{rating.pk}": ""}
    response = client.post(reverse("assessments:weights", args=[nothing_applies.pk]), data)
    assert response.status_code == 302
    assert "at least one principle that applies" not in html.unescape(response.content.decode())
    assert {r.weight for r in ratings_for_weights(nothing_applies)} == {10}


def test_submission_asks_for_a_rating_when_nothing_applies(lead, nothing_applies):
    """Submitting with every principle not applicable is refused as nothing_applies."""
    with pytest.raises(RefusedError) as refused:
        builders.submit(user=lead, assessment=nothing_applies)
    assert refused.value.code == "nothing_applies"
    assert refused.value.message == NOTHING_APPLIES
    assert builders.reload(assessment=nothing_applies).is_draft


def test_check_your_answers_says_why_it_cannot_be_submitted(client, lead, nothing_applies):
    """The check page shows the new message after a refused submission."""
    client.force_login(lead)
    response = client.post(
        reverse("assessments:check", args=[nothing_applies.pk]),
        {"version": str(nothing_applies.version)},
    )
    assert response.status_code == 200
    assert NOTHING_APPLIES in html.unescape(response.content.decode())


def test_weight_only_on_not_applicable_principles_is_still_refused(lead, service):
    """One principle applies and weighs 0: no_weight_applies stands, from the form and at
    submission alike."""
    draft = assess(lead, service, weights={"NV-01": 0})
    for code in EVERY[1:]:
        builders.rate(user=lead, assessment=draft, code=code, value=None, na=True, reason="No.")
    draft = builders.reload(assessment=draft)
    ratings = ratings_for_weights(draft)
    data = {"version": str(draft.version)}
    for rating in ratings:
        weight = "0" if rating.code == "NV-01" else "2"
        data |= {f"weight_{rating.pk}": weight, f"reason_{rating.pk}": "Board focus"}
    assert codes(WeightsForm(data, ratings=ratings), "__all__") == ["no_weight_applies"]
    with pytest.raises(RefusedError) as refused:
        builders.submit(user=lead, assessment=draft)
    assert refused.value.code == "no_weight_applies"


def test_the_report_says_nothing_is_scored_because_nothing_applies(nothing_applies):
    """Coverage names the reason, not "No principle that applies has any weight"."""
    from reporting.documents import assessment_report_html

    shown = html.unescape(assessment_report_html(nothing_applies))
    assert "Every principle is marked not applicable, so nothing is scored" in shown
    assert "No principle that applies has any weight" not in shown
