"""The history page tells of the lead's summary, the board's ask, targets and reasons for no
action; the sign-off page counts a rewritten reason for no action as a change since the
return."""

import pytest
from django.urls import reverse

from assessments.audit import audit_entries
from partnerships.models import Role
from tests import builders

pytestmark = pytest.mark.django_db

NV01 = "NV-01 Person-centred"
NV02 = "NV-02 Benefit to service users"


def summaries(assessment) -> list[str]:
    return [entry.summary for entry in audit_entries(assessment)]


@pytest.fixture
def weak(draft, people):
    """Complete at 3, with NV-02 at 1 and no action."""
    lead = people[Role.LEAD]
    builders.complete(user=lead, assessment=draft)
    builders.rate(user=lead, assessment=draft, code="NV-02", value=1, evidence="Little sign.")
    return builders.reload(assessment=draft)


def _renamed(assessment, value, label):
    level = builders.level(assessment=assessment, value=value)
    level.label = label
    level.save()


# The history -------------------------------------------------------------------------------


def test_the_summary_and_the_boards_ask_are_in_the_history_without_their_text(draft, people):
    """Writing, changing and clearing them reads "Added", "Changed" and "Removed", by the lead,
    and the text itself is left out, as evidence's is."""
    lead = people[Role.LEAD]
    builders.prepare_for_board(user=lead, assessment=draft, summary="First.", board_ask="Note.")
    builders.prepare_for_board(user=lead, assessment=draft, summary="Second.", board_ask="")
    entries = audit_entries(draft)
    said = [entry.summary for entry in entries]
    assert said[:4] == [
        "Changed the summary for the board",
        "Removed what the board is asked to do",
        "Added the summary for the board",
        "Added what the board is asked to do",
    ]
    assert {entry.who for entry in entries[:4]} == {lead.name}
    assert not any("First." in s or "Second." in s or "Note." in s for s in said)


def test_targets_are_in_the_history_in_the_scales_words(draft, people):
    """Setting, changing and removing a target read as levels do: value, en dash, label."""
    lead = people[Role.LEAD]
    for target in (4, 5, None):
        builders.set_targets(user=lead, assessment=draft, targets={"NV-01": target})
    assert summaries(draft)[:3] == [
        f"Removed the target for {NV01} (was 5 – Embedded)",
        f"Set the target for {NV01} to 5 – Embedded (was 4 – Strengthening)",
        f"Set the target for {NV01} to 4 – Strengthening",
    ]


def test_a_drafts_target_reads_as_its_level_did_then(draft, people):
    """A level renamed after a draft's target was set leaves the entry as it read then."""
    builders.level(assessment=draft, value=5).save()  # a version from before, as admin saves
    builders.set_targets(user=people[Role.LEAD], assessment=draft, targets={"NV-01": 5})
    _renamed(draft, 5, "Renamed")
    assert f"Set the target for {NV01} to 5 – Embedded" in summaries(draft)


def test_a_submitted_target_reads_as_frozen_even_where_no_rating_has_its_level(draft, people):
    """After submission a target reads in the words frozen with it, though no principle is
    rated at that level and an admin renamed it since."""
    lead = people[Role.LEAD]
    builders.complete(user=lead, assessment=draft)
    builders.set_targets(user=lead, assessment=draft, targets={"NV-01": 5})
    submitted = builders.submit(user=lead, assessment=draft)
    _renamed(draft, 5, "Renamed")
    said = summaries(submitted)
    assert f"Set the target for {NV01} to 5 – Embedded" in said
    assert not any("Renamed" in s for s in said)


def test_reasons_for_no_action_are_in_the_history_with_their_text(weak, people):
    """A reason given at submission, rewritten at the next, and cleared once the principle has
    an action, each read as the not-applicable reason does."""
    lead, approver = people[Role.LEAD], people[Role.APPROVER]
    builders.submit(user=lead, assessment=weak, no_action_reasons={"NV-02": "Not ours."})
    builders.return_(user=approver, assessment=weak)
    builders.submit(user=lead, assessment=weak, no_action_reasons={"NV-02": "The council's."})
    builders.return_(user=approver, assessment=weak)
    builders.rate(
        user=lead,
        assessment=weak,
        code="NV-02",
        value=1,
        evidence="Little sign.",
        actions=[builders.new_action(description="Ask carers")],
    )
    builders.submit(user=lead, assessment=weak, no_action_reasons={})
    said = summaries(weak)
    assert f"Said why {NV02} needs no action: Not ours." in said
    assert f"Changed why {NV02} needs no action: The council's." in said
    assert f"Removed the reason why {NV02} needs no action" in said
    assert said.index(f"Removed the reason why {NV02} needs no action") < said.index(
        f"Changed why {NV02} needs no action: The council's."
    )


def test_the_history_page_shows_the_new_entries(client, weak, people):
    """The history page lists them, in plain words, to anyone in the partnership."""
    lead = people[Role.LEAD]
    builders.prepare_for_board(user=lead, assessment=weak, summary="Doing well.")
    builders.set_targets(user=lead, assessment=weak, targets={"NV-02": 3})
    builders.submit(user=lead, assessment=weak, no_action_reasons={"NV-02": "Not ours."})
    client.force_login(people[Role.VIEWER])
    content = client.get(reverse("assessments:history", args=[weak.pk])).content.decode()
    assert "Added the summary for the board" in content
    assert f"Set the target for {NV02} to 3 – Growing" in content
    assert f"Said why {NV02} needs no action: Not ours." in content


# The sign-off page -------------------------------------------------------------------------


def _returned(weak, people):
    """Submitted with a reason for NV-02's lack of an action, then returned."""
    lead, approver = people[Role.LEAD], people[Role.APPROVER]
    builders.submit(user=lead, assessment=weak, no_action_reasons={"NV-02": "Not ours."})
    return builders.return_(user=approver, assessment=weak, codes=["NV-02"])


def _changes_seen_by_approver(client, people, assessment):
    client.force_login(people[Role.APPROVER])
    response = client.get(reverse("assessments:sign_off", args=[assessment.pk]))
    changes = response.context["changes"]
    return {p.code: p.sentences for p in changes.principles}, response.content.decode()


def test_a_rewritten_reason_for_no_action_is_a_change_since_the_return(client, weak, people):
    """Resubmitted with only NV-02's reason rewritten: the approver is told so, not that
    nothing changed."""
    returned = _returned(weak, people)
    builders.submit(
        user=people[Role.LEAD],
        assessment=returned,
        no_action_reasons={"NV-02": "Covered by the council's plan."},
    )
    by_code, content = _changes_seen_by_approver(client, people, returned)
    assert by_code == {"NV-02": ["Reason for no action changed"]}
    assert "Nothing was changed since it was returned" not in content
    assert "Reason for no action changed" in content


def test_a_reason_for_no_action_added_or_removed_is_a_change_since_the_return(client, weak, people):
    """An action added to NV-02 clears its reason; NV-03 rated weak gains one: both said."""
    lead = people[Role.LEAD]
    returned = _returned(weak, people)
    builders.rate(
        user=lead,
        assessment=returned,
        code="NV-02",
        value=1,
        evidence="Little sign.",
        actions=[builders.new_action(description="Ask carers")],
    )
    builders.rate(user=lead, assessment=returned, code="NV-03", value=2, evidence="Evidence.")
    builders.submit(user=lead, assessment=returned, no_action_reasons={"NV-03": "Funded."})
    by_code, _ = _changes_seen_by_approver(client, people, returned)
    assert by_code["NV-02"] == ["Reason for no action removed", "Action added: Ask carers"]
    assert by_code["NV-03"] == [
        "Rating changed from 3 – Growing to 2 – Limited",
        "Evidence changed",
        "Reason for no action added",
    ]
