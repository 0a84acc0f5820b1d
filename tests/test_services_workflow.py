"""Submitting, returning, signing off and freezing what was rated; stale saves."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from assessments.errors import ConflictError, RefusedError
from assessments.models import AssessmentState
from assessments.selectors import ratings_for_assessment
from assessments.services import (
    FROZEN_FIELDS,
    assessment_return,
    assessment_sign_off,
    assessment_submit,
    rating_update,
)
from partnerships.models import Role
from principles.models import Principle, PrincipleGroup, RatingLevel, RatingScale
from tests.builders import (
    DUE,
    answer,
    complete,
    level,
    new_action,
    rate,
    rating_for,
    reload,
    return_,
    set_weights,
    sign_off,
    submit,
)
from tests.factories import NOT_LEADS, UserFactory

pytestmark = pytest.mark.django_db


# Submitting, returning and signing off -------------------------------------------------


def test_an_incomplete_draft_cannot_be_submitted(draft, people):
    """Submitting with any principle not completed is refused with the code "incomplete"."""
    complete(user=people["lead"], assessment=draft)
    rate(user=people["lead"], assessment=draft, code="NV-12", value=3, evidence="   ")

    with pytest.raises(RefusedError) as error:
        submit(user=people["lead"], assessment=draft)
    assert error.value.code == "incomplete"
    assert "1 not completed" in str(error.value)
    assert reload(assessment=draft).state == AssessmentState.DRAFT
    assert not rating_for(assessment=draft, code="NV-01").is_frozen


def test_the_lead_submits_a_complete_draft(draft, people):
    """Submitting records who and when, moves to submitted and bumps the version."""
    complete(user=people["lead"], assessment=draft)
    version = reload(assessment=draft).version

    submit(user=people["lead"], assessment=draft)

    assessment = reload(assessment=draft)
    assert assessment.state == AssessmentState.SUBMITTED
    assert assessment.submitted_by == people["lead"]
    assert assessment.submitted_at is not None
    assert assessment.version == version + 1


@pytest.mark.parametrize("role", NOT_LEADS)
def test_only_the_lead_submits(draft, people, role):
    """Contributors, approvers and viewers cannot submit."""
    complete(user=people["lead"], assessment=draft)
    with pytest.raises(PermissionDenied):
        submit(user=people[role], assessment=draft)
    assert reload(assessment=draft).state == AssessmentState.DRAFT


@pytest.mark.parametrize("role", [Role.LEAD, Role.APPROVER])
def test_lead_or_approver_returns_a_submission_with_a_comment(submitted, people, role):
    """Returning sends the assessment back to draft with the comment and who returned it."""
    return_(user=people[role], assessment=submitted, comment="Add evidence from carers.")

    assessment = reload(assessment=submitted)
    assert assessment.state == AssessmentState.DRAFT
    assert assessment.returned_comment == "Add evidence from carers."
    assert assessment.returned_by == people[role]
    assert assessment.returned_at is not None
    rate(user=people["contributor"], assessment=assessment, code="NV-01", value=5)
    assert rating_for(assessment=assessment, code="NV-01").level.value == 5


@pytest.mark.parametrize("role", [Role.CONTRIBUTOR, Role.VIEWER])
def test_contributors_and_viewers_cannot_return(submitted, people, role):
    """Only a lead or an approver may return a submission."""
    with pytest.raises(PermissionDenied):
        return_(user=people[role], assessment=submitted)
    assert reload(assessment=submitted).state == AssessmentState.SUBMITTED


def test_a_draft_cannot_be_returned(draft, people):
    """Only a submitted assessment can be returned."""
    with pytest.raises(RefusedError) as error:
        return_(user=people["lead"], assessment=draft)
    assert error.value.code == "wrong_state"


def test_the_approver_signs_off_a_submission(submitted, people):
    """Sign-off records the board's decision and makes the assessment signed off."""
    sign_off(
        user=people["approver"],
        assessment=submitted,
        decision_date=datetime.date(2027, 3, 3),
        minute_reference="12/27",
    )

    assessment = reload(assessment=submitted)
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
        sign_off(user=people[role], assessment=submitted)
    assert reload(assessment=submitted).state == AssessmentState.SUBMITTED


def test_a_draft_cannot_be_signed_off(draft, people):
    """Sign-off needs a submitted assessment."""
    with pytest.raises(RefusedError) as error:
        sign_off(user=people["approver"], assessment=draft)
    assert error.value.code == "wrong_state"
    assert reload(assessment=draft).state == AssessmentState.DRAFT


SERVICES_ON_AN_ASSESSMENT = {
    "rate": lambda a, p: rate(user=p["lead"], assessment=a, code="NV-01", value=5),
    "weights": lambda a, p: set_weights(user=p["lead"], assessment=a, weights={}),
    "submit": lambda a, p: submit(user=p["lead"], assessment=a),
    "return": lambda a, p: return_(user=p["approver"], assessment=a),
    "sign off": lambda a, p: sign_off(user=p["approver"], assessment=a),
}


@pytest.mark.parametrize("call", SERVICES_ON_AN_ASSESSMENT.values(), ids=SERVICES_ON_AN_ASSESSMENT)
def test_a_signed_off_assessment_refuses_every_change(signed_off, people, call):
    """Every service refuses a signed-off assessment with the code "signed_off"."""
    version = reload(assessment=signed_off).version
    with pytest.raises(RefusedError) as error:
        call(signed_off, people)
    assert error.value.code == "signed_off"
    assessment = reload(assessment=signed_off)
    assert (assessment.state, assessment.version) == (AssessmentState.SIGNED_OFF, version)
    assert rating_for(assessment=assessment, code="NV-01").level.value == 3


def test_submitting_from_a_stale_version_is_refused(draft, people):
    """Submitting from a page opened before the weights changed raises ConflictError."""
    complete(user=people["lead"], assessment=draft)
    stale = reload(assessment=draft).version
    nv03 = draft.ratings.get(principle__code="NV-03")
    set_weights(user=people["lead"], assessment=draft, weights={nv03.pk: (2, "Carers asked")})

    with pytest.raises(ConflictError) as error:
        assessment_submit(user=people["lead"], assessment_id=draft.pk, expected_version=stale)
    assert error.value.current.version == stale + 1
    assert reload(assessment=draft).state == AssessmentState.DRAFT


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
    stale = reload(assessment=submitted).version
    return_(user=people["lead"], assessment=submitted)
    submit(user=people["lead"], assessment=submitted)

    with pytest.raises(ConflictError):
        call(submitted, people["approver"], stale)
    assert reload(assessment=submitted).state == AssessmentState.SUBMITTED


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
    rating = rating_for(assessment=submitted, code="NV-01")
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
    rate(user=people["lead"], assessment=draft, code="NV-01", value=3)
    admin_edits_reference_text()
    assert shown(draft) == NEW_TEXT


def test_returning_clears_the_freeze(submitted, people):
    """A returned assessment is a draft again and shows the current text."""
    return_(user=people["approver"], assessment=submitted)
    admin_edits_reference_text()

    assert shown(submitted) == NEW_TEXT
    ratings = submitted.ratings.all()
    assert not any(r.is_frozen for r in ratings)
    assert all(getattr(r, field) in ("", None) for r in ratings for field in FROZEN_FIELDS)


# Optimistic concurrency ----------------------------------------------------------------


def test_a_rating_can_be_saved_on_every_database(draft, people):
    """Saving a rating locks only the rating row, so it works on PostgreSQL as on SQLite."""
    rate(user=people["contributor"], assessment=draft, code="NV-01", value=2)
    assert rating_for(assessment=draft, code="NV-01").level.value == 2


def test_a_stale_rating_save_is_refused_and_keeps_the_first_save(draft, people):
    """The second of two saves from the same version fails and shows the first one's values."""
    first_user, second_user = people["contributor"], people["lead"]
    opened = rating_for(assessment=draft, code="NV-06")

    rating_update(
        user=first_user,
        rating_id=opened.pk,
        expected_version=opened.version,
        answer=answer(
            level_id=level(assessment=draft, value=4).pk, evidence="First user's evidence."
        ),
        actions=[new_action(description="First user's action")],
    )
    with pytest.raises(ConflictError) as error:
        rating_update(
            user=second_user,
            rating_id=opened.pk,
            expected_version=opened.version,
            answer=answer(
                level_id=level(assessment=draft, value=1).pk, evidence="Second user's evidence."
            ),
            actions=[new_action(description="Second user's action")],
        )

    current = error.value.current
    assert current.evidence == "First user's evidence."
    assert current.level.value == 4
    assert current.version == opened.version + 1
    assert current.updated_by == first_user
    saved = rating_for(assessment=draft, code="NV-06")
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
        rate(user=outsider, assessment=draft, code="NV-01")
