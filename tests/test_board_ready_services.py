"""Writes for the board: the lead's summary and ask, targets, weak principles without an
action at submission, principles named in a return, and carrying actions forward."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from actions.services import UpdateInput, action_update_record
from assessments.board_services import assessment_targets_update
from assessments.errors import RefusedError
from assessments.models import ActionStatus, ImprovementAction, Rating
from partnerships.models import Role
from principles.models import RatingLevel
from tests.builders import (
    complete,
    new_action,
    prepare_for_board,
    rate,
    rating_for,
    reload,
    return_,
    set_targets,
    sign_off,
    start,
    submit,
)
from tests.factories import NOT_LEADS, RatingScaleFactory

pytestmark = pytest.mark.django_db


# The lead's summary and the board's ask ------------------------------------------------


def test_lead_writes_summary_and_ask_stored_stripped(draft, people):
    """The summary and ask are saved stripped, and the version goes up."""
    before = draft.version
    saved = prepare_for_board(
        user=people[Role.LEAD], assessment=draft, summary="  Good year.  ", board_ask=" Note it. "
    )
    assert (saved.lead_summary, saved.board_ask) == ("Good year.", "Note it.")
    assert reload(assessment=draft).version == before + 1


@pytest.mark.parametrize("role", NOT_LEADS)
def test_only_a_lead_writes_for_the_board(draft, people, role):
    """Contributors, approvers and viewers are refused (403)."""
    with pytest.raises(PermissionDenied):
        prepare_for_board(user=people[role], assessment=draft, summary="Mine")


def test_summary_is_frozen_once_submitted(submitted, people):
    """A submitted assessment's summary cannot change: it is what the board reads."""
    with pytest.raises(RefusedError) as error:
        prepare_for_board(user=people[Role.LEAD], assessment=submitted, summary="Changed")
    assert error.value.code == "wrong_state"


def test_summary_longer_than_the_limit_is_refused(draft, people):
    """The summary's limit is enforced for every caller, with a code."""
    with pytest.raises(RefusedError) as error:
        prepare_for_board(user=people[Role.LEAD], assessment=draft, summary="x" * 5001)
    assert error.value.code == "lead_summary_too_long"


# Targets -------------------------------------------------------------------------------


def test_targets_are_set_and_cleared(draft, people):
    """A target is a level of the assessment's scale; None clears it."""
    lead = people[Role.LEAD]
    set_targets(user=lead, assessment=draft, targets={"NV-01": 4, "NV-02": 3})
    assert rating_for(assessment=draft, code="NV-01").target_value == 4
    set_targets(user=lead, assessment=draft, targets={"NV-01": None})
    assert rating_for(assessment=draft, code="NV-01").target_level is None
    assert rating_for(assessment=draft, code="NV-02").target_label == "Growing"


def test_a_target_must_be_on_the_assessments_scale(draft, people):
    """A level of another scale is refused with a code."""
    other = RatingScaleFactory().levels.get(value=3)
    rating = rating_for(assessment=draft, code="NV-01")
    with pytest.raises(RefusedError) as error:
        assessment_targets_update(
            user=people[Role.LEAD],
            assessment_id=draft.pk,
            expected_version=reload(assessment=draft).version,
            targets={rating.pk: other.pk},
        )
    assert error.value.code == "target_not_on_scale"


def test_a_principle_not_applicable_has_no_target(draft, people):
    """Not applicable is never scored, so it cannot be below a target."""
    lead = people[Role.LEAD]
    rate(user=lead, assessment=draft, code="NV-03", value=None, na=True, reason="No children")
    with pytest.raises(RefusedError) as error:
        set_targets(user=lead, assessment=draft, targets={"NV-03": 4})
    assert error.value.code == "target_not_applicable"


def test_targets_freeze_at_submission(draft, people):
    """A submitted target keeps its words when an admin renames the level."""
    lead = people[Role.LEAD]
    complete(user=lead, assessment=draft)
    set_targets(user=lead, assessment=draft, targets={"NV-01": 4})
    submit(user=lead, assessment=draft)
    RatingLevel.objects.filter(scale=draft.rating_scale, value=4).update(label="Renamed")
    rating = rating_for(assessment=draft, code="NV-01")
    assert (rating.target_value, rating.target_label) == (4, "Strengthening")


# Weak principles without an action ------------------------------------------------------


@pytest.fixture
def weak_draft(draft, people):
    """Complete at 3, with NV-01 at 1 (no action) and NV-02 at 2 (an open action)."""
    lead = people[Role.LEAD]
    complete(user=lead, assessment=draft)
    rate(user=lead, assessment=draft, code="NV-01", value=1)
    rate(user=lead, assessment=draft, code="NV-02", value=2, actions=[new_action()])
    return reload(assessment=draft)


def test_weak_principle_without_action_needs_a_reason_to_submit(weak_draft, people):
    """Submitting with no reason for NV-01 is refused, and says which principle."""
    with pytest.raises(RefusedError) as error:
        submit(user=people[Role.LEAD], assessment=weak_draft, no_action_reasons={})
    assert error.value.code == "no_action_reason_required"
    assert "NV-01" in error.value.message
    assert reload(assessment=weak_draft).is_draft


def test_the_reason_is_recorded_and_only_for_weak_principles_without_action(weak_draft, people):
    """NV-01's reason is kept; a reason sent for NV-02 (it has an action) is not."""
    submit(
        user=people[Role.LEAD],
        assessment=weak_draft,
        no_action_reasons={"NV-01": "  Covered by the carers strategy. ", "NV-02": "Ignored"},
    )
    assert rating_for(assessment=weak_draft, code="NV-01").no_action_reason == (
        "Covered by the carers strategy."
    )
    assert rating_for(assessment=weak_draft, code="NV-02").no_action_reason == ""


def test_a_completed_action_does_not_count_as_open(weak_draft, people):
    """A weak principle whose only action is completed still needs a reason."""
    lead = people[Role.LEAD]
    rate(
        user=lead,
        assessment=weak_draft,
        code="NV-01",
        value=1,
        actions=[new_action(status=ActionStatus.COMPLETED)],
    )
    with pytest.raises(RefusedError) as error:
        submit(user=lead, assessment=weak_draft, no_action_reasons={})
    assert error.value.code == "no_action_reason_required"


def test_level_three_needs_no_reason(draft, people):
    """Only the lowest two levels count as weak."""
    lead = people[Role.LEAD]
    complete(user=lead, assessment=draft, value=3)
    assert submit(user=lead, assessment=draft, no_action_reasons={}).state == "submitted"


# Return naming principles ---------------------------------------------------------------


def test_return_names_principles_and_a_new_return_replaces_them(submitted, people):
    """The named principles are flagged; the next return names only its own."""
    approver, lead = people[Role.APPROVER], people[Role.LEAD]
    return_(user=approver, assessment=submitted, codes=["NV-03", "NV-05"])
    named = set(
        Rating.objects.filter(assessment=submitted, named_in_return=True).values_list(
            "principle__code", flat=True
        )
    )
    assert named == {"NV-03", "NV-05"}
    submit(user=lead, assessment=submitted)
    return_(user=approver, assessment=submitted, codes=["NV-01"])
    assert list(
        Rating.objects.filter(assessment=submitted, named_in_return=True).values_list(
            "principle__code", flat=True
        )
    ) == ["NV-01"]


def test_return_refuses_principles_of_another_set(submitted, people):
    """A code that is not one of the assessment's principles is refused; nothing changes."""
    with pytest.raises(RefusedError) as error:
        return_(user=people[Role.APPROVER], assessment=submitted, codes=["SC-01"])
    assert error.value.code == "return_principle_unknown"
    assert reload(assessment=submitted).state == "submitted"


# Draft statuses -------------------------------------------------------------------------


def test_dropped_and_deferred_cannot_be_chosen_in_a_draft(draft, people):
    """Dropping, with its reason, is for actions followed after sign-off."""
    for status in (ActionStatus.DROPPED, ActionStatus.DEFERRED):
        with pytest.raises(RefusedError) as error:
            rate(
                user=people[Role.LEAD],
                assessment=draft,
                code="NV-01",
                actions=[new_action(status=status)],
            )
        assert error.value.code == "action_status_invalid"


def test_an_old_deferred_action_keeps_its_status_when_saved_unchanged(draft, people):
    """An action recorded as deferred before can be saved again as it is."""
    lead = people[Role.LEAD]
    rate(user=lead, assessment=draft, code="NV-01", actions=[new_action()])
    action = ImprovementAction.objects.get(rating__assessment=draft)
    ImprovementAction.objects.filter(pk=action.pk).update(status=ActionStatus.DEFERRED)
    rate(
        user=lead,
        assessment=draft,
        code="NV-01",
        actions=[new_action(id=action.pk, status=ActionStatus.DEFERRED, owner="New owner")],
    )
    action.refresh_from_db()
    assert (action.status, action.owner) == (ActionStatus.DEFERRED, "New owner")


# Carrying actions forward ---------------------------------------------------------------


@pytest.fixture
def last_year(service, people):
    """2025/26, signed off, with four open actions on NV-04; then one is completed, one
    dropped and one given a new due date through the year."""
    lead = people[Role.LEAD]
    assessment = start(user=lead, service=service, period="2025/26")
    complete(user=lead, assessment=assessment)
    rate(
        user=lead,
        assessment=assessment,
        code="NV-04",
        actions=[new_action(description=f"Action {n}") for n in range(4)],
    )
    submit(user=lead, assessment=assessment)
    sign_off(user=people[Role.APPROVER], assessment=assessment)
    first, second, third, _ = ImprovementAction.objects.filter(
        rating__assessment=assessment
    ).order_by("pk")
    today = datetime.date(2026, 9, 1)
    for action, status, due, extra in (
        (first, ActionStatus.COMPLETED, first.due_date, {}),
        (second, ActionStatus.DROPPED, second.due_date, {"dropped_reason": "Not needed"}),
        (
            third,
            ActionStatus.IN_PROGRESS,
            datetime.date(2027, 9, 30),
            {"due_date_reason": "Waiting for funding"},
        ),
    ):
        action_update_record(
            user=lead,
            action_id=action.pk,
            expected_version=0,
            update=UpdateInput(status=status, due_date=due, noted_on=today, **extra),
        )
    return assessment


def test_open_actions_are_carried_forward_as_they_stand_now_linked_to_the_originals(
    last_year, service, people
):
    """Completed and dropped actions stay behind; the rest are copied with their current
    status and due date, each linked to its original."""
    this_year = start(user=people[Role.LEAD], service=service, carry_forward=True)
    copies = ImprovementAction.objects.filter(rating__assessment=this_year).order_by("pk")
    originals = ImprovementAction.objects.filter(rating__assessment=last_year).order_by("pk")
    assert [c.carried_from for c in copies] == [originals[2], originals[3]]
    assert (copies[0].status, copies[0].due_date) == (
        ActionStatus.IN_PROGRESS,
        datetime.date(2027, 9, 30),
    )
    assert copies[1].status == ActionStatus.PROPOSED
    # The signed-off originals are untouched.
    assert [o.status for o in originals] == [ActionStatus.PROPOSED] * 4


def test_an_old_deferred_action_is_carried_forward_as_agreed(service, people):
    """"Deferred" is no longer offered, so a carried copy of one is agreed."""
    lead = people[Role.LEAD]
    assessment = start(user=lead, service=service, period="2025/26")
    complete(user=lead, assessment=assessment)
    rate(user=lead, assessment=assessment, code="NV-04", actions=[new_action()])
    submit(user=lead, assessment=assessment)
    sign_off(user=people[Role.APPROVER], assessment=assessment)
    ImprovementAction.objects.filter(rating__assessment=assessment).update(
        status=ActionStatus.DEFERRED
    )
    this_year = start(user=lead, service=service, carry_forward=True)
    (copy,) = ImprovementAction.objects.filter(rating__assessment=this_year)
    assert copy.status == ActionStatus.AGREED
