"""The pages a lead, an approver and a board member use to get an assessment to the board."""

import datetime
import re

import pytest
from django.urls import reverse

from assessments.forms import BoardSummaryForm, ReturnForm, SubmitWithReasonsForm, TargetsForm
from assessments.models import Rating
from partnerships.models import Role
from principles.models import PrincipleLevelDescriptor
from tests import builders
from tests.formtools import codes
from tests.test_query_counts import assert_constant, filled_assessment, page_counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def weak(draft, people):
    """Complete at 3, with NV-02 at 1 and no action."""
    lead = people[Role.LEAD]
    builders.complete(user=lead, assessment=draft)
    builders.rate(user=lead, assessment=draft, code="NV-02", value=1, evidence="Little sign of it.")
    return builders.reload(assessment=draft)


# Check your answers and submission ---------------------------------------------------------


def test_check_lists_weak_principles_without_action_and_asks_why(client, people, weak):
    """Check your answers names NV-02, links to add an action, and has a reason box."""
    client.force_login(people[Role.LEAD])
    response = client.get(reverse("assessments:check", args=[weak.pk]))
    content = response.content.decode()
    assert [r.code for r in response.context["needing"]] == ["NV-02"]
    assert "Add an action, or say why none is needed" in content
    rating = builders.rating_for(assessment=weak, code="NV-02")
    assert f'name="no_action_{rating.pk}"' in content
    assert reverse("assessments:principle", args=[weak.pk, "NV-02"]) + "#actions" in content


def test_submitting_without_a_reason_shows_the_error_and_keeps_the_draft(client, people, weak):
    """An empty reason is an error with a code; with one, the assessment is submitted."""
    client.force_login(people[Role.LEAD])
    url = reverse("assessments:check", args=[weak.pk])
    rating = builders.rating_for(assessment=weak, code="NV-02")
    response = client.post(url, {"version": weak.version, f"no_action_{rating.pk}": " "})
    assert response.status_code == 200
    assert codes(response.context["submit_form"], f"no_action_{rating.pk}") == ["required"]
    assert "Enter why NV-02 needs no action, or add an action to it" in response.content.decode()
    assert builders.reload(assessment=weak).is_draft
    response = client.post(
        url, {"version": weak.version, f"no_action_{rating.pk}": "Covered by the county plan."}
    )
    assert response.status_code == 302
    assert builders.rating_for(assessment=weak, code="NV-02").no_action_reason == (
        "Covered by the county plan."
    )


def test_adding_an_action_removes_the_question(client, people, weak):
    """With an open action, NV-02 is no longer listed and submission needs no reason."""
    lead = people[Role.LEAD]
    builders.rate(
        user=lead, assessment=weak, code="NV-02", value=1, actions=[builders.new_action()]
    )
    client.force_login(lead)
    response = client.get(reverse("assessments:check", args=[weak.pk]))
    assert response.context["needing"] == []
    assert (
        client.post(
            reverse("assessments:check", args=[weak.pk]),
            {"version": builders.reload(assessment=weak).version},
        ).status_code
        == 302
    )


def test_check_shows_what_the_lead_prepared_for_the_board(client, people, weak):
    """The summary, the ask and targets are on check your answers, with change links."""
    lead = people[Role.LEAD]
    builders.prepare_for_board(
        user=lead, assessment=weak, summary="A good year.", board_ask="Note it."
    )
    builders.set_targets(user=lead, assessment=weak, targets={"NV-01": 4})
    client.force_login(lead)
    content = client.get(reverse("assessments:check", args=[weak.pk])).content.decode()
    assert "A good year." in content and "Note it." in content
    assert "NV-01: 4 – Strengthening" in content
    assert reverse("assessments:board_summary", args=[weak.pk]) in content
    assert reverse("assessments:targets", args=[weak.pk]) in content


# Writing for the board and targets -----------------------------------------------------------


def test_lead_writes_the_summary_and_ask_on_their_page(client, people, draft):
    """The form saves both and goes back to check your answers."""
    client.force_login(people[Role.LEAD])
    url = reverse("assessments:board_summary", args=[draft.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"summary": "How we did.", "board_ask": "Approve it.", "version": draft.version}
    )
    assert response["Location"] == reverse("assessments:check", args=[draft.pk])
    draft.refresh_from_db()
    assert (draft.lead_summary, draft.board_ask) == ("How we did.", "Approve it.")


def test_a_stale_summary_save_shows_the_conflict_and_keeps_the_text(client, people, draft):
    """A save based on an old version is refused on the page, with the text kept."""
    client.force_login(people[Role.LEAD])
    url = reverse("assessments:board_summary", args=[draft.pk])
    builders.prepare_for_board(user=people[Role.LEAD], assessment=draft, summary="Someone else's")
    response = client.post(url, {"summary": "Mine", "board_ask": "", "version": draft.version})
    assert response.status_code == 409
    assert codes(response.context["form"], "__all__") == ["conflict"]
    assert "Mine" in response.content.decode()


def test_lead_sets_targets_on_their_page(client, people, draft):
    """Each principle has a select of the scale's levels; "No target" clears one."""
    client.force_login(people[Role.LEAD])
    url = reverse("assessments:targets", args=[draft.pk])
    response = client.get(url)
    form = response.context["form"]
    nv01 = builders.rating_for(assessment=draft, code="NV-01")
    level = draft.rating_scale.levels.get(value=4)
    data = {name: "" for name in form.fields if name.startswith("target_")}
    data |= {f"target_{nv01.pk}": str(level.pk), "version": draft.version}
    assert client.post(url, data).status_code == 302
    assert builders.rating_for(assessment=draft, code="NV-01").target_value == 4


def test_form_errors_have_codes(draft, people):
    """The board forms give field errors with codes, as their services refuse."""
    ratings = list(Rating.objects.filter(assessment=draft).select_related("principle", "level"))
    levels = list(draft.rating_scale.levels.order_by("value"))
    summary = BoardSummaryForm({"summary": "x" * 5001, "board_ask": "", "version": 1})
    assert codes(summary, "summary") == ["max_length"]
    targets = TargetsForm(
        {f"target_{ratings[0].pk}": "99999", "version": 1}, ratings=ratings, levels=levels
    )
    assert codes(targets, f"target_{ratings[0].pk}") == ["invalid_choice"]
    reasons = SubmitWithReasonsForm({"version": 1}, needing=ratings[:1])
    assert codes(reasons, f"no_action_{ratings[0].pk}") == ["required"]
    name = f"no_action_{ratings[0].pk}"
    long = SubmitWithReasonsForm({"version": 1, name: "x" * 1001}, needing=ratings[:1])
    assert codes(long, name) == ["max_length"]
    assert long.errors[name] == [
        f"Why {ratings[0].code} needs no action must be 1,000 characters or fewer"
    ]
    returned = ReturnForm({"comment": "Fix it", "codes": ["SC-99"], "version": 1}, ratings=ratings)
    assert codes(returned, "codes") == ["invalid_choice"]


# Returning, with the principles concerned ------------------------------------------------------


def test_return_comment_shows_on_the_principles_it_names_and_on_check(client, people, submitted):
    """The approver names NV-03; its page and check your answers show the comment."""
    client.force_login(people[Role.APPROVER])
    url = reverse("assessments:return", args=[submitted.pk])
    assert "NV-03 Outcomes people report" in client.get(url).content.decode()
    client.post(
        url, {"comment": "Add carers' views.", "codes": ["NV-03"], "version": submitted.version}
    )
    client.force_login(people[Role.LEAD])
    page = client.get(reverse("assessments:principle", args=[submitted.pk, "NV-03"]))
    assert (
        "This principle was named when the assessment was returned for changes"
        in page.content.decode()
    )
    assert "Add carers&#x27; views." in page.content.decode()
    other = client.get(reverse("assessments:principle", args=[submitted.pk, "NV-04"]))
    assert "This principle was named" not in other.content.decode()
    check = client.get(reverse("assessments:check", args=[submitted.pk])).content.decode()
    assert "Named in the return" in check and "Add carers&#x27; views." in check


# Sign-off --------------------------------------------------------------------------------------


def test_sign_off_page_shows_what_is_signed_off_and_its_decisions_are_buttons(client, people, weak):
    """The headline, the weakest principles with their actions or "No action", and two
    buttons: record sign-off, and return for changes."""
    builders.submit(
        user=people[Role.LEAD], assessment=weak, no_action_reasons={"NV-02": "Not ours."}
    )
    client.force_login(people[Role.APPROVER])
    content = client.get(reverse("assessments:sign_off", args=[weak.pk])).content.decode()
    assert "What is being signed off" in content
    assert "<strong>Growing</strong>" in content
    assert "NV-02 Benefit to service users" in content
    assert '<strong>No action</strong>: <span class="prose app-prose">Not ours.</span>' in content
    assert re.search(r"<button[^>]*>\s*Record sign-off", content)
    return_url = reverse("assessments:return", args=[weak.pk])
    assert re.search(rf'href="{return_url}" role="button"[^>]*govuk-button--secondary', content)
    overview = client.get(reverse("assessments:overview", args=[weak.pk])).content.decode()
    sign_off_url = reverse("assessments:sign_off", args=[weak.pk])
    assert re.search(rf'href="{sign_off_url}" role="button"', overview)


def test_after_a_return_the_approver_sees_what_changed(client, people, submitted):
    """Changes between the return and the resubmission are listed from the history."""
    lead = people[Role.LEAD]
    builders.return_(user=people[Role.APPROVER], assessment=submitted, codes=["NV-03"])
    builders.rate(
        user=lead, assessment=submitted, code="NV-03", value=4, evidence="Carers now say so."
    )
    builders.rate(
        user=lead,
        assessment=submitted,
        code="NV-05",
        actions=[builders.new_action(description="Fix")],
    )
    builders.prepare_for_board(user=lead, assessment=submitted, summary="Updated after the return.")
    builders.submit(user=lead, assessment=submitted)
    client.force_login(people[Role.APPROVER])
    response = client.get(reverse("assessments:sign_off", args=[submitted.pk]))
    changes = response.context["changes"]
    assert changes.summary_changed and not changes.board_ask_changed
    by_code = {p.code: p.sentences for p in changes.principles}
    assert by_code == {
        "NV-03": ["Rating changed from 3 – Growing to 4 – Strengthening", "Evidence changed"],
        "NV-05": ["Action added: Fix"],
    }
    assert "What changed since it was returned" in response.content.decode()


def test_without_a_return_there_is_nothing_to_compare(client, people, submitted):
    """A first submission has no "what changed" section."""
    client.force_login(people[Role.APPROVER])
    response = client.get(reverse("assessments:sign_off", args=[submitted.pk]))
    assert response.context["changes"] is None


# The rating page's level descriptions ---------------------------------------------------------


def test_rating_page_shows_the_principles_own_level_descriptions(client, people, draft):
    """Where the principle describes a level, that replaces the scale's general words, and
    the page says they are written for this tool."""
    client.force_login(people[Role.CONTRIBUTOR])
    url = reverse("assessments:principle", args=[draft.pk, "NV-08"])
    content = client.get(url).content.decode()
    own = PrincipleLevelDescriptor.objects.get(principle__code="NV-08", value=1).text
    generic = draft.rating_scale.levels.get(value=1).descriptor
    assert own in content and generic not in content
    assert "written for this tool" in content
    PrincipleLevelDescriptor.objects.filter(principle__code="NV-08", value=1).delete()
    content = client.get(url).content.decode()
    assert generic in content


# The dashboard ---------------------------------------------------------------------------------


def test_viewer_dashboard_leads_with_latest_signed_off_headlines(client, people, service):
    """A board member first sees each service's latest signed-off result, in the scale's
    words, with links to the report and PDF; a later draft is not it."""
    lead, approver = people[Role.LEAD], people[Role.APPROVER]
    for period, value in (("2024/25", 2), ("2025/26", 4)):
        assessment = builders.start(user=lead, service=service, period=period)
        builders.complete(user=lead, assessment=assessment, value=value)
        builders.submit(user=lead, assessment=assessment)
        latest = builders.sign_off(
            user=approver, assessment=assessment, decision_date=datetime.date(2026, 3, 1)
        )
    builders.start(user=lead, service=service, period="2026/27")
    client.force_login(people[Role.VIEWER])
    response = client.get(reverse("home"))
    content = response.content.decode()
    ((partnership, headlines),) = response.context["headlines"]
    assert [h.assessment for h in headlines] == [latest]
    assert headlines[0].words == "Strengthening"
    assert content.index("Latest signed-off results") < content.index(partnership.name + "</h2>")
    assert reverse("assessments:report", args=[latest.pk]) in content
    assert reverse("assessments:report_pdf", args=[latest.pk]) in content


# Queries ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["board_summary", "targets"])
def test_board_pages_make_constant_queries(client, people, sized_drafts, page):
    """The lead's pages read the same number of times for 12 and 120 principles."""
    assert_constant(page, page_counts(client, people[Role.LEAD], sized_drafts, page))


def test_sign_off_page_makes_constant_queries(client, people, sized_drafts):
    """The sign-off page, which builds page one of the report, does not grow."""
    lead = people[Role.LEAD]
    for assessment in sized_drafts.values():
        for rating in assessment.ratings.select_related("principle"):
            builders.rate(user=lead, assessment=assessment, code=rating.principle.code, value=3)
        builders.submit(user=lead, assessment=assessment)
    counts = page_counts(client, people[Role.APPROVER], sized_drafts, "sign_off")
    assert_constant("sign_off", counts)


@pytest.fixture
def sized_drafts(service, people):
    """The same service's drafts against a 12 and a 120 principle set."""
    return {
        "small": filled_assessment(service, people[Role.LEAD], principles=12, groups=3),
        "large": filled_assessment(service, people[Role.LEAD], principles=120, groups=6),
    }


def test_a_level_label_an_admin_typed_is_escaped_in_the_targets_hint(client, people, weak):
    """Markup in a scale level's label reads as text beside each target, never as HTML."""
    level = weak.rating_scale.levels.get(value=3)
    level.label = 'Growing <a href="https://example.com/">click</a>'
    level.save()
    client.force_login(people[Role.LEAD])
    content = client.get(reverse("assessments:targets", args=[weak.pk])).content.decode()
    assert "Rated 3 – Growing &lt;a href=&quot;https://example.com/&quot;&gt;click" in content
    assert '<a href="https://example.com/">' not in content
