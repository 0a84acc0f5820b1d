"""Hostile and random input to every form never causes a server error or a bad stored value."""

import contextlib
import datetime
import re
from urllib.parse import quote, urlencode

import pytest
from django.db.models import Q
from django.db.models.functions import Length
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.errors import RefusedError
from assessments.models import Assessment, AssessmentState, ImprovementAction, Rating
from partnerships.models import Role
from tests.builders import complete, new_action, rate, submit
from tests.hostile_text import HOSTILE_TEXT

pytestmark = pytest.mark.django_db

HOSTILE = [
    *HOSTILE_TEXT,
    # Control characters Excel files cannot hold: Word's line break (\v), form feed, escape.
    "line one\x0bline two",
    "\x0c\x1b[31m\x07\x08",
    # Digits isdigit() accepts but int() does not (²), and digits of other scripts (٢).
    "\u00b2",
    "\u0662\u0660\u0662\u0666/\u0662\u0667",
    "🙂" * 50,
    "x" * 6000,
    "11",
    "3.5",
    "1e9",
    "NaN",
    "not-applicable",
    "2026/27",
    "31",
    "2",
    "2027",
    "a" * 300,  # longer than django-axes's username column
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
        assert re.fullmatch(r"[0-9]{4}/[0-9]{2}", assessment.period), assessment.period
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
def test_sign_in_survives_anything(client, settings, data):
    """The sign-in form answers every input without a server error, with the lockout on: it
    records failed attempts, so what it stores must fit (usernames of 256+ characters)."""
    settings.AXES_ENABLED = True
    response = client.post(reverse("login"), {"username": data[0], "password": data[1]})
    assert response.status_code < 500
    response = client.post(
        reverse("admin:login"), {"username": data[0], "password": data[1], "next": "/admin/"}
    )
    assert response.status_code < 500


# Where 0 is in some scripts' digits: ASCII, Arabic-Indic, Persian, Devanagari, Bengali,
# full-width. A real year (2026/27) is written with each digit from any of them.
ZEROS = [0x30, 0x660, 0x6F0, 0x966, 0x9E6, 0xFF10]


def _written_in(year: int, zeros: list[int]) -> str:
    ascii_period = f"{year}/{(year + 1) % 100:02d}"
    digits = iter(zeros)
    return "".join(c if c == "/" else chr(next(digits) + int(c)) for c in ascii_period)


@FUZZ
@given(
    period=st.builds(
        _written_in,
        st.integers(min_value=2000, max_value=2098),
        st.lists(st.sampled_from(ZEROS), min_size=6, max_size=6),
    )
)
def test_a_year_in_any_digits_is_stored_in_0_to_9_only(client, people, service, period):
    """A year written in any script's digits never starts a second assessment for a year:
    only 0 to 9 are accepted (assert_invariants checks every stored year)."""
    client.force_login(people[Role.LEAD])
    post_ok(
        client,
        reverse("assessments:start"),
        {
            "service": str(service.pk),
            "principle_set": str(service.partnership.default_principle_set_id),
            "period": period,
            "title": f"Assessment {period}",
        },
    )


@FUZZ
@given(text=st.one_of(st.sampled_from(HOSTILE), st.text(max_size=300)))
def test_every_page_and_download_survives_any_saved_text(client, people, draft, text):
    """Whatever text was saved as evidence and in an action, the report, the board pack and
    every spreadsheet of it answer without a server error (Excel refuses control characters)."""
    # Null characters and text too long are refused with a message: nothing is stored.
    with contextlib.suppress(RefusedError):
        rate(
            user=people[Role.LEAD],
            assessment=draft,
            code="NV-01",
            evidence=text,
            actions=[new_action(description=text or "x", owner=text or "x")],
        )
    client.force_login(people[Role.VIEWER])
    partnership, set_slug = draft.service.partnership.slug, draft.principle_set.slug
    for url in [
        reverse("assessments:report", args=[draft.pk]),
        reverse("assessments:export", args=[draft.pk, "csv"]),
        reverse("assessments:export", args=[draft.pk, "xlsx"]),
        reverse("assessments:board_pack", args=[partnership, set_slug]),
        reverse("assessments:partnership_export", args=[partnership, set_slug, "csv"]),
        reverse("assessments:partnership_export", args=[partnership, set_slug, "xlsx"]),
    ]:
        assert client.get(url).status_code < 500, (url, text)


# Every address, probed with hostile values in each part of the path and in the query string.
# Null characters matter on PostgreSQL (which refuses them even in a comparison), so this
# test is meant to run there too (DATABASE_URL).
PATH_VALUES = ["NV-01\x00", "\x00", "\u00b2", "\u0662", "9" * 40, "-1", "..", "<b>", "a%b"]
QUERY_VALUES = ["\x00", "\u00b2", "\u0662", "9" * 40, "x" * 300, "%"]
QUERY_NAMES = ["service", "assessment", "next", "unsaved", "timed_out", "page"]
_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def _routes(resolver=None, prefix=""):
    """Every path route of ours (Django admin's regex routes left out), with its full prefix."""
    for pattern in (resolver or get_resolver()).url_patterns:
        route = getattr(pattern.pattern, "_route", None)
        if route is None:  # a regex pattern: Django admin
            continue
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, prefix + route)
        elif isinstance(pattern, URLPattern):
            yield prefix + route


def _fill(route: str, real: dict, hostile: tuple[str, str] | None = None) -> str:
    def value(match):
        name = match["name"]
        if hostile and name == hostile[0]:
            return quote(hostile[1], safe="")
        return quote(str(real.get(name, "x")), safe="")

    return "/" + _PARAMETER.sub(value, route)


def test_every_address_answers_hostile_values_without_a_server_error(client, people, draft):
    """No value in any part of any address, or in its query string, causes a server error;
    pages that show assessment data are never stored by browsers or proxies."""
    client.force_login(people[Role.LEAD])
    real = {
        "pk": draft.pk,
        "code": "NV-01",
        "slug": draft.service.partnership.slug,
        "set_slug": draft.principle_set.slug,
        "partnership_slug": draft.service.partnership.slug,
        "fmt": "csv",
    }
    failures = []
    for route in sorted(set(_routes())):
        names = [match["name"] for match in _PARAMETER.finditer(route)]
        paths = [_fill(route, real, (name, value)) for name in names for value in PATH_VALUES]
        plain = _fill(route, real)
        paths += [f"{plain}?{urlencode({n: v for n in QUERY_NAMES})}" for v in QUERY_VALUES]
        for path in paths:
            response = client.get(path)
            if response.status_code >= 500:
                failures.append(f"{path}: {response.status_code}")
            elif response.status_code == 200 and "no-store" not in response.get(
                "Cache-Control", ""
            ):
                failures.append(f"{path}: no Cache-Control: no-store")
    assert failures == []
