"""Saving ratings, evidence and actions, and the weights."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from assessments.errors import ConflictError, RefusedError
from assessments.models import ActionStatus, ImprovementAction
from assessments.services import (
    assessment_weights_update,
    rating_update,
)
from partnerships.models import Role
from tests.builders import answer, new_action, rate, rating_for, reload, set_weights, start
from tests.factories import NOT_ALLOWED_TO_EDIT, NOT_LEADS, RatingScaleFactory

pytestmark = pytest.mark.django_db


# Rating -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.CONTRIBUTOR, Role.LEAD])
def test_contributors_and_leads_save_ratings(draft, people, role):
    """A contributor or lead saves a level and evidence; the version goes up."""
    saved = rate(
        user=people[role], assessment=draft, code="NV-03", value=4, evidence="Survey of 200 people."
    )

    rating = rating_for(assessment=draft, code="NV-03")
    assert saved.version == rating.version == 2
    assert rating.level.value == 4
    assert rating.evidence == "Survey of 200 people."
    assert rating.updated_by == people[role]
    assert rating.status == "completed"
    assert rating.history.first().history_user == people[role]


@pytest.mark.parametrize("role", NOT_ALLOWED_TO_EDIT)
def test_approvers_and_viewers_cannot_save_ratings(draft, people, role):
    """Approvers and viewers are refused, and the rating is unchanged."""
    with pytest.raises(PermissionDenied):
        rate(user=people[role], assessment=draft, code="NV-03", value=4)
    rating = rating_for(assessment=draft, code="NV-03")
    assert (rating.level, rating.version) == (None, 1)


def test_not_applicable_clears_the_level_and_needs_no_evidence(draft, people):
    """Not applicable with a reason drops any level and completes without evidence."""
    rate(
        user=people["contributor"],
        assessment=draft,
        code="NV-05",
        value=2,
        evidence="",
        na=True,
        reason="Not commissioned here.",
    )

    rating = rating_for(assessment=draft, code="NV-05")
    assert rating.not_applicable
    assert rating.level is None
    assert rating.not_applicable_reason == "Not commissioned here."
    assert rating.is_complete


def test_a_rated_answer_drops_an_earlier_not_applicable_reason(draft, people):
    """Rating a principle that was not applicable removes the not applicable reason."""
    contributor = people["contributor"]
    rate(
        user=contributor,
        assessment=draft,
        code="NV-05",
        value=None,
        na=True,
        reason="Not commissioned here.",
    )
    rate(user=contributor, assessment=draft, code="NV-05", value=2, reason="Stale reason")

    rating = rating_for(assessment=draft, code="NV-05")
    assert (rating.not_applicable, rating.not_applicable_reason) == (False, "")
    assert rating.level.value == 2


def test_a_level_from_another_scale_is_refused(draft, people):
    """A level that is not on the assessment's scale is refused and nothing is saved."""
    other_level = RatingScaleFactory().levels.get(value=3)
    rating = rating_for(assessment=draft, code="NV-01")

    with pytest.raises(RefusedError, match="scale"):
        rating_update(
            user=people["lead"],
            rating_id=rating.pk,
            expected_version=rating.version,
            answer=answer(level_id=other_level.pk, evidence="What people told us."),
            actions=[],
        )
    rating = rating_for(assessment=draft, code="NV-01")
    assert (rating.level, rating.evidence, rating.version) == (None, "", 1)


def test_actions_are_created_updated_and_deleted(draft, people):
    """Actions sent with a rating are added, changed or deleted as asked."""
    contributor = people["contributor"]
    rate(
        user=contributor,
        assessment=draft,
        code="NV-04",
        actions=[new_action(description="Keep"), new_action(description="Remove")],
    )
    kept, removed = sorted(
        rating_for(assessment=draft, code="NV-04").actions.all(), key=lambda a: a.description
    )
    assert (kept.description, removed.description) == ("Keep", "Remove")

    rate(
        user=contributor,
        assessment=draft,
        code="NV-04",
        actions=[
            new_action(
                description="Keep, now agreed",
                status=ActionStatus.AGREED,
                id=kept.pk,
                owner="Lead nurse",
            ),
            new_action(id=removed.pk, delete=True),
            new_action(description="New one", due_date=datetime.date(2027, 6, 30)),
        ],
    )

    actions = {a.description: a for a in rating_for(assessment=draft, code="NV-04").actions.all()}
    assert set(actions) == {"Keep, now agreed", "New one"}
    assert actions["Keep, now agreed"].pk == kept.pk
    assert actions["Keep, now agreed"].status == ActionStatus.AGREED
    assert actions["Keep, now agreed"].owner == "Lead nurse"
    assert actions["New one"].due_date == datetime.date(2027, 6, 30)
    assert not ImprovementAction.objects.filter(pk=removed.pk).exists()
    deleted = ImprovementAction.history.get(id=removed.pk, history_type="-")
    assert deleted.history_user == contributor


def test_an_action_id_from_another_rating_is_ignored(draft, people):
    """An action id belonging to another rating is neither changed, deleted nor moved."""
    rate(
        user=people["lead"],
        assessment=draft,
        code="NV-02",
        actions=[new_action(description="Belongs to NV-02")],
    )
    other = rating_for(assessment=draft, code="NV-02").actions.get()

    # To this rating the id is an action it never had: refused as out of date, not applied.
    with pytest.raises(RefusedError) as refused:
        rate(
            user=people["lead"],
            assessment=draft,
            code="NV-01",
            actions=[
                new_action(description="Hijacked", id=other.pk),
                new_action(id=other.pk, delete=True),
            ],
        )
    assert refused.value.code == "action_unknown"

    other.refresh_from_db()
    assert other.description == "Belongs to NV-02"
    assert other.rating == rating_for(assessment=draft, code="NV-02")
    assert not rating_for(assessment=draft, code="NV-01").actions.exists()


def test_ratings_in_a_submitted_assessment_cannot_be_edited(submitted, people):
    """A submitted assessment refuses rating edits, even from its lead."""
    with pytest.raises(RefusedError) as error:
        rate(user=people["lead"], assessment=submitted, code="NV-01", value=5)
    assert error.value.code == "wrong_state"
    assert rating_for(assessment=submitted, code="NV-01").level.value == 3


# Weights ------------------------------------------------------------------------------


def test_weights_are_saved_with_a_reason_where_they_differ(draft, people):
    """A weight away from the default keeps its reason; one at the default drops it."""
    nv02, nv03 = (
        rating_for(assessment=draft, code="NV-02"),
        rating_for(assessment=draft, code="NV-03"),
    )
    version = reload(assessment=draft).version

    set_weights(
        user=people["lead"],
        assessment=draft,
        weights={nv02.pk: (3, "Board priority"), nv03.pk: (1, "Ignored")},
    )

    nv02, nv03 = (
        rating_for(assessment=draft, code="NV-02"),
        rating_for(assessment=draft, code="NV-03"),
    )
    assert (nv02.weight, nv02.weight_reason) == (3, "Board priority")
    assert (nv03.weight, nv03.weight_reason) == (1, "")
    assert reload(assessment=draft).version == version + 1
    # Weights are guarded by the assessment's version, not the rating's.
    assert nv02.version == 1
    assert nv02.history.first().history_user == people["lead"]


def test_returning_a_weight_to_its_default_drops_the_reason(draft, people):
    """Setting a weight back to the principle's default clears the old reason."""
    nv02 = rating_for(assessment=draft, code="NV-02")
    set_weights(user=people["lead"], assessment=draft, weights={nv02.pk: (3, "Board priority")})
    set_weights(user=people["lead"], assessment=draft, weights={nv02.pk: (1, "Back to normal")})
    nv02 = rating_for(assessment=draft, code="NV-02")
    assert (nv02.weight, nv02.weight_reason) == (1, "")


@pytest.mark.parametrize("weight", [-1, 11])
def test_weights_outside_0_to_10_are_refused(draft, people, weight):
    """Weights below 0 or above 10 are refused and nothing is saved."""
    nv01, nv02 = (
        rating_for(assessment=draft, code="NV-01"),
        rating_for(assessment=draft, code="NV-02"),
    )
    version = reload(assessment=draft).version
    with pytest.raises(RefusedError, match="0 to 10"):
        set_weights(
            user=people["lead"],
            assessment=draft,
            weights={nv01.pk: (5, "Priority"), nv02.pk: (weight, "Why")},
        )
    assert rating_for(assessment=draft, code="NV-01").weight == 1
    assert reload(assessment=draft).version == version


@pytest.mark.parametrize("weight", [0, 10])
def test_weights_of_0_and_10_are_allowed(draft, people, weight):
    """The ends of the range are valid weights."""
    nv01 = rating_for(assessment=draft, code="NV-01")
    set_weights(user=people["lead"], assessment=draft, weights={nv01.pk: (weight, "Reason")})
    assert rating_for(assessment=draft, code="NV-01").weight == weight


def test_at_least_one_weight_must_be_positive(draft, people):
    """Setting every weight to 0 is refused."""
    with pytest.raises(RefusedError, match="at least one principle a weight above 0"):
        set_weights(
            user=people["lead"],
            assessment=draft,
            weights={r.pk: (0, "None") for r in draft.ratings.all()},
        )
    assert not draft.ratings.filter(weight=0).exists()


def test_weights_for_another_assessments_ratings_are_ignored(draft, service, people):
    """A rating id from another assessment in the weights is neither saved nor counted."""
    other = start(user=people["lead"], service=service, period="2027/28")
    other_rating = rating_for(assessment=other, code="NV-01")
    weights = {r.pk: (0, "Not this year") for r in draft.ratings.all()}
    weights[other_rating.pk] = (5, "Smuggled in")

    with pytest.raises(RefusedError, match="at least one principle a weight above 0"):
        set_weights(user=people["lead"], assessment=draft, weights=weights)
    set_weights(
        user=people["lead"], assessment=draft, weights={other_rating.pk: (5, "Smuggled in")}
    )
    assert rating_for(assessment=other, code="NV-01").weight == 1


@pytest.mark.parametrize("role", NOT_LEADS)
def test_only_the_lead_sets_weights(draft, people, role):
    """Contributors, approvers and viewers cannot change weights."""
    nv01 = rating_for(assessment=draft, code="NV-01")
    with pytest.raises(PermissionDenied):
        set_weights(user=people[role], assessment=draft, weights={nv01.pk: (4, "Priority")})
    assert rating_for(assessment=draft, code="NV-01").weight == 1


def test_weights_from_a_stale_version_are_refused(draft, people):
    """A second weights save from the same page version raises ConflictError."""
    nv01 = rating_for(assessment=draft, code="NV-01")
    version = reload(assessment=draft).version
    assessment_weights_update(
        user=people["lead"],
        assessment_id=draft.pk,
        expected_version=version,
        weights={nv01.pk: (4, "First")},
    )
    with pytest.raises(ConflictError) as error:
        assessment_weights_update(
            user=people["lead"],
            assessment_id=draft.pk,
            expected_version=version,
            weights={nv01.pk: (6, "Second")},
        )
    assert error.value.current.version == version + 1
    nv01 = rating_for(assessment=draft, code="NV-01")
    assert (nv01.weight, nv01.weight_reason) == (4, "First")
