"""Hostile and random input to every form never causes a server error or a bad stored value."""

import datetime

import pytest
from django.db.models import Q
from django.db.models.functions import Length
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.models import Assessment, AssessmentState, ImprovementAction, Rating
from partnerships.models import Role
from tests.builders import complete, submit

pytestmark = pytest.mark.django_db

HOSTILE = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR 1=1 --",
    "=cmd|' /C calc'!A0",
    "../../etc/passwd",
    "\u202e\u0000\ufeff",
    "🙂" * 50,
    "x" * 6000,
    "9" * 40,
    "-1",
    "11",
    "3.5",
    "1e9",
    "NaN",
    "not-applicable",
    "2026/27",
    "31",
    "2",
    "2027",
]
values = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=300),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
)
FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def form_data(fields, draw_values):
    return {name: value for name, value in zip(fields, draw_values, strict=True)}


def assert_invariants():
    """Nothing stored breaks the rules the forms and services enforce."""
    assert not Rating.objects.filter(Q(weight__gt=10) | Q(weight__lt=0)).exists()
    assert not Rating.objects.filter(not_applicable=True, level__isnull=False).exists()
    assert not Rating.objects.annotate(n=Length("evidence")).filter(n__gt=5000).exists()
    assert (
        not Rating.objects.annotate(n=Length("not_applicable_reason")).filter(n__gt=1000).exists()
    )
    texts = Rating.objects.values_list("evidence", "not_applicable_reason")
    assert not any("\x00" in text for pair in texts for text in pair)
    for rating in Rating.objects.exclude(level=None).select_related("level", "assessment"):
        assert rating.level.scale_id == rating.assessment.rating_scale_id
    assert (
        not ImprovementAction.objects.annotate(n=Length("description")).filter(n__gt=1000).exists()
    )
    assert not ImprovementAction.objects.exclude(
        status__in=["proposed", "agreed", "in_progress", "completed", "deferred"]
    ).exists()
    for assessment in Assessment.objects.all():
        assert assessment.state in AssessmentState.values
        if assessment.signoff_date:
            assert assessment.signoff_date <= datetime.date.today()
            assert assessment.signoff_decision in {"approved", "endorsed", "noted"}


def post_ok(client, url, data):
    response = client.post(url, data)
    assert response.status_code < 500, (url, data)
    assert_invariants()
    return response


RATING_FIELDS = [
    "answer",
    "evidence",
    "not_applicable_reason",
    "version",
    "actions-TOTAL_FORMS",
    "actions-INITIAL_FORMS",
    "actions-0-id",
    "actions-0-description",
    "actions-0-owner",
    "actions-0-due_date_0",
    "actions-0-due_date_1",
    "actions-0-due_date_2",
    "actions-0-status",
]


@FUZZ
@given(
    data=st.lists(values, min_size=len(RATING_FIELDS), max_size=len(RATING_FIELDS)),
    button=st.sampled_from(["save_continue", "save_draft", "add_action"]),
)
def test_rating_page_survives_anything(client, people, draft, data, button):
    """The principle page answers every input without a server error."""
    client.force_login(people[Role.CONTRIBUTOR])
    rating = draft.ratings.order_by("principle__order").first()
    payload = form_data(RATING_FIELDS, data) | {button: "1"}
    if data[0] == "2":  # sometimes offer a real level and the current version
        payload |= {"answer": str(rating.level_id or draft.rating_scale.levels.first().pk)}
        payload["version"] = str(Rating.objects.get(pk=rating.pk).version)
    post_ok(
        client, reverse("assessments:principle", args=[draft.pk, rating.principle.code]), payload
    )


@FUZZ
@given(data=st.lists(values, min_size=5, max_size=5))
def test_start_form_survives_anything(client, people, service, data):
    """Starting an assessment answers every input without a server error."""
    client.force_login(people[Role.LEAD])
    fields = ["service", "principle_set", "period", "title", "carry_forward"]
    payload = form_data(fields, data)
    if data[4] == "2027":
        payload["service"] = str(service.pk)
    post_ok(client, reverse("assessments:start"), payload)


@FUZZ
@given(data=st.lists(values, min_size=4, max_size=4))
def test_weights_form_survives_anything(client, people, draft, data):
    """The weights page answers every input without a server error."""
    client.force_login(people[Role.LEAD])
    ratings = list(draft.ratings.order_by("principle__order")[:2])
    payload = {"version": str(Assessment.objects.get(pk=draft.pk).version)}
    payload[f"weight_{ratings[0].pk}"], payload[f"reason_{ratings[0].pk}"] = data[0], data[1]
    payload[f"weight_{ratings[1].pk}"], payload[f"reason_{ratings[1].pk}"] = data[2], data[3]
    post_ok(client, reverse("assessments:weights", args=[draft.pk]), payload)


@FUZZ
@given(data=st.lists(values, min_size=7, max_size=7))
def test_sign_off_and_return_survive_anything(client, people, draft, data):
    """Sign-off and return answer every input without a server error."""
    if Assessment.objects.get(pk=draft.pk).state == AssessmentState.DRAFT:
        complete(user=people[Role.LEAD], assessment=draft)
        submit(user=people[Role.LEAD], assessment=draft)
    client.force_login(people[Role.APPROVER])
    fields = [
        "body",
        "decision",
        "decision_date_0",
        "decision_date_1",
        "decision_date_2",
        "minute_reference",
        "version",
    ]
    payload = form_data(fields, data)
    post_ok(client, reverse("assessments:sign_off", args=[draft.pk]), payload)
    post_ok(
        client,
        reverse("assessments:return", args=[draft.pk]),
        {"comment": data[0], "version": data[6]},
    )


@FUZZ
@given(data=st.lists(values, min_size=2, max_size=2))
def test_sign_in_survives_anything(client, data):
    """The sign-in form answers every input without a server error."""
    response = client.post(reverse("login"), {"username": data[0], "password": data[1]})
    assert response.status_code < 500
