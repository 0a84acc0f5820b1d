"""Starting assessments and carrying the last one forward."""

import pytest
from django.core.exceptions import PermissionDenied

from assessments.errors import RefusedError
from assessments.models import ActionStatus, Assessment, AssessmentState, Rating
from assessments.services import rating_update
from partnerships.models import Role
from principles.models import Principle, PrincipleSet, RatingScale
from tests.builders import (
    DUE,
    answer,
    level,
    new_action,
    rate,
    rating_for,
    set_weights,
    sign_off,
    start,
    submit,
)
from tests.factories import (
    NOT_LEADS,
    PartnershipFactory,
    PrincipleSetFactory,
    RatingScaleFactory,
    member,
)

pytestmark = pytest.mark.django_db


# Starting -----------------------------------------------------------------------------


def test_start_creates_a_rating_per_principle_with_default_weights(service, people):
    """Starting gives every principle an empty rating carrying the principle's default weight."""
    Principle.objects.filter(code="NV-02").update(default_weight=3)
    Principle.objects.filter(code="NV-07").update(default_weight=0)

    assessment = start(user=people["lead"], service=service)

    ratings = list(assessment.ratings.select_related("principle"))
    assert [r.principle.code for r in ratings] == [f"NV-{n:02d}" for n in range(1, 13)]
    assert {r.principle.code: r.weight for r in ratings} == {
        p.code: p.default_weight for p in Principle.objects.filter(code__startswith="NV-")
    }
    assert rating_for(assessment=assessment, code="NV-02").weight == 3
    assert all(r.status == "not_started" and r.version == 1 for r in ratings)
    assert assessment.state == AssessmentState.DRAFT
    assert assessment.created_by == people["lead"]
    assert assessment.history.get().history_user == people["lead"]


def test_start_uses_the_default_scale_when_the_set_names_none(service, people):
    """A set without its own scale is rated on the default scale."""
    assessment = start(user=people["lead"], service=service)
    assert assessment.rating_scale == RatingScale.objects.default()


def test_start_uses_the_sets_own_scale(service, people):
    """A set that names a scale is rated on that scale, fixed on the assessment."""
    own_scale = RatingScaleFactory(levels=[1, 2, 3])
    principle_set = PrincipleSetFactory(principles=4, rating_scale=own_scale)

    assessment = start(user=people["lead"], service=service, principle_set=principle_set)

    assert assessment.rating_scale == own_scale
    assert assessment.ratings.count() == 4


@pytest.mark.parametrize("role", NOT_LEADS)
def test_only_a_lead_may_start(service, people, role):
    """Contributors, approvers and viewers cannot start an assessment."""
    with pytest.raises(PermissionDenied):
        start(user=people[role], service=service)
    assert not Assessment.objects.exists()
    assert not Rating.objects.exists()


def test_a_lead_of_another_partnership_may_not_start(service, people):
    """Leading one partnership gives no right to start assessments in another."""
    outsider = member(PartnershipFactory(), Role.LEAD)
    with pytest.raises(PermissionDenied):
        start(user=outsider, service=service)


def test_one_assessment_per_service_set_and_period(service, people):
    """A second assessment of the same service against the same set for a period is refused."""
    start(user=people["lead"], service=service, period="2026/27")
    start(user=people["lead"], service=service, period="2027/28")
    start(
        user=people["lead"],
        service=service,
        period="2026/27",
        principle_set=PrincipleSet.objects.get(slug="scotland-integration-principles"),
    )

    with pytest.raises(RefusedError) as refused:
        start(user=people["lead"], service=service, period="2026/27")
    assert refused.value.code == "duplicate"
    assert Assessment.objects.filter(service=service, period="2026/27").count() == 2


# Carrying forward ---------------------------------------------------------------------


@pytest.fixture
def last_year(service, people):
    """Last year's signed-off assessment with a level, a not applicable answer, a weight and
    actions."""
    lead = people["lead"]
    assessment = start(user=lead, service=service, period="2025/26")
    rate(user=lead, assessment=assessment, code="NV-01", value=4, evidence="Last year's evidence.")
    rate(
        user=lead,
        assessment=assessment,
        code="NV-02",
        value=None,
        evidence="",
        na=True,
        reason="No service users in scope.",
    )
    set_weights(
        user=lead,
        assessment=assessment,
        weights={rating_for(assessment=assessment, code="NV-03").pk: (5, "Board priority")},
    )
    rate(
        user=lead,
        assessment=assessment,
        code="NV-04",
        value=2,
        actions=[
            new_action(description=f"Action {status}", status=status)
            for status in [
                ActionStatus.PROPOSED,
                ActionStatus.AGREED,
                ActionStatus.IN_PROGRESS,
                ActionStatus.COMPLETED,
            ]
        ],
    )
    # Only a signed-off assessment is carried forward: the rest rated, submitted, signed off.
    for number in (3, *range(5, 13)):
        rate(user=lead, assessment=assessment, code=f"NV-{number:02d}")
    submit(user=lead, assessment=assessment)
    return sign_off(user=people["approver"], assessment=assessment)


def test_carry_forward_copies_answers_and_weights_marked_for_review(last_year, service, people):
    """Carried-forward answers and weights are copied but stay in progress until reviewed."""
    assessment = start(user=people["lead"], service=service, period="2026/27", carry_forward=True)

    assert assessment.previous == last_year
    nv01 = rating_for(assessment=assessment, code="NV-01")
    assert nv01.level == level(assessment=last_year, value=4)
    assert nv01.evidence == "Last year's evidence."
    nv02 = rating_for(assessment=assessment, code="NV-02")
    assert nv02.not_applicable
    assert nv02.not_applicable_reason == "No service users in scope."
    nv03 = rating_for(assessment=assessment, code="NV-03")
    assert (nv03.weight, nv03.weight_reason) == (5, "Board priority")
    for rating in (nv01, nv02, nv03):
        assert rating.carried_forward
        assert rating.status == "in_progress"
        assert not rating.is_complete
    # Last year's answers are copied, never moved.
    assert rating_for(assessment=last_year, code="NV-01").evidence == "Last year's evidence."


def test_carry_forward_copies_open_actions_only(last_year, service, people):
    """Open actions are copied to the new assessment; completed ones stay behind."""
    assessment = start(user=people["lead"], service=service, period="2026/27", carry_forward=True)

    copied = rating_for(assessment=assessment, code="NV-04").actions.all()
    assert sorted(a.status for a in copied) == sorted(
        [ActionStatus.PROPOSED, ActionStatus.AGREED, ActionStatus.IN_PROGRESS]
    )
    assert all(a.owner == "Discharge team" and a.due_date == DUE for a in copied)
    assert rating_for(assessment=last_year, code="NV-04").actions.count() == 4


def test_carry_forward_drops_levels_when_the_scale_changed(last_year, service, people):
    """A level from another scale is not carried forward, though the evidence is."""
    principle_set = last_year.principle_set
    principle_set.rating_scale = RatingScaleFactory()
    principle_set.save()

    assessment = start(
        user=people["lead"],
        service=service,
        period="2026/27",
        principle_set=principle_set,
        carry_forward=True,
    )

    nv01 = rating_for(assessment=assessment, code="NV-01")
    assert nv01.level is None
    assert nv01.evidence == "Last year's evidence."
    assert nv01.carried_forward


def test_carry_forward_without_an_earlier_assessment_starts_empty(service, people):
    """With nothing to carry forward the assessment starts empty."""
    assessment = start(user=people["lead"], service=service, carry_forward=True)
    assert assessment.previous is None
    assert not assessment.ratings.filter(carried_forward=True).exists()


def test_saving_a_carried_forward_rating_completes_it(last_year, service, people):
    """Saving a carried-forward rating, even unchanged, marks it reviewed and complete."""
    assessment = start(user=people["lead"], service=service, period="2026/27", carry_forward=True)
    nv01 = rating_for(assessment=assessment, code="NV-01")

    saved = rating_update(
        user=people["contributor"],
        rating_id=nv01.pk,
        expected_version=nv01.version,
        answer=answer(level_id=nv01.level_id, evidence=nv01.evidence),
        actions=[],
    )

    assert not saved.carried_forward
    assert rating_for(assessment=assessment, code="NV-01").status == "completed"


def test_unreviewed_carried_forward_answers_block_submission(last_year, service, people):
    """A carried-forward answer that nobody has saved counts as not completed."""
    assessment = start(user=people["lead"], service=service, period="2026/27", carry_forward=True)
    for rating in assessment.ratings.select_related("principle").exclude(principle__code="NV-01"):
        rate(user=people["lead"], assessment=assessment, code=rating.principle.code)

    with pytest.raises(RefusedError) as error:
        submit(user=people["lead"], assessment=assessment)
    assert error.value.code == "incomplete"
