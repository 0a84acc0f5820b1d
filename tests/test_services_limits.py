"""Services refuse what the forms refuse, for every caller, with a code; text is stored stripped."""

import datetime

import pytest

from assessments import rules
from assessments.errors import RefusedError
from assessments.models import Assessment, AssessmentState, ImprovementAction
from assessments.services import rating_update
from tests import builders
from tests.factories import RatingScaleFactory

pytestmark = pytest.mark.django_db


def refusal(call) -> RefusedError:
    with pytest.raises(RefusedError) as error:
        call()
    return error.value


def unchanged(assessment, code="NV-01"):
    """The rating as a fresh draft has it: nothing of a refused save was kept."""
    rating = builders.rating_for(assessment=assessment, code=code)
    return (rating.version, rating.level_id, rating.evidence, rating.actions.count()) == (
        1,
        None,
        "",
        0,
    )


# Ratings -------------------------------------------------------------------------------


@pytest.mark.parametrize("length", [rules.EVIDENCE_MAX_LENGTH + 1, 20_000])
def test_evidence_over_the_limit_is_refused(draft, people, length):
    """Evidence longer than the form allows is refused with "evidence_too_long"."""
    error = refusal(
        lambda: builders.rate(
            user=people["lead"], assessment=draft, code="NV-01", evidence="x" * length
        )
    )
    assert error.code == "evidence_too_long"
    assert error.message == "Evidence must be 5,000 characters or fewer"
    assert unchanged(draft)


def test_evidence_at_the_limit_is_saved(draft, people):
    """Evidence of exactly the limit is saved whole."""
    evidence = "x" * rules.EVIDENCE_MAX_LENGTH
    builders.rate(user=people["lead"], assessment=draft, code="NV-01", evidence=evidence)
    assert builders.rating_for(assessment=draft, code="NV-01").evidence == evidence


def test_a_not_applicable_reason_over_the_limit_is_refused(draft, people):
    """A not applicable reason longer than the form allows is refused."""
    error = refusal(
        lambda: builders.rate(
            user=people["lead"],
            assessment=draft,
            code="NV-01",
            value=None,
            na=True,
            reason="x" * (rules.REASON_MAX_LENGTH + 1),
        )
    )
    assert error.code == "not_applicable_reason_too_long"
    assert unchanged(draft)


def test_null_characters_in_evidence_are_refused(draft, people):
    """Evidence with a null character, which PostgreSQL cannot store, is refused."""
    error = refusal(
        lambda: builders.rate(
            user=people["lead"], assessment=draft, code="NV-01", evidence="a\x00b"
        )
    )
    assert error.code == "evidence_null_character"
    assert unchanged(draft)


def test_a_level_from_another_scale_is_refused_with_a_code(draft, people):
    """A level that is not on the assessment's scale is refused with "level_not_on_scale"."""
    other = RatingScaleFactory().levels.get(value=3)
    rating = builders.rating_for(assessment=draft, code="NV-01")
    error = refusal(
        lambda: rating_update(
            user=people["lead"],
            rating_id=rating.pk,
            expected_version=rating.version,
            answer=builders.answer(level_id=other.pk, evidence="Evidence."),
            actions=[],
        )
    )
    assert error.code == "level_not_on_scale"
    assert unchanged(draft)


@pytest.mark.parametrize("blank", ["   ", "\n\t ", "\u00a0\u3000"])
def test_whitespace_only_evidence_is_stored_empty_and_not_complete(draft, people, blank):
    """Evidence of only whitespace is stored as "" and leaves the principle not completed."""
    builders.rate(user=people["lead"], assessment=draft, code="NV-01", evidence=blank)
    rating = builders.rating_for(assessment=draft, code="NV-01")
    assert rating.evidence == ""
    assert not rating.is_complete


def test_a_whitespace_only_not_applicable_reason_is_stored_empty(draft, people):
    """A not applicable reason of only whitespace is stored as "" and is not complete."""
    builders.rate(
        user=people["lead"], assessment=draft, code="NV-01", value=None, na=True, reason=" \n "
    )
    rating = builders.rating_for(assessment=draft, code="NV-01")
    assert (rating.not_applicable, rating.not_applicable_reason) == (True, "")
    assert not rating.is_complete


def test_text_is_stored_stripped(draft, people):
    """Evidence, reasons and actions are stored without surrounding whitespace."""
    builders.rate(
        user=people["lead"],
        assessment=draft,
        code="NV-01",
        evidence="  Survey of 200 people.\n",
        actions=[builders.new_action(description=" Agree a plan ", owner=" Lead nurse ")],
    )
    rating = builders.rating_for(assessment=draft, code="NV-01")
    action = rating.actions.get()
    assert (rating.evidence, action.description, action.owner) == (
        "Survey of 200 people.",
        "Agree a plan",
        "Lead nurse",
    )


# Improvement actions -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"description": "x" * (rules.ACTION_MAX_LENGTH + 1)}, "action_description_too_long"),
        ({"description": "  "}, "action_description_required"),
        ({"owner": "x" * (rules.OWNER_MAX_LENGTH + 1)}, "action_owner_too_long"),
        ({"owner": ""}, "action_owner_required"),
        ({"due_date": None}, "due_date_required"),
        ({"due_date": datetime.date(1999, 12, 31)}, "due_date_out_of_range"),
        ({"due_date": datetime.date(2101, 1, 1)}, "due_date_out_of_range"),
        ({"status": "abandoned"}, "action_status_invalid"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_an_action_breaking_a_rule_is_refused_and_nothing_is_saved(draft, people, fields, code):
    """An action the form would refuse is refused with a code, and the whole save with it."""
    error = refusal(
        lambda: builders.rate(
            user=people["lead"],
            assessment=draft,
            code="NV-01",
            actions=[builders.new_action(**fields)],
        )
    )
    assert error.code == code
    assert unchanged(draft)


def test_more_actions_than_the_form_allows_are_refused(draft, people):
    """A principle can have at most MAX_ACTIONS actions, however they are sent."""
    actions = [builders.new_action(description=f"Action {n}") for n in range(rules.MAX_ACTIONS)]
    builders.rate(user=people["lead"], assessment=draft, code="NV-01", actions=actions)

    error = refusal(
        lambda: builders.rate(
            user=people["lead"],
            assessment=draft,
            code="NV-01",
            actions=[builders.new_action(description="One too many")],
        )
    )
    assert error.code == "too_many_actions"
    rating = builders.rating_for(assessment=draft, code="NV-01")
    assert rating.actions.count() == rules.MAX_ACTIONS


def test_a_removed_action_is_not_checked(draft, people):
    """Removing an action needs none of its fields to be valid."""
    builders.rate(
        user=people["lead"], assessment=draft, code="NV-01", actions=[builders.new_action()]
    )
    saved = ImprovementAction.objects.get()
    builders.rate(
        user=people["lead"],
        assessment=draft,
        code="NV-01",
        actions=[builders.new_action(id=saved.pk, description="", owner="", delete=True)],
    )
    assert not ImprovementAction.objects.exists()


# Weights -------------------------------------------------------------------------------


@pytest.mark.parametrize("weight", [11, -1, 2.5, True])
def test_a_weight_outside_0_to_10_is_refused(draft, people, weight):
    """A weight that is not a whole number from 0 to 10 is refused with "weight_out_of_range"."""
    nv01 = builders.rating_for(assessment=draft, code="NV-01")
    version = builders.reload(assessment=draft).version
    error = refusal(
        lambda: builders.set_weights(
            user=people["lead"], assessment=draft, weights={nv01.pk: (weight, "Why")}
        )
    )
    assert error.code == "weight_out_of_range"
    assert error.message == "Weight for NV-01 must be a whole number from 0 to 10"
    assert builders.reload(assessment=draft).version == version


def test_all_weights_at_0_are_refused_with_a_code(draft, people):
    """Setting every weight to 0 is refused with "all_zero" and the form's message."""
    weights = {r.pk: (0, "Not this year") for r in draft.ratings.all()}
    error = refusal(
        lambda: builders.set_weights(user=people["lead"], assessment=draft, weights=weights)
    )
    assert error.code == "all_zero"
    assert error.message == "Give at least one principle a weight above 0"


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_changed_weight_needs_a_reason(draft, people, reason):
    """A weight away from the default without a reason is refused, as the form refuses it."""
    nv01 = builders.rating_for(assessment=draft, code="NV-01")
    error = refusal(
        lambda: builders.set_weights(
            user=people["lead"], assessment=draft, weights={nv01.pk: (4, reason)}
        )
    )
    assert error.code == "weight_reason_required"
    assert error.message == "Enter why the weight for NV-01 differs from its default"
    assert builders.rating_for(assessment=draft, code="NV-01").weight == 1


def test_a_weight_reason_over_the_limit_is_refused(draft, people):
    """A weight reason longer than the form allows is refused."""
    nv01 = builders.rating_for(assessment=draft, code="NV-01")
    reason = "x" * (rules.REASON_MAX_LENGTH + 1)
    error = refusal(
        lambda: builders.set_weights(
            user=people["lead"], assessment=draft, weights={nv01.pk: (4, reason)}
        )
    )
    assert error.code == "weight_reason_too_long"


# Starting ------------------------------------------------------------------------------

BAD_PERIODS = ["2026/99", "2026/28", "\u0662\u0660\u0662\u0666/\u0662\u0667", "2026/27\n", "26/27"]


@pytest.mark.parametrize("period", [*BAD_PERIODS, "2026-27", ""])
def test_a_period_that_is_not_two_consecutive_years_is_refused(service, people, period):
    """Only periods like 2026/27, in ASCII digits, are stored: others are "invalid_period"."""
    error = refusal(lambda: builders.start(user=people["lead"], service=service, period=period))
    assert error.code == "invalid_period"
    assert error.message == rules.PERIOD_MESSAGE
    assert not Assessment.objects.exists()


def test_a_period_that_cannot_be_right_is_refused_by_the_service_too(service, people):
    """0000/01 is refused for every caller, not only by the start form."""
    error = refusal(lambda: builders.start(user=people["lead"], service=service, period="0000/01"))
    assert (error.code, error.message) == ("period_out_of_range", rules.PERIOD_RANGE_MESSAGE)
    assert not Assessment.objects.exists()


def test_a_period_across_a_century_is_two_consecutive_years(service, people):
    """2099/00 is two consecutive years."""
    assert builders.start(user=people["lead"], service=service, period="2099/00").period == (
        "2099/00"
    )


@pytest.mark.parametrize(
    ("title", "code"),
    [("x" * 500, "title_too_long"), ("x" * 201, "title_too_long"), ("  ", "title_required")],
    ids=["500", "201", "blank"],
)
def test_a_title_the_form_refuses_is_refused(service, people, title, code):
    """A title that is blank or over 200 characters is refused and nothing is created."""
    error = refusal(lambda: builders.start(user=people["lead"], service=service, title=title))
    assert error.code == code
    assert not Assessment.objects.exists()


def test_a_title_is_stored_stripped_up_to_the_limit(service, people):
    """A title of 200 characters is kept whole, without surrounding spaces."""
    title = "x" * rules.TITLE_MAX_LENGTH
    assert builders.start(user=people["lead"], service=service, title=f"  {title} ").title == title


# Returning and signing off ------------------------------------------------------------


@pytest.mark.parametrize(
    ("comment", "code"),
    [("", "comment_required"), (" \n ", "comment_required"), ("x" * 2001, "comment_too_long")],
    ids=["empty", "whitespace", "too long"],
)
def test_a_return_comment_the_form_refuses_is_refused(submitted, people, comment, code):
    """Returning needs a comment of at most 2,000 characters; the assessment stays submitted."""
    error = refusal(
        lambda: builders.return_(user=people["approver"], assessment=submitted, comment=comment)
    )
    assert error.code == code
    assert builders.reload(assessment=submitted).state == AssessmentState.SUBMITTED


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"body": " "}, "body_required"),
        ({"body": "x" * 201}, "body_too_long"),
        ({"minute_reference": ""}, "minute_reference_required"),
        ({"minute_reference": "x" * 101}, "minute_reference_too_long"),
        ({"decision": "rubber-stamped"}, "decision_invalid"),
        ({"decision_date": None}, "decision_date_required"),
        ({"decision_date": datetime.date(1999, 1, 1)}, "decision_date_out_of_range"),
        ({"decision_date": datetime.date(2020, 1, 1)}, "decision_date_before_period"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_a_sign_off_the_form_refuses_is_refused(submitted, people, fields, code):
    """Sign-off details the form would refuse are refused; the assessment stays submitted."""
    version = builders.reload(assessment=submitted).version
    error = refusal(
        lambda: builders.sign_off(user=people["approver"], assessment=submitted, **fields)
    )
    assert error.code == code
    assessment = builders.reload(assessment=submitted)
    assert (assessment.state, assessment.version) == (AssessmentState.SUBMITTED, version)
