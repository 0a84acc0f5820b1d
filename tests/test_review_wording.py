"""Wording found by a user review: who returned an assessment, "completed" for people who do
not complete it, the returned draft on every editor's dashboard, and the confirmation page
only while the assessment waits for sign-off."""

import html

import pytest
from django.urls import reverse

from partnerships.models import Role
from tests import builders

pytestmark = pytest.mark.django_db


def page(client, user, name, *args) -> str:
    client.force_login(user)
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def test_a_returned_draft_says_who_returned_it(client, people, submitted):
    """ "Returned for changes by <approver> on <date>", on the task list and the answers."""
    builders.return_(user=people[Role.APPROVER], assessment=submitted)
    approver = people[Role.APPROVER]
    for name in ("assessments:overview", "assessments:check"):
        text = page(client, people[Role.CONTRIBUTOR], name, submitted.pk)
        assert f"Returned for changes by {approver.name or approver.username} on" in text


def test_a_returned_draft_is_returned_on_a_contributors_dashboard_too(client, people, submitted):
    """Not "is a draft" for a contributor, while the lead reads "was returned"."""
    builders.return_(user=people[Role.APPROVER], assessment=submitted)
    for role in (Role.CONTRIBUTOR, Role.LEAD):
        text = page(client, people[role], "home")
        assert f"{submitted.title}</a> was returned for changes" in text
        assert f"{submitted.title}</a> is a draft" not in text


def test_the_answers_page_says_you_only_to_people_who_complete_it(client, people, draft):
    """A viewer reads "N of 12 principles completed", a contributor "You have completed"."""
    viewer = page(client, people[Role.VIEWER], "assessments:check", draft.pk)
    assert "0 of 12 principles completed" in viewer and "You have completed" not in viewer
    contributor = page(client, people[Role.CONTRIBUTOR], "assessments:check", draft.pk)
    assert "You have completed 0 of 12 principles" in contributor


def test_the_submitted_confirmation_is_only_for_a_submitted_assessment(client, people, signed_off):
    """Once signed off, its address leads to the assessment's own page."""
    client.force_login(people[Role.VIEWER])
    response = client.get(reverse("assessments:submitted", args=[signed_off.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:overview", args=[signed_off.pk])


def test_check_your_answers_lists_the_targets_the_report_will_show(client, people, draft):
    """A target on a principle since marked not applicable is not listed, as in the report."""
    lead = people[Role.LEAD]
    builders.set_targets(user=lead, assessment=draft, targets={"NV-01": 4, "NV-02": 4})
    builders.rate(user=lead, assessment=draft, code="NV-02", value=None, na=True, reason="No")
    text = page(client, lead, "assessments:check", draft.pk)
    assert "NV-01: 4" in text
    assert "NV-02: 4" not in text


def test_the_targets_page_words_a_carried_forward_answer_as_not_rated(client, people, signed_off):
    """An answer copied from last time and not confirmed is not "Rated 3": it counts as not
    rated everywhere, and the targets page says so as the report does."""
    lead = people[Role.LEAD]
    later = builders.start(
        user=lead, service=signed_off.service, period="2027/28", carry_forward=True
    )
    text = html.unescape(page(client, lead, "assessments:targets", later.pk))
    assert "Not rated yet: carried forward and not confirmed" in text
    assert "Rated 3 – " not in text
