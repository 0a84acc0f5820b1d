"""The workflow table is the one source of states, changes and permissions: everything reads it."""

from dataclasses import replace

import pytest
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.utils import timezone

from assessments import workflow
from assessments.board_services import assessment_board_summary_update
from assessments.errors import RefusedError
from assessments.forms import StartAssessmentForm
from assessments.models import Assessment, AssessmentState
from assessments.selectors import attention_items
from assessments.views.common import ALLOWED_TRANSITIONS, Allowed
from partnerships.models import Role
from partnerships.permissions import ALLOWED_ROLES, Action
from tests import builders

pytestmark = pytest.mark.django_db

# Each change on an existing assessment, made through its service as the app makes it.
CALLS = {
    "edit": lambda user, a: builders.rate(user=user, assessment=a, code="NV-01", value=4),
    "set_weights": lambda user, a: builders.set_weights(user=user, assessment=a, weights={}),
    "submit": lambda user, a: builders.submit(user=user, assessment=a),
    "return": lambda user, a: builders.return_(user=user, assessment=a),
    "sign_off": lambda user, a: builders.sign_off(user=user, assessment=a),
    "prepare_for_board": lambda user, a: assessment_board_summary_update(
        user=user,
        assessment_id=a.pk,
        expected_version=builders.reload(assessment=a).version,
        summary="What the team found.",
        board_ask="Approve the plan.",
    ),
}
CHANGES = [t for t in workflow.TRANSITIONS if t is not workflow.START]


def expected(transition, state, role) -> bool:
    """What the table says: the state is one the change starts from and the role allows it."""
    return state in transition.sources and role in ALLOWED_ROLES[transition.action]


def set_state(assessment, state, *, returned=False):
    Assessment.objects.filter(pk=assessment.pk).update(
        state=state, returned_at=timezone.now() if returned else None
    )
    assessment.refresh_from_db()


# The table itself ----------------------------------------------------------------------


def test_every_state_has_exactly_one_row():
    """Each state in AssessmentState has a row in STATES, and no row names another state."""
    assert set(workflow.STATES) == set(AssessmentState.values)


def test_every_transition_starts_and_ends_in_known_states():
    """Every change's source and target states are states, and each change has its own name."""
    for transition in workflow.TRANSITIONS:
        assert transition.sources <= set(AssessmentState.values)
        assert transition.target in AssessmentState.values
    assert len({t.name for t in workflow.TRANSITIONS}) == len(workflow.TRANSITIONS)


def test_the_service_calls_here_cover_every_change():
    """Every change on an existing assessment is exercised by the tests below."""
    assert set(CALLS) == {t.name for t in CHANGES}


# Services ------------------------------------------------------------------------------


@pytest.mark.parametrize("state", AssessmentState.values)
@pytest.mark.parametrize("transition", CHANGES, ids=lambda t: t.name)
def test_services_allow_each_change_only_as_the_table_says(draft, people, transition, state):
    """Each service refuses states the table does not list (with the state's code), refuses
    roles without the permission, and otherwise moves the assessment to the target state."""
    builders.complete(user=people["lead"], assessment=draft)
    for role in Role.values:
        set_state(draft, state)
        version = draft.version
        call = CALLS[transition.name]
        if state not in transition.sources:
            with pytest.raises(RefusedError) as error:
                call(people[role], draft)
            assert error.value.code == workflow.STATES[state].refusal_code, role
            assert builders.reload(assessment=draft).version == version
        elif not expected(transition, state, role):
            with pytest.raises(PermissionDenied):
                call(people[role], draft)
            assert builders.reload(assessment=draft).version == version
        else:
            call(people[role], draft)
            assert builders.reload(assessment=draft).state == transition.target, role


@pytest.mark.parametrize("role", Role.values)
def test_starting_follows_the_table(service, people, role):
    """Only roles the START permission lists can start, and a new assessment is in its target."""
    if role in ALLOWED_ROLES[workflow.START.action]:
        assessment = builders.start(user=people[role], service=service)
        assert assessment.state == workflow.START.target
    else:
        with pytest.raises(PermissionDenied):
            builders.start(user=people[role], service=service)


def test_a_changed_source_state_changes_the_service(monkeypatch, draft, people):
    """Letting sign-off start from a draft in the table lets the service sign off a draft."""
    anywhere = frozenset({AssessmentState.DRAFT, AssessmentState.SUBMITTED})
    monkeypatch.setattr(workflow, "SIGN_OFF", replace(workflow.SIGN_OFF, sources=anywhere))

    assert attention_items(people["approver"], [draft])["to_sign_off"] == [draft]
    builders.sign_off(user=people["approver"], assessment=draft)
    assert builders.reload(assessment=draft).state == AssessmentState.SIGNED_OFF


# Pages ---------------------------------------------------------------------------------


def test_allowed_covers_every_change_but_starting():
    """Allowed answers for every change on an existing assessment."""
    assert set(ALLOWED_TRANSITIONS.values()) == set(CHANGES)


@pytest.mark.parametrize("name", ALLOWED_TRANSITIONS)
def test_allowed_answers_as_the_table_says(draft, people, name):
    """Each of Allowed's answers is true exactly in the change's states for its roles."""
    transition = ALLOWED_TRANSITIONS[name]
    for state in AssessmentState.values:
        draft.state = state
        for role in Role.values:
            allowed = Allowed.for_user(people[role], draft)
            assert getattr(allowed, name) is expected(transition, state, role), (state, role)


@pytest.mark.parametrize("returned", [False, True], ids=["new", "returned"])
@pytest.mark.parametrize("state", AssessmentState.values)
def test_the_dashboard_asks_for_attention_as_the_table_says(draft, people, state, returned):
    """Drafts go to those who may edit, submissions to those who may sign off, and returned
    drafts to those who may edit them (listed once: as returned, not again as drafts)."""
    set_state(draft, state, returned=returned)
    for role in Role.values:
        items = attention_items(people[role], [draft])
        as_returned = returned and expected(workflow.EDIT, state, role)
        assert bool(items["returned"]) is as_returned
        assert bool(items["drafts"]) is (expected(workflow.EDIT, state, role) and not as_returned)
        assert bool(items["to_sign_off"]) is expected(workflow.SIGN_OFF, state, role)


def test_a_changed_permission_changes_every_reader(monkeypatch, submitted, people):
    """Letting leads sign off in the permission table lets them on the page, on the
    dashboard and in the service, with nothing else edited."""
    lead = people["lead"]
    assert not Allowed.for_user(lead, submitted).sign_off

    monkeypatch.setitem(ALLOWED_ROLES, Action.SIGN_OFF, frozenset({Role.LEAD}))

    assert Allowed.for_user(lead, submitted).sign_off
    assert attention_items(lead, [submitted])["to_sign_off"] == [submitted]
    builders.sign_off(user=lead, assessment=submitted)
    assert builders.reload(assessment=submitted).state == workflow.SIGN_OFF.target


def test_the_start_form_lists_services_where_the_role_may_start(monkeypatch, service, people):
    """The start form offers a partnership's services to the roles START allows, and only them."""

    def offered(role):
        form = StartAssessmentForm(user=people[role])
        return list(form.fields["service"].queryset)

    assert offered(Role.LEAD) == [service]
    assert offered(Role.CONTRIBUTOR) == []

    monkeypatch.setitem(ALLOWED_ROLES, Action.START, frozenset({Role.LEAD, Role.CONTRIBUTOR}))

    assert offered(Role.CONTRIBUTOR) == [service]


# State tags ----------------------------------------------------------------------------


def tag_html(assessment) -> str:
    return render_to_string("assessments/_state_tag.html", {"assessment": assessment})


@pytest.mark.parametrize("state", AssessmentState.values)
def test_the_state_tag_shows_the_rows_label_and_colour(draft, state):
    """Each state's tag has the label and GOV.UK colour in its row."""
    draft.state = state
    tag = workflow.STATES[state].tag
    assert f'<strong class="govuk-tag govuk-tag--{tag.colour}">{tag.label}</strong>' in tag_html(
        draft
    )


def test_a_returned_draft_shows_the_returned_tag_until_it_is_submitted(draft):
    """A draft that came back through a return shows Returned; submitted again, Submitted."""
    draft.returned_at = timezone.now()
    assert 'govuk-tag--orange">Returned<' in tag_html(draft)
    draft.state = AssessmentState.SUBMITTED
    assert 'govuk-tag--blue">Submitted<' in tag_html(draft)


def test_the_state_tag_reads_the_table(monkeypatch, draft):
    """Changing a state's row changes its tag, with no template edited."""
    row = workflow.StateRow(tag=workflow.Tag("Being written", "purple"))
    monkeypatch.setitem(workflow.STATES, AssessmentState.DRAFT, row)
    assert 'govuk-tag--purple">Being written<' in tag_html(draft)
