"""Every assessment page reads the database a fixed number of times, however big the set.

Each test builds the same page for a small and a large case (a 12 and a 120 principle set,
or 1 and 10 assessments), warms up once (sessions, content types), counts the queries of a
second request and compares. ``CEILINGS`` holds today's counts, so an extra query shows.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import ImprovementAction
from partnerships.models import Role
from tests.builders import complete, new_action, rate, sign_off, start, submit
from tests.factories import PartnershipFactory, PrincipleSetFactory, ServiceFactory, member
from tests.formtools import action_data, formset_data

pytestmark = pytest.mark.django_db

# The most queries each page may make, as measured (SQLite and PostgreSQL alike).
# None includes saving the session: that happens only when the idle sign-out time is due
# to move forward (integrated_care/sessions.py), at most once a minute, not on the second
# request measured here. Each ceiling went down by 3 (savepoint, update, release) when
# the session stopped being saved on every request.
CEILINGS = {
    "overview": 5,
    "principle": 9,  # with the principle's own description of each level
    "principle_save_draft": 16,
    "check": 7,  # with whether anyone can sign off, said to a lead before submitting
    "wording_confirm": 12,  # "The rating still stands" after a principle was reworded
    "weights": 5,
    "weights_save": 13,  # a page of weights saved, with their history and the new version
    "history": 10,  # with the updates to actions since sign-off
    "dashboard": 8,  # with each service's latest signed-off headline
    "export": 7,  # the assessment's spreadsheets (tests/test_export_columns.py)
    # Board-ready reports and actions through the year (tests/test_board_ready_pages.py,
    # tests/test_actions_pages.py).
    "board_summary": 4,
    "targets": 6,
    "sign_off": 8,
    "actions": 7,
    # With the updates behind its progress columns, and which actions carried-forward
    # copies carry (their progress so far is on those).
    "actions_export": 9,
    "action_detail": 7,
    "action_update": 4,
    # Team scoring (tests/test_consensus_query_counts.py): 1 to 30 raters, 12 to 120 principles.
    "team_progress": 8,
    "team_remove": 7,  # are you sure you want to remove a rater
    "team_open": 7,
    "team_mine": 6,
    "team_rate": 9,  # with the principle's own description of each level, as "principle"
    "team_overview": 8,
    "team_agreement": 7,
    "team_principle": 11,
    "team_report": 12,
    "team_history": 12,
    "team_export": 10,
    # Pages that keep what was typed: a save after submission, a weights conflict, answers
    # put back after an idle sign-out.
    "principle_not_saved": 9,
    # A conflict is found by comparing the weights the page showed with those saved (one
    # read, under the lock), so only a change to the page's own weights refuses a save.
    "weights_conflict": 12,
    # The weights page after the assessment was submitted: what was typed, or who moved it on.
    "weights_not_saved": 7,
    "weights_not_now": 5,
    "principle_put_back": 10,
}


# Building assessments -------------------------------------------------------------------


def _action(n: int):
    return new_action(
        description=f"Improvement action {n}",
        owner="Discharge team manager",
        due_date=datetime.date(2027, 3, 1) + datetime.timedelta(days=n),
        status="proposed" if n % 2 else "agreed",
    )


def filled_assessment(service, lead, *, principles: int, groups: int, period="2026/27"):
    """A draft on a made-up set: every 4th principle rated, one not applicable, a quarter with
    evidence only, and two actions on every 10th principle (the 2nd, the one viewed, first)."""
    principle_set = PrincipleSetFactory(principles=principles, principles__groups=groups)
    assessment = start(
        user=lead,
        service=service,
        principle_set=principle_set,
        period=period,
        title=f"{principle_set.short_name} {period}",
    )
    values = list(assessment.rating_scale.levels.order_by("value").values_list("value", flat=True))
    action_number = 0
    ratings = assessment.ratings.select_related("principle").order_by("principle__order")
    for index, rating in enumerate(ratings):
        actions = []
        if index % 10 == 1:
            for _ in range(2):
                action_number += 1
                actions.append(_action(action_number))
        value, evidence, na, reason = None, "", False, ""
        if index % 4 == 0:
            value, evidence = values[index % 5], f"Audit {index}"
        elif index == 2:
            na, reason = True, "No children are seen"
        elif index % 4 == 1:
            evidence = f"Notes so far {index}"
        elif not actions:
            continue
        rate(
            user=lead,
            assessment=assessment,
            code=rating.principle.code,
            value=value,
            evidence=evidence,
            na=na,
            reason=reason,
            actions=actions,
        )
    return assessment


@pytest.fixture
def sized(service, lead):
    """The same service assessed against a 12-principle and a 120-principle set."""
    return {
        "small": filled_assessment(service, lead, principles=12, groups=3),
        "large": filled_assessment(service, lead, principles=120, groups=6),
    }


def viewed_code(assessment) -> str:
    """The principle the principle-page tests open: the 2nd, which has actions."""
    return assessment.ratings.get(principle__order=2).principle.code


# Counting -------------------------------------------------------------------------------


def count_get(client, url):
    """The response to a second GET of ``url`` and the queries it made."""
    response = client.get(url)
    assert response.status_code == 200, url
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return response, ctx


def counts_for(client, urls: dict[str, str]) -> dict[str, int]:
    return {size: len(count_get(client, url)[1]) for size, url in urls.items()}


def page_counts(client, user, sized, page: str) -> dict[str, int]:
    """For each sized assessment, the queries of ``user``'s second GET of its ``page``."""
    client.force_login(user)
    return counts_for(
        client, {size: reverse(f"assessments:{page}", args=[a.pk]) for size, a in sized.items()}
    )


def assert_constant(page: str, counts: dict[str, int]) -> None:
    """The same count for every size, and no more than the page's ceiling."""
    assert len(set(counts.values())) == 1, f"{page}: queries grow with data: {counts}"
    assert max(counts.values()) <= CEILINGS[page], f"{page}: {counts}"


# Assessment pages -----------------------------------------------------------------------


def test_overview_queries_do_not_grow_with_principles(client, lead, sized):
    """The task list makes the same number of queries for 12 and 120 principles."""
    assert_constant("overview", page_counts(client, lead, sized, "overview"))


def test_principle_page_queries_do_not_grow_with_principles(client, lead, sized):
    """A principle's page makes the same number of queries for 12 and 120 principles."""
    client.force_login(lead)
    counts = counts_for(
        client,
        {
            size: reverse("assessments:principle", args=[a.pk, viewed_code(a)])
            for size, a in sized.items()
        },
    )
    assert_constant("principle", counts)


def _save_draft_data(rating, evidence: str) -> dict:
    """What the browser posts for "Save as draft": the answer, the saved actions unchanged
    and the blank extra action."""
    actions = list(rating.actions.order_by("due_date", "pk"))
    saved = [
        action_data(
            index,
            id=str(a.pk),
            description=a.description,
            owner=a.owner,
            due_date_0=str(a.due_date.day),
            due_date_1=str(a.due_date.month),
            due_date_2=str(a.due_date.year),
            status=a.status,
        )
        for index, a in enumerate(actions)
    ]
    return {
        "answer": str(rating.level_id or ""),
        "not_applicable_reason": "",
        "evidence": evidence,
        "version": str(rating.version),
        "save_draft": "1",
        **formset_data(*saved, action_data(len(actions)), initial=len(actions)),
    }


def test_principle_save_draft_queries_do_not_grow_with_principles(client, lead, sized):
    """Saving a principle as draft makes the same number of queries for 12 and 120."""
    client.force_login(lead)
    counts = {}
    for size, assessment in sized.items():
        code = viewed_code(assessment)
        url = reverse("assessments:principle", args=[assessment.pk, code])
        rating = assessment.ratings.get(principle__code=code)
        actions_before = list(ImprovementAction.objects.filter(rating=rating).values())
        for attempt in ("warm-up", "measured"):
            rating.refresh_from_db()
            data = _save_draft_data(rating, evidence=f"Evidence, {attempt}")
            with CaptureQueriesContext(connection) as ctx:
                response = client.post(url, data)
            assert response.status_code == 302, response.content.decode()[:2000]
            assert response["Location"] == reverse("assessments:overview", args=[assessment.pk])
        rating.refresh_from_db()
        assert rating.evidence == "Evidence, measured"
        # The saved actions were posted back unchanged, so none was rewritten.
        assert list(ImprovementAction.objects.filter(rating=rating).values()) == actions_before
        counts[size] = len(ctx)
    assert_constant("principle_save_draft", counts)


def test_wording_confirm_queries_do_not_grow_with_principles(client, lead, sized):
    """Confirming a rating still stands after a rewording makes the same number of queries
    for 12 and 120 principles."""
    client.force_login(lead)
    counts = {}
    for size, assessment in sized.items():
        url = reverse("assessments:wording_confirm", args=[assessment.pk, viewed_code(assessment)])
        for _attempt in ("warm-up", "measured"):
            with CaptureQueriesContext(connection) as ctx:
                response = client.post(url, {"back_to": "check"})
            assert response.status_code == 302
        counts[size] = len(ctx)
    assert_constant("wording_confirm", counts)


def test_check_answers_queries_do_not_grow_with_principles(client, lead, sized):
    """Check your answers, with every rating and action, makes the same number of queries."""
    assert_constant("check", page_counts(client, lead, sized, "check"))


def test_history_queries_do_not_grow_with_principles(client, lead, sized):
    """The history page makes the same number of queries for 12 and 120 principles."""
    pytest.importorskip("assessments.audit")
    assert_constant("history", page_counts(client, lead, sized, "history"))


# Dashboard ------------------------------------------------------------------------------


def test_dashboard_queries_do_not_grow_with_assessments(client, principle_sets):
    """The dashboard makes the same number of queries for 1 assessment as for 10, across
    several partnerships, services and states."""
    # One partnership, one service, one signed-off assessment (so both cases show headlines).
    alone = PartnershipFactory()
    alone_lead = member(alone, Role.LEAD)
    only = start(user=alone_lead, service=ServiceFactory(partnership=alone))
    complete(user=alone_lead, assessment=only)
    submit(user=alone_lead, assessment=only)
    sign_off(user=member(alone, Role.APPROVER), assessment=only)

    # Two partnerships, five services, ten assessments in every state.
    first, second = PartnershipFactory(), PartnershipFactory()
    busy_lead = member(first, Role.LEAD)
    member(second, Role.APPROVER, username=busy_lead.username)
    second_lead = member(second, Role.LEAD)
    approver = member(first, Role.APPROVER)
    services = [ServiceFactory(partnership=first) for _ in range(3)]
    services += [ServiceFactory(partnership=second) for _ in range(2)]
    for number, service in enumerate(services):
        owner = busy_lead if service.partnership == first else second_lead
        for period in ("2025/26", "2026/27"):
            assessment = start(user=owner, service=service, period=period)
            if period == "2025/26" and number in (0, 3):
                complete(user=owner, assessment=assessment)
                submit(user=owner, assessment=assessment)
            if period == "2025/26" and number == 0:
                sign_off(user=approver, assessment=assessment)

    counts, shown = {}, {}
    for size, user in (("one", alone_lead), ("ten", busy_lead)):
        client.force_login(user)
        response, ctx = count_get(client, reverse("home"))
        counts[size] = len(ctx)
        shown[size] = sum(
            len(item["assessments"])
            for row in response.context["partnerships"]
            for item in row["services"]
        )
    assert shown == {"one": 1, "ten": 10}
    assert_constant("dashboard", counts)


# Pages that keep what was typed (tests/test_nothing_lost.py, tests/test_session_timeout.py) --


def _post_counts(client, urls_and_data: dict[str, tuple[str, dict]], status: int) -> dict:
    """For each size, the queries of the second of two identical posts."""
    counts = {}
    for size, (url, data) in urls_and_data.items():
        for _attempt in ("warm-up", "measured"):
            with CaptureQueriesContext(connection) as ctx:
                response = client.post(url, data)
            assert response.status_code == status, response.content.decode()[:2000]
        counts[size] = len(ctx)
    return counts


def test_a_save_after_submission_queries_do_not_grow_with_principles(client, lead, sized):
    """The page saying a principle was not saved because the lead submitted, with everything
    typed, makes the same number of queries for 12 and 120 principles."""
    from django.utils import timezone

    from assessments.models import Assessment

    client.force_login(lead)
    posts = {}
    for size, assessment in sized.items():
        code = viewed_code(assessment)
        data = _save_draft_data(assessment.ratings.get(principle__code=code), "Typed late")
        posts[size] = (reverse("assessments:principle", args=[assessment.pk, code]), data)
        # Submitted meanwhile (directly: the draft is not complete, and only the state matters).
        Assessment.objects.filter(pk=assessment.pk).update(
            state="submitted", submitted_by=lead, submitted_at=timezone.now()
        )
    assert_constant("principle_not_saved", _post_counts(client, posts, 409))


def test_answers_put_back_after_signing_in_queries_do_not_grow(client, lead, sized):
    """A principle's page putting back answers kept at an idle sign-out makes the same
    number of queries for 12 and 120 principles."""
    from urllib.parse import parse_qs, urlsplit

    from integrated_care.unsaved import owner_token

    urls = {}
    for size, assessment in sized.items():
        code = viewed_code(assessment)
        url = reverse("assessments:principle", args=[assessment.pk, code])
        data = _save_draft_data(assessment.ratings.get(principle__code=code), "Typed, then idle")
        client.logout()
        response = client.post(url, data | {"unsaved_owner": owner_token(lead)})
        urls[size] = parse_qs(urlsplit(response["Location"]).query)["next"][0]
    client.force_login(lead)
    assert_constant("principle_put_back", counts_for(client, urls))
