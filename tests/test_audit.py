"""The audit trail: every change to an assessment in plain words, with who and when."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.audit import AuditEntry, audit_entries
from assessments.models import ActionStatus, Assessment, Rating
from principles.models import Principle, PrincipleSet
from tests.builders import (
    complete,
    new_action,
    rate,
    rating_for,
    return_,
    set_weights,
    sign_off,
    start,
    submit,
)
from tests.factories import PrincipleSetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def named(people):
    """The people fixture with names we can read in the trail."""
    for role, (first, last) in {
        "lead": ("Priya", "Shah"),
        "contributor": ("Tom", "Evans"),
        "approver": ("Grace", "Okafor"),
    }.items():
        people[role].first_name, people[role].last_name = first, last
        people[role].save()
    return people


# Helpers ------------------------------------------------------------------------------


def summaries(assessment) -> list[str]:
    return [entry.summary for entry in audit_entries(assessment)]


def only_entry(assessment, summary) -> AuditEntry:
    found = [entry for entry in audit_entries(assessment) if entry.summary == summary]
    assert len(found) == 1, summaries(assessment)
    return found[0]


def assert_logged(assessment, summary, user, since) -> None:
    entry = only_entry(assessment, summary)
    assert entry.who == user.get_full_name()
    assert since <= entry.when <= timezone.now()


# Sentences ----------------------------------------------------------------------------


def test_starting_is_logged(service, named):
    """Starting an assessment reads "Started the assessment", by the lead."""
    lead = named["lead"]
    since = timezone.now()
    assessment = start(user=lead, service=service, title="Discharge to assess")
    assert summaries(assessment) == ["Started the assessment"]
    assert_logged(assessment, "Started the assessment", lead, since)


def test_rating_a_principle_is_logged_with_the_previous_level(draft, named):
    """A level reads "Rated ... as" its value and label, with the level it replaced."""
    contributor, lead = named["contributor"], named["lead"]
    since = timezone.now()
    rate(user=contributor, assessment=draft, code="NV-03", value=3, evidence="")
    rate(user=lead, assessment=draft, code="NV-03", value=4, evidence="")

    assert_logged(draft, "Rated NV-03 Outcomes people report as 3 – Growing", contributor, since)
    assert_logged(
        draft,
        "Rated NV-03 Outcomes people report as 4 – Strengthening (was 3 – Growing)",
        lead,
        since,
    )


def test_not_applicable_is_logged_with_its_reason(service, named):
    """Not applicable reads "Marked ... as not applicable: <reason>"."""
    contributor, lead = named["contributor"], named["lead"]
    assessment = start(
        user=lead,
        service=service,
        principle_set=PrincipleSet.objects.get(slug="scotland-integration-principles"),
        title="Scotland",
    )
    since = timezone.now()
    rate(user=contributor, assessment=assessment, code="SC-05", value=2, evidence="")
    rate(
        user=contributor,
        assessment=assessment,
        code="SC-05",
        value=None,
        evidence="",
        na=True,
        reason="Funded nationally.",
    )
    rate(user=contributor, assessment=assessment, code="SC-05", value=3, evidence="")

    assert_logged(
        assessment,
        "Marked SC-05 Best use of resources as not applicable: Funded nationally.",
        contributor,
        since,
    )
    assert "Rated SC-05 Best use of resources as 3 – Growing (was not applicable)" in summaries(
        assessment
    )


def test_evidence_changes_are_logged_without_the_text(draft, named):
    """Evidence reads "Added evidence for ..." then "Changed the evidence for ..."."""
    contributor, lead = named["contributor"], named["lead"]
    since = timezone.now()
    rate(user=contributor, assessment=draft, code="NV-01", value=None, evidence="First version.")
    rate(user=lead, assessment=draft, code="NV-01", value=None, evidence="Second version.")

    assert_logged(draft, "Added evidence for NV-01 Person-centred", contributor, since)
    assert_logged(draft, "Changed the evidence for NV-01 Person-centred", lead, since)
    assert not any("version." in summary for summary in summaries(draft))


def test_weight_changes_are_logged_with_the_reason(draft, named):
    """A weight reads "Changed the weight of ... from 1 to 3: <reason>"."""
    lead = named["lead"]
    nv02 = rating_for(assessment=draft, code="NV-02")
    since = timezone.now()
    set_weights(user=lead, assessment=draft, weights={nv02.pk: (3, "Board priority")})

    assert_logged(
        draft,
        "Changed the weight of NV-02 Benefit to service users from 1 to 3: Board priority",
        lead,
        since,
    )
    assert summaries(draft) == [
        "Changed the weight of NV-02 Benefit to service users from 1 to 3: Board priority",
        "Started the assessment",
    ]


def test_actions_added_changed_and_deleted_are_logged(draft, named):
    """Actions read "Added an action to ...", "Changed the status of ...", "Deleted an action"."""
    contributor, lead = named["contributor"], named["lead"]
    label = "NV-04 Community and voluntary sector"
    since = timezone.now()
    actions_only = {"assessment": draft, "code": "NV-04", "value": None, "evidence": ""}
    rate(user=contributor, **actions_only, actions=[new_action(description="Share one care plan")])
    added = rating_for(assessment=draft, code="NV-04").actions.get()
    rate(
        user=lead,
        **actions_only,
        actions=[
            new_action(
                description="Share one care plan",
                status=ActionStatus.COMPLETED,
                id=added.pk,
                owner="Lead nurse",
                due_date=datetime.date(2027, 6, 30),
            )
        ],
    )
    rate(user=contributor, **actions_only, actions=[new_action(id=added.pk, delete=True)])

    assert_logged(draft, f"Added an action to {label}: Share one care plan", contributor, since)
    assert_logged(draft, f"Changed the status of an action on {label} to Completed", lead, since)
    assert_logged(draft, f"Changed the owner of an action on {label} to Lead nurse", lead, since)
    assert_logged(
        draft, f"Changed the due date of an action on {label} to 30 June 2027", lead, since
    )
    assert_logged(draft, f"Deleted an action on {label}: Share one care plan", contributor, since)


def test_submission_return_and_sign_off_are_logged(draft, named):
    """Submitting, returning and signing off each read as one plain sentence with details."""
    lead, approver = named["lead"], named["approver"]
    complete(user=lead, assessment=draft, evidence="Evidence.")
    since = timezone.now()
    submit(user=lead, assessment=draft)
    return_(user=approver, assessment=draft, comment="Add evidence from carers.")
    submit(user=lead, assessment=draft)
    sign_off(
        user=approver,
        assessment=draft,
        decision_date=datetime.date(2027, 3, 3),
        minute_reference="12/27",
    )

    entries = audit_entries(draft)
    assert [(e.summary, e.who) for e in entries[:4]] == [
        (
            "Signed off: Approved by Riverside Health and Wellbeing Board on 3 March 2027 "
            "(minute 12/27)",
            approver.get_full_name(),
        ),
        ("Submitted for sign-off", lead.get_full_name()),
        ("Returned for changes: Add evidence from carers.", approver.get_full_name()),
        ("Submitted for sign-off", lead.get_full_name()),
    ]
    assert all(since <= e.when for e in entries[:4])
    # Freezing and unfreezing the ratings at submission and return are not shown.
    assert len(entries) == 4 + 2 * 12 + 1


def test_saves_that_change_nothing_are_not_logged(draft, named):
    """Re-saving the same answer and actions, or saving unchanged weights, adds nothing."""
    contributor, lead = named["contributor"], named["lead"]
    rate(
        user=contributor,
        assessment=draft,
        code="NV-01",
        value=2,
        evidence="Same.",
        actions=[new_action()],
    )
    before = summaries(draft)
    existing = rating_for(assessment=draft, code="NV-01").actions.get()

    rate(
        user=lead,
        assessment=draft,
        code="NV-01",
        value=2,
        evidence="Same.",
        actions=[new_action(id=existing.pk)],
    )
    set_weights(user=lead, assessment=draft, weights={})

    assert summaries(draft) == before
    assert len(before) == 4


def test_reviewing_a_carried_forward_answer_is_logged(service, named):
    """Saving a carried-forward answer unchanged reads "Kept the answer carried forward for ..."."""
    lead = named["lead"]
    last_year = start(user=lead, service=service, period="2025/26", title="Last year")
    complete(user=lead, assessment=last_year)
    rate(user=lead, assessment=last_year, code="NV-01", value=4, evidence="Evidence.")
    submit(user=lead, assessment=last_year)
    sign_off(user=named["approver"], assessment=last_year, decision_date=datetime.date(2026, 3, 4))
    assessment = start(user=lead, service=service, title="This year", carry_forward=True)

    rate(
        user=named["contributor"],
        assessment=assessment,
        code="NV-01",
        value=4,
        evidence="Evidence.",
    )

    assert summaries(assessment) == [
        "Kept the answer carried forward for NV-01 Person-centred",
        "Started the assessment, copying answers from Last year (2025/26), "
        "signed off on 4 March 2026",
    ]


# Who, when and order ------------------------------------------------------------------


def test_who_falls_back_to_the_username_then_unknown(draft, people):
    """A person with no name is shown by username; a deleted account as "Unknown"."""
    contributor, lead = people["contributor"], people["lead"]
    contributor.first_name = contributor.last_name = ""
    contributor.save()
    rate(
        user=contributor,
        assessment=draft,
        code="NV-01",
        value=None,
        evidence="From the contributor.",
    )
    lead.delete()

    assert [(e.summary, e.who) for e in audit_entries(draft)] == [
        ("Added evidence for NV-01 Person-centred", "contributor-user"),
        ("Started the assessment", "Unknown"),
    ]


def test_entries_are_newest_first(draft, named):
    """Later changes come before earlier ones, whichever table they are in."""
    contributor, lead = named["contributor"], named["lead"]
    rate(user=contributor, assessment=draft, code="NV-01", value=1, evidence="")
    set_weights(
        user=lead,
        assessment=draft,
        weights={rating_for(assessment=draft, code="NV-05").pk: (2, "Priority")},
    )
    rate(
        user=contributor,
        assessment=draft,
        code="NV-02",
        value=None,
        evidence="Notes.",
        actions=[new_action(description="Audit")],
    )

    entries = audit_entries(draft)
    assert [e.summary for e in entries] == [
        "Added an action to NV-02 Benefit to service users: Audit",
        "Added evidence for NV-02 Benefit to service users",
        "Changed the weight of NV-05 Inclusive of all communities from 1 to 2: Priority",
        "Rated NV-01 Person-centred as 1 – Not evident",
        "Started the assessment",
    ]
    assert [e.when for e in entries] == sorted((e.when for e in entries), reverse=True)


def test_a_submitted_trail_names_principles_as_rated(draft, named):
    """After submission the trail keeps the principle titles that were rated against."""
    lead = named["lead"]
    complete(user=lead, assessment=draft, evidence="Evidence.")
    submit(user=lead, assessment=draft)
    Principle.objects.filter(code="NV-01").update(short_title="Renamed")

    assert "Rated NV-01 Person-centred as 3 – Growing" in summaries(draft)
    assert not any("Renamed" in summary for summary in summaries(draft))


def test_a_draft_trail_names_principles_as_they_are_now(draft, named):
    """In a draft the trail uses the current principle titles."""
    contributor = named["contributor"]
    rate(user=contributor, assessment=draft, code="NV-01", value=3, evidence="")
    Principle.objects.filter(code="NV-01").update(short_title="Renamed")

    assert "Rated NV-01 Renamed as 3 – Growing" in summaries(draft)


# Queries ------------------------------------------------------------------------------


def busy_assessment(service, people, principle_set, period) -> Assessment:
    """An assessment with every principle rated, an action each, weights, and a round trip."""
    lead = people["lead"]
    assessment = start(
        user=lead, service=service, principle_set=principle_set, period=period, title=period
    )
    ratings = list(assessment.ratings.select_related("principle"))
    for rating in ratings:
        rate(
            user=people["contributor"],
            assessment=assessment,
            code=rating.principle.code,
            value=3,
            evidence="Evidence.",
            actions=[new_action()],
        )
    set_weights(
        user=lead, assessment=assessment, weights={rating.pk: (2, "Priority") for rating in ratings}
    )
    submit(user=lead, assessment=assessment)
    return_(user=lead, assessment=assessment, comment="Go")
    first = Rating.objects.get(pk=ratings[0].pk)
    rate(
        user=lead,
        assessment=assessment,
        code=first.principle.code,
        value=4,
        evidence="More.",
        actions=[new_action(id=first.actions.get().pk, delete=True)],
    )
    return assessment


def test_queries_do_not_grow_with_the_assessment(service, people, django_assert_num_queries):
    """The trail of 120 principles takes as many queries as the trail of 12."""
    small = busy_assessment(service, people, PrincipleSetFactory(principles=12), "2026/27")
    large = busy_assessment(service, people, PrincipleSetFactory(principles=120), "2026/27")

    with CaptureQueriesContext(connection) as small_queries:
        small_entries = audit_entries(small)
    with django_assert_num_queries(len(small_queries)):
        large_entries = audit_entries(large)

    assert len(small_queries) <= 6
    # Started, 3 per principle (rating, evidence, action), a weight each, submitted,
    # returned, and the first principle's new rating, evidence and deleted action.
    assert len(small_entries) == 1 + 4 * 12 + 2 + 3
    assert len(large_entries) == 1 + 4 * 120 + 2 + 3
