"""The assessment workflow in one place: its states, and each change with the states it may
start from, the state it leads to and the permission it needs.

Everything else reads these tables: the services refuse a change the state does not allow
(``check``) and set the change's ``target``; ``Allowed`` and the dashboard offer only what
``may`` allows; the start form lists services in partnerships where the role allows
``START``; the state tag shows each state's ``tag``. Adding a state means adding it to
``AssessmentState``, giving it a row in ``STATES`` and naming it in the transitions.
"""

from dataclasses import dataclass

from django.db import models

from partnerships.permissions import Action, can

from .errors import RefusedError


class AssessmentState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted for sign-off"
    SIGNED_OFF = "signed_off", "Signed off"


@dataclass(frozen=True)
class Tag:
    label: str
    colour: str  # a GOV.UK tag colour, as in the class govuk-tag--<colour>


@dataclass(frozen=True)
class StateRow:
    """How a state looks, and what a change it does not allow says."""

    tag: Tag
    # Shown instead of ``tag`` once the assessment has come back through RETURN.
    returned_tag: Tag | None = None
    refusal_code: str = "wrong_state"
    refusal: str = ""  # "" for the general sentence (see ``check``)


STATES: dict[str, StateRow] = {
    AssessmentState.DRAFT: StateRow(
        tag=Tag("Draft", "grey"), returned_tag=Tag("Returned", "orange")
    ),
    AssessmentState.SUBMITTED: StateRow(tag=Tag("Submitted", "blue")),
    AssessmentState.SIGNED_OFF: StateRow(
        tag=Tag("Signed off", "green"),
        refusal_code="signed_off",
        refusal=(
            "This assessment has been signed off, so it cannot be changed. "
            "Start a new assessment instead."
        ),
    ),
}


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]  # empty for START, which makes a new assessment
    target: str
    action: Action

    def starts_from(self, state: str) -> bool:
        return state in self.sources


_DRAFT = frozenset({AssessmentState.DRAFT})
_SUBMITTED = frozenset({AssessmentState.SUBMITTED})

START = Transition("start", frozenset(), AssessmentState.DRAFT, Action.START)
EDIT = Transition("edit", _DRAFT, AssessmentState.DRAFT, Action.EDIT_DRAFT)
SET_WEIGHTS = Transition("set_weights", _DRAFT, AssessmentState.DRAFT, Action.SET_WEIGHTS)
SUBMIT = Transition("submit", _DRAFT, AssessmentState.SUBMITTED, Action.SUBMIT)
RETURN = Transition("return", _SUBMITTED, AssessmentState.DRAFT, Action.RETURN)
SIGN_OFF = Transition("sign_off", _SUBMITTED, AssessmentState.SIGNED_OFF, Action.SIGN_OFF)

TRANSITIONS = (START, EDIT, SET_WEIGHTS, SUBMIT, RETURN, SIGN_OFF)


def may(user, transition: Transition, assessment) -> bool:
    """Whether the user may make this change to the assessment now: its state and their role."""
    return transition.starts_from(assessment.state) and can(
        user, transition.action, assessment.service.partnership_id
    )


def check(transition: Transition, assessment) -> None:
    """Refuse the change if the assessment's state does not allow it."""
    if transition.starts_from(assessment.state):
        return
    row = STATES[assessment.state]
    raise RefusedError(
        row.refusal
        or f"This assessment is {assessment.get_state_display().lower()}, so it cannot be "
        "changed in this way.",
        code=row.refusal_code,
    )


def is_state_refusal(error: RefusedError) -> bool:
    """True when the change was refused because of the assessment's state, not its content."""
    return error.code in {row.refusal_code for row in STATES.values()}


def tag(assessment) -> Tag:
    row = STATES[assessment.state]
    if row.returned_tag is not None and assessment.returned_at:
        return row.returned_tag
    return row.tag
