"""Anything anyone sends to the public feedback form: never a server error, never a bad row."""

from urllib.parse import quote

import pytest
from django.db.models.functions import Length
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from integrated_care.line_breaks import one_line_break
from partnerships.models import Role
from tests.hostile_text import HOSTILE_TEXT
from tests.voice_builders import open_round
from voice.models import Agreement, AnsweringAs, FeedbackAnswer, FeedbackResponse
from voice.selectors import statement_principles

pytestmark = pytest.mark.django_db

HOSTILE = [
    *HOSTILE_TEXT,
    "🙂" * 300,
    "x" * 1001,
    "x" * 1000,
    *Agreement.values,
    *AnsweringAs.values,
]
values = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=300))
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def feedback_round(draft, people, settings):
    # The fuzzer posts far faster than any person: the rate limit has its own tests.
    settings.FEEDBACK_RATE = "1000000/m"
    return open_round(user=people[Role.LEAD], assessment=draft)


def _fields(feedback_round) -> list[str]:
    names = ["answering_as", "website"]
    for principle in statement_principles(feedback_round.assessment.principle_set):
        names += [f"answer_{principle.pk}", f"comment_{principle.pk}"]
    return names


def assert_invariants():
    """Whatever was sent, every stored response is complete and every stored value valid."""
    assert not FeedbackResponse.objects.exclude(answering_as__in=AnsweringAs.values).exists()
    assert not FeedbackAnswer.objects.exclude(answer__in=Agreement.values).exists()
    assert not FeedbackAnswer.objects.annotate(n=Length("comment")).filter(n__gt=1000).exists()
    assert not any("\x00" in c for c in FeedbackAnswer.objects.values_list("comment", flat=True))
    for response in FeedbackResponse.objects.all():
        assert response.answers.count() == 12
        assert not response.assisted


@FUZZ
@given(data=st.data())
def test_random_answers_on_every_page(feedback_round, data):
    """Random, hostile and missing values on who, each question page and the check page."""
    client = Client()
    token = feedback_round.token
    fields = _fields(feedback_round)
    urls = [
        reverse("voice:who", args=[token]),
        *[reverse("voice:questions", args=[token, part]) for part in (1, 2, 3)],
        reverse("voice:check", args=[token]),
    ]
    for url in urls:
        chosen = data.draw(st.lists(st.sampled_from(fields), unique=True), label="fields")
        form = {name: data.draw(values, label=name) for name in chosen}
        response = client.post(url, form)
        assert response.status_code < 500, (url, form)
    assert_invariants()


@FUZZ
@given(token=st.text(max_size=80), part=st.integers(-(10**12), 10**12))
def test_random_links(feedback_round, token, part):
    """Any token and any page number: the closed page or a redirect, never an error."""
    client = Client()
    for path in [
        f"/feedback/{quote(token, safe='')}/",
        f"/feedback/{quote(token, safe='')}/who/",
        f"/feedback/{feedback_round.token}/part-{part}/",
        f"/feedback/{quote(token, safe='')}/check/",
        f"/feedback/{quote(token, safe='')}/sent/",
    ]:
        assert client.get(path).status_code < 500, path
        assert client.post(path, {"answering_as": "person"}).status_code < 500, path
    assert_invariants()


@FUZZ
@given(
    body=st.binary(max_size=3000),
    content_type=st.sampled_from(
        [
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=xyz",
            "multipart/form-data",
            "application/json",
            "text/plain",
            "",
        ]
    ),
)
def test_random_request_bodies(feedback_round, body, content_type):
    """Raw bytes of any kind posted to the form pages."""
    client = Client()
    client.post(reverse("voice:who", args=[feedback_round.token]), {"answering_as": "person"})
    for url in [
        reverse("voice:who", args=[feedback_round.token]),
        reverse("voice:questions", args=[feedback_round.token, 1]),
        reverse("voice:check", args=[feedback_round.token]),
    ]:
        response = client.generic("POST", url, body, content_type=content_type)
        assert response.status_code < 500, (url, content_type)
    assert_invariants()


@FUZZ
@given(data=st.data())
def test_valid_answers_with_hostile_comments(feedback_round, data):
    """Every page answered, comments anything: stored as plain text, or refused with an error."""
    FeedbackResponse.objects.all().delete()
    client = Client()
    token = feedback_round.token
    client.post(reverse("voice:who", args=[token]), {"answering_as": "other"})
    principles = statement_principles(feedback_round.assessment.principle_set)
    sent = {}
    for part, page in enumerate([principles[:4], principles[4:8], principles[8:]], start=1):
        form = {}
        for principle in page:
            form[f"answer_{principle.pk}"] = data.draw(st.sampled_from(Agreement.values))
            form[f"comment_{principle.pk}"] = sent[principle.pk] = data.draw(values)
        response = client.post(reverse("voice:questions", args=[token, part]), form)
        assert response.status_code in {200, 302}
    response = client.post(reverse("voice:check", args=[token]))
    assert response.status_code < 500
    assert_invariants()
    for answer in FeedbackAnswer.objects.all():
        # A lone carriage return is a line break like any other (integrated_care.line_breaks).
        assert answer.comment == one_line_break(sent[answer.principle_id]).strip()
