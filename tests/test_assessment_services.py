"""The assessment services: starting, rating, weights, submission, return and sign-off."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError

from assessments.models import (
    ActionStatus,
    Assessment,
    AssessmentState,
    ImprovementAction,
    Rating,
    Role,
)
from assessments.selectors import ratings_for_assessment
from assessments.services import (
    FROZEN_FIELDS,
    ActionInput,
    ConflictError,
    RatingInput,
    StateError,
    assessment_return,
    assessment_sign_off,
    assessment_start,
    assessment_submit,
    assessment_weights_update,
    rating_update,
)
from principles.models import Principle, PrincipleGroup, PrincipleSet, RatingLevel, RatingScale
from tests.factories import (
    PartnershipFactory,
    PrincipleSetFactory,
    RatingScaleFactory,
    UserFactory,
    member,
)

pytestmark = pytest.mark.django_db

DUE = datetime.date(2027, 3, 31)
NOT_ALLOWED_TO_EDIT = [Role.APPROVER, Role.VIEWER]
NOT_LEADS = [Role.CONTRIBUTOR, Role.APPROVER, Role.VIEWER]


# Helpers ------------------------------------------------------------------------------


def level(assessment, value) -> RatingLevel:
    return assessment.rating_scale.levels.get(value=value)


def rating_for(assessment, code) -> Rating:
    return Rating.objects.select_related("principle__group", "level").get(
        assessment=assessment, principle__code=code
    )


def answer(level_id=None, evidence="What people told us.", *, na=False, reason=""):
    return RatingInput(
        level_id=level_id, not_applicable=na, not_applicable_reason=reason, evidence=evidence
    )


def new_action(description="Agree one plan", status=ActionStatus.PROPOSED, **fields):
    return ActionInput(
        id=fields.pop("id", None),
        description=description,
        owner=fields.pop("owner", "Discharge team"),
        due_date=fields.pop("due_date", DUE),
        status=status,
        **fields,
    )


def rate(user, assessment, code, value=3, evidence="What people told us.", actions=()):
    rating = rating_for(assessment, code)
    return rating_update(
        user=user,
        rating_id=rating.pk,
        expected_version=rating.version,
        answer=answer(level(assessment, value).pk, evidence),
        actions=list(actions),
    )


def complete_all(assessment, user, value=3) -> None:
    for rating in assessment.ratings.select_related("principle"):
        rate(user, assessment, rating.principle.code, value)


def reload(assessment) -> Assessment:
    return Assessment.objects.get(pk=assessment.pk)


def submit(assessment, user) -> Assessment:
    return assessment_submit(
        user=user, assessment_id=assessment.pk, expected_version=reload(assessment).version
    )


def return_(assessment, user, comment="Add evidence from carers.") -> Assessment:
    return assessment_return(
        user=user,
        assessment_id=assessment.pk,
        expected_version=reload(assessment).version,
        comment=comment,
    )


def sign_off(assessment, user) -> Assessment:
    return assessment_sign_off(
        user=user,
        assessment_id=assessment.pk,
        expected_version=reload(assessment).version,
        body="Riverside Health and Wellbeing Board",
        decision="approved",
        decision_date=datetime.date(2027, 3, 3),
        minute_reference="12/27",
    )


def set_weights(assessment, user, weights) -> Assessment:
    return assessment_weights_update(
        user=user,
        assessment_id=assessment.pk,
        expected_version=reload(assessment).version,
        weights=weights,
    )


def start(user, service, period="2026/27", principle_set=None, **kwargs) -> Assessment:
    return assessment_start(
        user=user,
        service=service,
        principle_set=principle_set or service.partnership.default_principle_set,
        period=period,
        title=f"Assessment {period}",
        **kwargs,
    )


@pytest.fixture
def submitted(draft, people):
    """The draft, completed and submitted by the lead."""
    complete_all(draft, people["lead"])
    return submit(draft, people["lead"])


@pytest.fixture
def signed_off(submitted, people):
    """The submitted assessment, signed off by the approver."""
    return sign_off(submitted, people["approver"])


# Starting -----------------------------------------------------------------------------


def test_start_creates_a_rating_per_principle_with_default_weights(service, people):
    """Starting gives every principle an empty rating carrying the principle's default weight."""
    Principle.objects.filter(code="NV-02").update(default_weight=3)
    Principle.objects.filter(code="NV-07").update(default_weight=0)

    assessment = start(people["lead"], service)

    ratings = list(assessment.ratings.select_related("principle"))
    assert [r.principle.code for r in ratings] == [f"NV-{n:02d}" for n in range(1, 13)]
    assert {r.principle.code: r.weight for r in ratings} == {
        p.code: p.default_weight for p in Principle.objects.filter(code__startswith="NV-")
    }
    assert rating_for(assessment, "NV-02").weight == 3
    assert all(r.status == "not_started" and r.version == 1 for r in ratings)
    assert assessment.state == AssessmentState.DRAFT
    assert assessment.created_by == people["lead"]
    assert assessment.history.get().history_user == people["lead"]


def test_start_uses_the_default_scale_when_the_set_names_none(service, people):
    """A set without its own scale is rated on the default scale."""
    assessment = start(people["lead"], service)
    assert assessment.rating_scale == RatingScale.objects.default()


def test_start_uses_the_sets_own_scale(service, people):
    """A set that names a scale is rated on that scale, fixed on the assessment."""
    own_scale = RatingScaleFactory(levels=[1, 2, 3])
    principle_set = PrincipleSetFactory(principles=4, rating_scale=own_scale)

    assessment = start(people["lead"], service, principle_set=principle_set)

    assert assessment.rating_scale == own_scale
    assert assessment.ratings.count() == 4


@pytest.mark.parametrize("role", NOT_LEADS)
def test_only_a_lead_may_start(service, people, role):
    """Contributors, approvers and viewers cannot start an assessment."""
    with pytest.raises(PermissionDenied):
        start(people[role], service)
    assert not Assessment.objects.exists()
    assert not Rating.objects.exists()


def test_a_lead_of_another_partnership_may_not_start(service, people):
    """Leading one partnership gives no right to start assessments in another."""
    outsider = member(PartnershipFactory(), Role.LEAD)
    with pytest.raises(PermissionDenied):
        start(outsider, service)


def test_one_assessment_per_service_set_and_period(service, people):
    """A second assessment of the same service against the same set for a period is refused."""
    start(people["lead"], service, "2026/27")
    start(people["lead"], service, "2027/28")
    start(
        people["lead"],
        service,
        "2026/27",
        principle_set=PrincipleSet.objects.get(slug="scotland-integration-principles"),
    )

    with pytest.raises(IntegrityError):
        start(people["lead"], service, "2026/27")
    assert Assessment.objects.filter(service=service, period="2026/27").count() == 2


# Carrying forward ---------------------------------------------------------------------


@pytest.fixture
def last_year(service, people):
    """Last year's assessment with a level, a not applicable answer, a weight and actions."""
    lead = people["lead"]
    assessment = start(lead, service, "2025/26")
    rate(lead, assessment, "NV-01", 4, "Last year's evidence.")
    nv02 = rating_for(assessment, "NV-02")
    rating_update(
        user=lead,
        rating_id=nv02.pk,
        expected_version=nv02.version,
        answer=answer(na=True, reason="No service users in scope.", evidence=""),
        actions=[],
    )
    set_weights(assessment, lead, {rating_for(assessment, "NV-03").pk: (5, "Board priority")})
    rate(
        lead,
        assessment,
        "NV-04",
        2,
        actions=[
            new_action(f"Action {status}", status)
            for status in [
                ActionStatus.PROPOSED,
                ActionStatus.AGREED,
                ActionStatus.IN_PROGRESS,
                ActionStatus.COMPLETED,
                ActionStatus.DEFERRED,
            ]
        ],
    )
    return assessment


def test_carry_forward_copies_answers_and_weights_marked_for_review(last_year, service, people):
    """Carried-forward answers and weights are copied but stay in progress until reviewed."""
    assessment = start(people["lead"], service, "2026/27", carry_forward=True)

    assert assessment.previous == last_year
    nv01 = rating_for(assessment, "NV-01")
    assert nv01.level == level(last_year, 4)
    assert nv01.evidence == "Last year's evidence."
    nv02 = rating_for(assessment, "NV-02")
    assert nv02.not_applicable
    assert nv02.not_applicable_reason == "No service users in scope."
    nv03 = rating_for(assessment, "NV-03")
    assert (nv03.weight, nv03.weight_reason) == (5, "Board priority")
    for rating in (nv01, nv02, nv03):
        assert rating.carried_forward
        assert rating.status == "in_progress"
        assert not rating.is_complete
    # Last year's answers are copied, never moved.
    assert rating_for(last_year, "NV-01").evidence == "Last year's evidence."


def test_carry_forward_copies_open_actions_only(last_year, service, people):
    """Open actions are copied to the new assessment; completed ones stay behind."""
    assessment = start(people["lead"], service, "2026/27", carry_forward=True)

    copied = rating_for(assessment, "NV-04").actions.all()
    assert sorted(a.status for a in copied) == sorted(
        [ActionStatus.PROPOSED, ActionStatus.AGREED, ActionStatus.IN_PROGRESS, "deferred"]
    )
    assert all(a.owner == "Discharge team" and a.due_date == DUE for a in copied)
    assert rating_for(last_year, "NV-04").actions.count() == 5


def test_carry_forward_drops_levels_when_the_scale_changed(last_year, service, people):
    """A level from another scale is not carried forward, though the evidence is."""
    principle_set = last_year.principle_set
    principle_set.rating_scale = RatingScaleFactory()
    principle_set.save()

    assessment = start(people["lead"], service, "2026/27", carry_forward=True)

    nv01 = rating_for(assessment, "NV-01")
    assert nv01.level is None
    assert nv01.evidence == "Last year's evidence."
    assert nv01.carried_forward


def test_carry_forward_without_an_earlier_assessment_starts_empty(service, people):
    """With nothing to carry forward the assessment starts empty."""
    assessment = start(people["lead"], service, carry_forward=True)
    assert assessment.previous is None
    assert not assessment.ratings.filter(carried_forward=True).exists()


def test_saving_a_carried_forward_rating_completes_it(last_year, service, people):
    """Saving a carried-forward rating, even unchanged, marks it reviewed and complete."""
    assessment = start(people["lead"], service, "2026/27", carry_forward=True)
    nv01 = rating_for(assessment, "NV-01")

    saved = rating_update(
        user=people["contributor"],
        rating_id=nv01.pk,
        expected_version=nv01.version,
        answer=answer(nv01.level_id, nv01.evidence),
        actions=[],
    )

    assert not saved.carried_forward
    assert rating_for(assessment, "NV-01").status == "completed"


# Rating -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.CONTRIBUTOR, Role.LEAD])
def test_contributors_and_leads_save_ratings(draft, people, role):
    """A contributor or lead saves a level and evidence; the version goes up."""
    rating = rating_for(draft, "NV-03")

    saved = rating_update(
        user=people[role],
        rating_id=rating.pk,
        expected_version=rating.version,
        answer=answer(level(draft, 4).pk, "Survey of 200 people."),
        actions=[],
    )

    rating = rating_for(draft, "NV-03")
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
        rate(people[role], draft, "NV-03", 4)
    rating = rating_for(draft, "NV-03")
    assert (rating.level, rating.version) == (None, 1)


def test_not_applicable_clears_the_level_and_needs_no_evidence(draft, people):
    """Not applicable with a reason drops any level and completes without evidence."""
    rating = rating_for(draft, "NV-05")
    rating_update(
        user=people["contributor"],
        rating_id=rating.pk,
        expected_version=rating.version,
        answer=answer(level(draft, 2).pk, "", na=True, reason="Not commissioned here."),
        actions=[],
    )

    rating = rating_for(draft, "NV-05")
    assert rating.not_applicable
    assert rating.level is None
    assert rating.not_applicable_reason == "Not commissioned here."
    assert rating.is_complete


def test_a_rated_answer_drops_an_earlier_not_applicable_reason(draft, people):
    """Rating a principle that was not applicable removes the not applicable reason."""
    rating = rating_for(draft, "NV-05")
    rating_update(
        user=people["contributor"],
        rating_id=rating.pk,
        expected_version=rating.version,
        answer=answer(na=True, reason="Not commissioned here."),
        actions=[],
    )
    rating = rating_for(draft, "NV-05")
    rating_update(
        user=people["contributor"],
        rating_id=rating.pk,
        expected_version=rating.version,
        answer=answer(level(draft, 2).pk, reason="Stale reason"),
        actions=[],
    )

    rating = rating_for(draft, "NV-05")
    assert (rating.not_applicable, rating.not_applicable_reason) == (False, "")
    assert rating.level.value == 2


def test_a_level_from_another_scale_is_refused(draft, people):
    """A level that is not on the assessment's scale is refused and nothing is saved."""
    other_level = RatingScaleFactory().levels.get(value=3)
    rating = rating_for(draft, "NV-01")

    with pytest.raises(ValueError, match="scale"):
        rating_update(
            user=people["lead"],
            rating_id=rating.pk,
            expected_version=rating.version,
            answer=answer(other_level.pk),
            actions=[],
        )
    rating = rating_for(draft, "NV-01")
    assert (rating.level, rating.evidence, rating.version) == (None, "", 1)


def test_actions_are_created_updated_and_deleted(draft, people):
    """Actions sent with a rating are added, changed or deleted as asked."""
    contributor = people["contributor"]
    rate(contributor, draft, "NV-04", actions=[new_action("Keep"), new_action("Remove")])
    kept, removed = sorted(rating_for(draft, "NV-04").actions.all(), key=lambda a: a.description)
    assert (kept.description, removed.description) == ("Keep", "Remove")

    rate(
        contributor,
        draft,
        "NV-04",
        actions=[
            new_action("Keep, now agreed", ActionStatus.AGREED, id=kept.pk, owner="Lead nurse"),
            new_action(id=removed.pk, delete=True),
            new_action("New one", due_date=datetime.date(2027, 6, 30)),
        ],
    )

    actions = {a.description: a for a in rating_for(draft, "NV-04").actions.all()}
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
    rate(people["lead"], draft, "NV-02", actions=[new_action("Belongs to NV-02")])
    other = rating_for(draft, "NV-02").actions.get()

    rate(
        people["lead"],
        draft,
        "NV-01",
        actions=[new_action("Hijacked", id=other.pk), new_action(id=other.pk, delete=True)],
    )

    other.refresh_from_db()
    assert other.description == "Belongs to NV-02"
    assert other.rating == rating_for(draft, "NV-02")
    assert not rating_for(draft, "NV-01").actions.exists()


def test_ratings_in_a_submitted_assessment_cannot_be_edited(submitted, people):
    """A submitted assessment refuses rating edits, even from its lead."""
    with pytest.raises(StateError) as error:
        rate(people["lead"], submitted, "NV-01", 5)
    assert error.value.code == "wrong_state"
    assert rating_for(submitted, "NV-01").level.value == 3


# Submitting, returning and signing off -------------------------------------------------


def test_an_incomplete_draft_cannot_be_submitted(draft, people):
    """Submitting with any principle not completed is refused with the code "incomplete"."""
    complete_all(draft, people["lead"])
    nv12 = rating_for(draft, "NV-12")
    rating_update(
        user=people["lead"],
        rating_id=nv12.pk,
        expected_version=nv12.version,
        answer=answer(level(draft, 3).pk, evidence="   "),
        actions=[],
    )

    with pytest.raises(StateError) as error:
        submit(draft, people["lead"])
    assert error.value.code == "incomplete"
    assert "1 not completed" in str(error.value)
    assert reload(draft).state == AssessmentState.DRAFT
    assert not rating_for(draft, "NV-01").is_frozen


def test_unreviewed_carried_forward_answers_block_submission(last_year, service, people):
    """A carried-forward answer that nobody has saved counts as not completed."""
    assessment = start(people["lead"], service, "2026/27", carry_forward=True)
    for rating in assessment.ratings.select_related("principle").exclude(principle__code="NV-01"):
        rate(people["lead"], assessment, rating.principle.code)

    with pytest.raises(StateError) as error:
        submit(assessment, people["lead"])
    assert error.value.code == "incomplete"


def test_the_lead_submits_a_complete_draft(draft, people):
    """Submitting records who and when, moves to submitted and bumps the version."""
    complete_all(draft, people["lead"])
    version = reload(draft).version

    submit(draft, people["lead"])

    assessment = reload(draft)
    assert assessment.state == AssessmentState.SUBMITTED
    assert assessment.submitted_by == people["lead"]
    assert assessment.submitted_at is not None
    assert assessment.version == version + 1


@pytest.mark.parametrize("role", NOT_LEADS)
def test_only_the_lead_submits(draft, people, role):
    """Contributors, approvers and viewers cannot submit."""
    complete_all(draft, people["lead"])
    with pytest.raises(PermissionDenied):
        submit(draft, people[role])
    assert reload(draft).state == AssessmentState.DRAFT


@pytest.mark.parametrize("role", [Role.LEAD, Role.APPROVER])
def test_lead_or_approver_returns_a_submission_with_a_comment(submitted, people, role):
    """Returning sends the assessment back to draft with the comment and who returned it."""
    return_(submitted, people[role], "Add evidence from carers.")

    assessment = reload(submitted)
    assert assessment.state == AssessmentState.DRAFT
    assert assessment.returned_comment == "Add evidence from carers."
    assert assessment.returned_by == people[role]
    assert assessment.returned_at is not None
    rate(people["contributor"], assessment, "NV-01", 5)
    assert rating_for(assessment, "NV-01").level.value == 5


@pytest.mark.parametrize("role", [Role.CONTRIBUTOR, Role.VIEWER])
def test_contributors_and_viewers_cannot_return(submitted, people, role):
    """Only a lead or an approver may return a submission."""
    with pytest.raises(PermissionDenied):
        return_(submitted, people[role])
    assert reload(submitted).state == AssessmentState.SUBMITTED


def test_a_draft_cannot_be_returned(draft, people):
    """Only a submitted assessment can be returned."""
    with pytest.raises(StateError) as error:
        return_(draft, people["lead"])
    assert error.value.code == "wrong_state"


def test_the_approver_signs_off_a_submission(submitted, people):
    """Sign-off records the board's decision and makes the assessment signed off."""
    sign_off(submitted, people["approver"])

    assessment = reload(submitted)
    assert assessment.state == AssessmentState.SIGNED_OFF
    assert assessment.is_signed_off
    assert assessment.signoff_body == "Riverside Health and Wellbeing Board"
    assert assessment.signoff_decision == "approved"
    assert assessment.signoff_date == datetime.date(2027, 3, 3)
    assert assessment.signoff_minute_reference == "12/27"
    assert assessment.signed_off_by == people["approver"]
    assert assessment.signed_off_at is not None


@pytest.mark.parametrize("role", [Role.CONTRIBUTOR, Role.LEAD, Role.VIEWER])
def test_only_the_approver_signs_off(submitted, people, role):
    """Leads, contributors and viewers cannot record sign-off."""
    with pytest.raises(PermissionDenied):
        sign_off(submitted, people[role])
    assert reload(submitted).state == AssessmentState.SUBMITTED


def test_a_draft_cannot_be_signed_off(draft, people):
    """Sign-off needs a submitted assessment."""
    with pytest.raises(StateError) as error:
        sign_off(draft, people["approver"])
    assert error.value.code == "wrong_state"
    assert reload(draft).state == AssessmentState.DRAFT


SERVICES_ON_AN_ASSESSMENT = {
    "rate": lambda a, p: rate(p["lead"], a, "NV-01", 5),
    "weights": lambda a, p: set_weights(a, p["lead"], {}),
    "submit": lambda a, p: submit(a, p["lead"]),
    "return": lambda a, p: return_(a, p["approver"]),
    "sign off": lambda a, p: sign_off(a, p["approver"]),
}


@pytest.mark.parametrize("call", SERVICES_ON_AN_ASSESSMENT.values(), ids=SERVICES_ON_AN_ASSESSMENT)
def test_a_signed_off_assessment_refuses_every_change(signed_off, people, call):
    """Every service refuses a signed-off assessment with the code "signed_off"."""
    version = reload(signed_off).version
    with pytest.raises(StateError) as error:
        call(signed_off, people)
    assert error.value.code == "signed_off"
    assessment = reload(signed_off)
    assert (assessment.state, assessment.version) == (AssessmentState.SIGNED_OFF, version)
    assert rating_for(assessment, "NV-01").level.value == 3


def test_submitting_from_a_stale_version_is_refused(draft, people):
    """Submitting from a page opened before the weights changed raises ConflictError."""
    complete_all(draft, people["lead"])
    stale = reload(draft).version
    set_weights(draft, people["lead"], {})

    with pytest.raises(ConflictError) as error:
        assessment_submit(user=people["lead"], assessment_id=draft.pk, expected_version=stale)
    assert error.value.current.version == stale + 1
    assert reload(draft).state == AssessmentState.DRAFT


@pytest.mark.parametrize(
    "call",
    [
        lambda a, u, v: assessment_return(
            user=u, assessment_id=a.pk, expected_version=v, comment="No"
        ),
        lambda a, u, v: assessment_sign_off(
            user=u,
            assessment_id=a.pk,
            expected_version=v,
            body="Board",
            decision="noted",
            decision_date=DUE,
            minute_reference="",
        ),
    ],
    ids=["return", "sign off"],
)
def test_decisions_on_a_stale_version_are_refused(submitted, people, call):
    """Returning or signing off from a page opened before a resubmission raises ConflictError."""
    stale = reload(submitted).version
    return_(submitted, people["lead"])
    submit(submitted, people["lead"])

    with pytest.raises(ConflictError):
        call(submitted, people["approver"], stale)
    assert reload(submitted).state == AssessmentState.SUBMITTED


# Freezing what was rated ---------------------------------------------------------------


def admin_edits_reference_text():
    """An admin rewrites principle NV-01, its group heading and the level 3 label."""
    principle = Principle.objects.get(code="NV-01")
    principle.statement = "New statement"
    principle.short_title = "New title"
    principle.save()
    PrincipleGroup.objects.filter(pk=principle.group_id).update(title="New group title")
    RatingLevel.objects.filter(scale=RatingScale.objects.default(), value=3).update(
        label="New label"
    )


def shown(assessment, code="NV-01"):
    rating = next(r for r in ratings_for_assessment(assessment) if r.principle.code == code)
    return (rating.short_title, rating.statement, rating.group_title, rating.level_label)


OLD_TEXT = (
    "Person-centred",
    "be organised around the needs of individuals (person-centred)",
    "Integrated care must",
    "Growing",
)
NEW_TEXT = ("New title", "New statement", "New group title", "New label")


def test_submitting_freezes_what_each_principle_was_rated_against(submitted):
    """Submission stores each principle's code, text, order and level in the rating."""
    rating = rating_for(submitted, "NV-01")
    assert rating.is_frozen
    assert rating.frozen_code == "NV-01"
    assert rating.frozen_short_title == "Person-centred"
    assert rating.frozen_statement == OLD_TEXT[1]
    assert rating.frozen_group_title == "Integrated care must"
    assert (rating.frozen_group_order, rating.frozen_order) == (1, 1)
    assert (rating.frozen_level_value, rating.frozen_level_label) == (3, "Growing")
    assert not submitted.ratings.filter(frozen_code="").exists()


@pytest.mark.parametrize("state_fixture", ["submitted", "signed_off"])
def test_frozen_ratings_keep_the_old_text_after_admin_edits(request, state_fixture):
    """A submitted or signed-off assessment still shows the text it was rated against."""
    assessment = request.getfixturevalue(state_fixture)
    admin_edits_reference_text()
    assert shown(assessment) == OLD_TEXT


def test_draft_ratings_show_the_current_text(draft, people):
    """A draft shows principle text and level labels as they are now."""
    rate(people["lead"], draft, "NV-01", 3)
    admin_edits_reference_text()
    assert shown(draft) == NEW_TEXT


def test_returning_clears_the_freeze(submitted, people):
    """A returned assessment is a draft again and shows the current text."""
    return_(submitted, people["approver"])
    admin_edits_reference_text()

    assert shown(submitted) == NEW_TEXT
    ratings = submitted.ratings.all()
    assert not any(r.is_frozen for r in ratings)
    assert all(getattr(r, field) in ("", None) for r in ratings for field in FROZEN_FIELDS)


# Weights ------------------------------------------------------------------------------


def test_weights_are_saved_with_a_reason_where_they_differ(draft, people):
    """A weight away from the default keeps its reason; one at the default drops it."""
    nv02, nv03 = rating_for(draft, "NV-02"), rating_for(draft, "NV-03")
    version = reload(draft).version

    set_weights(draft, people["lead"], {nv02.pk: (3, "Board priority"), nv03.pk: (1, "Ignored")})

    nv02, nv03 = rating_for(draft, "NV-02"), rating_for(draft, "NV-03")
    assert (nv02.weight, nv02.weight_reason) == (3, "Board priority")
    assert (nv03.weight, nv03.weight_reason) == (1, "")
    assert reload(draft).version == version + 1
    # Weights are guarded by the assessment's version, not the rating's.
    assert nv02.version == 1
    assert nv02.history.first().history_user == people["lead"]


def test_returning_a_weight_to_its_default_drops_the_reason(draft, people):
    """Setting a weight back to the principle's default clears the old reason."""
    nv02 = rating_for(draft, "NV-02")
    set_weights(draft, people["lead"], {nv02.pk: (3, "Board priority")})
    set_weights(draft, people["lead"], {nv02.pk: (1, "Back to normal")})
    nv02 = rating_for(draft, "NV-02")
    assert (nv02.weight, nv02.weight_reason) == (1, "")


@pytest.mark.parametrize("weight", [-1, 11])
def test_weights_outside_0_to_10_are_refused(draft, people, weight):
    """Weights below 0 or above 10 are refused and nothing is saved."""
    nv01, nv02 = rating_for(draft, "NV-01"), rating_for(draft, "NV-02")
    version = reload(draft).version
    with pytest.raises(ValueError, match="0 to 10"):
        set_weights(draft, people["lead"], {nv01.pk: (5, "Priority"), nv02.pk: (weight, "Why")})
    assert rating_for(draft, "NV-01").weight == 1
    assert reload(draft).version == version


@pytest.mark.parametrize("weight", [0, 10])
def test_weights_of_0_and_10_are_allowed(draft, people, weight):
    """The ends of the range are valid weights."""
    nv01 = rating_for(draft, "NV-01")
    set_weights(draft, people["lead"], {nv01.pk: (weight, "Reason")})
    assert rating_for(draft, "NV-01").weight == weight


def test_at_least_one_weight_must_be_positive(draft, people):
    """Setting every weight to 0 is refused."""
    with pytest.raises(ValueError, match="more than 0"):
        set_weights(draft, people["lead"], {r.pk: (0, "None") for r in draft.ratings.all()})
    assert not draft.ratings.filter(weight=0).exists()


def test_weights_for_another_assessments_ratings_are_ignored(draft, service, people):
    """A rating id from another assessment in the weights is neither saved nor counted."""
    other = start(people["lead"], service, "2027/28")
    other_rating = rating_for(other, "NV-01")
    weights = {r.pk: (0, "Not this year") for r in draft.ratings.all()}
    weights[other_rating.pk] = (5, "Smuggled in")

    with pytest.raises(ValueError, match="more than 0"):
        set_weights(draft, people["lead"], weights)
    set_weights(draft, people["lead"], {other_rating.pk: (5, "Smuggled in")})
    assert rating_for(other, "NV-01").weight == 1


@pytest.mark.parametrize("role", NOT_LEADS)
def test_only_the_lead_sets_weights(draft, people, role):
    """Contributors, approvers and viewers cannot change weights."""
    nv01 = rating_for(draft, "NV-01")
    with pytest.raises(PermissionDenied):
        set_weights(draft, people[role], {nv01.pk: (4, "Priority")})
    assert rating_for(draft, "NV-01").weight == 1


def test_weights_from_a_stale_version_are_refused(draft, people):
    """A second weights save from the same page version raises ConflictError."""
    nv01 = rating_for(draft, "NV-01")
    version = reload(draft).version
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
    nv01 = rating_for(draft, "NV-01")
    assert (nv01.weight, nv01.weight_reason) == (4, "First")


# Optimistic concurrency ----------------------------------------------------------------


def test_a_rating_can_be_saved_on_every_database(draft, people):
    """Saving a rating locks only the rating row, so it works on PostgreSQL as on SQLite."""
    rate(people["contributor"], draft, "NV-01", 2)
    assert rating_for(draft, "NV-01").level.value == 2


def test_a_stale_rating_save_is_refused_and_keeps_the_first_save(draft, people):
    """The second of two saves from the same version fails and shows the first one's values."""
    first_user, second_user = people["contributor"], people["lead"]
    opened = rating_for(draft, "NV-06")

    rating_update(
        user=first_user,
        rating_id=opened.pk,
        expected_version=opened.version,
        answer=answer(level(draft, 4).pk, "First user's evidence."),
        actions=[new_action("First user's action")],
    )
    with pytest.raises(ConflictError) as error:
        rating_update(
            user=second_user,
            rating_id=opened.pk,
            expected_version=opened.version,
            answer=answer(level(draft, 1).pk, "Second user's evidence."),
            actions=[new_action("Second user's action")],
        )

    current = error.value.current
    assert current.evidence == "First user's evidence."
    assert current.level.value == 4
    assert current.version == opened.version + 1
    assert current.updated_by == first_user
    saved = rating_for(draft, "NV-06")
    assert (saved.evidence, saved.level.value, saved.version) == (
        "First user's evidence.",
        4,
        opened.version + 1,
    )
    assert [a.description for a in saved.actions.all()] == ["First user's action"]
    assert saved.history.count() == 2


def test_users_outside_the_partnership_cannot_save_ratings(draft):
    """Someone with no role in the partnership is refused."""
    outsider = UserFactory()
    with pytest.raises(PermissionDenied):
        rate(outsider, draft, "NV-01")
