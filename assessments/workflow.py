"""The assessment workflow in one place: its states, and each change with the states it may
start from, the state it leads to and the permission it needs.

Everything else reads these tables: the services refuse a change the state does not allow
(``check``) and set the change's ``target``; ``Allowed`` and the dashboard offer only what
``may`` allows; the start form lists services in partnerships where the role allows
``START``; the state tag shows each state's ``tag``. Adding a state means adding it to
``AssessmentState``, giving it a row in ``STATES`` and naming it in the transitions.

A draft is also in a rating phase (``RatingPhase``): one shared rating, or team scoring's
individual ratings and then agreement. A change may name the phases it works in
(``phases``; None for any); ``check`` refuses the others with the phase's own sentence.
The team scoring changes (``TEAM_TRANSITIONS``) are read by ``consensus``.
"""

from dataclasses import dataclass

from django.db import models

from partnerships.permissions import Action, can

from .errors import RefusedError


class AssessmentState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted for sign-off"
    SIGNED_OFF = "signed_off", "Signed off"


class RatingPhase(models.TextChoices):
    """How the assessment is rated. One field, so a mode and a phase can never disagree."""

    SHARED = "shared", "One shared rating"
    INDIVIDUAL = "individual", "Individual ratings"
    AGREEMENT = "agreement", "Agreement"


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


# What a change its phase does not allow says (code "wrong_phase").
PHASE_REFUSALS: dict[str, str] = {
    RatingPhase.SHARED: "This assessment has one shared rating, so it has no individual ratings.",
    RatingPhase.INDIVIDUAL: (
        "Team members are rating this assessment individually. The agreed ratings are "
        "recorded once the lead opens agreement."
    ),
    RatingPhase.AGREEMENT: (
        "The team is agreeing its ratings, so individual ratings and raters can no longer change."
    ),
}
PHASE_REFUSAL_CODE = "wrong_phase"


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]  # empty for START, which makes a new assessment
    target: str
    action: Action
    phases: frozenset[str] | None = None  # the rating phases it works in; None for any

    def starts_from(self, state: str) -> bool:
        return state in self.sources

    def allows(self, assessment) -> bool:
        """Whether the assessment's state and rating phase allow this change."""
        return self.starts_from(assessment.state) and (
            self.phases is None or assessment.rating_phase in self.phases
        )


_DRAFT = frozenset({AssessmentState.DRAFT})
_SUBMITTED = frozenset({AssessmentState.SUBMITTED})
# The shared rating is written by everyone in shared mode, and as the team's agreed
# rating once agreement opens; never while people rate individually (no anchoring).
_SHARED_RATING = frozenset({RatingPhase.SHARED, RatingPhase.AGREEMENT})
_SHARED = frozenset({RatingPhase.SHARED})
_INDIVIDUAL = frozenset({RatingPhase.INDIVIDUAL})

START = Transition("start", frozenset(), AssessmentState.DRAFT, Action.START)
EDIT = Transition("edit", _DRAFT, AssessmentState.DRAFT, Action.EDIT_DRAFT, _SHARED_RATING)
SET_WEIGHTS = Transition("set_weights", _DRAFT, AssessmentState.DRAFT, Action.SET_WEIGHTS)
SUBMIT = Transition("submit", _DRAFT, AssessmentState.SUBMITTED, Action.SUBMIT, _SHARED_RATING)
RETURN = Transition("return", _SUBMITTED, AssessmentState.DRAFT, Action.RETURN)
SIGN_OFF = Transition("sign_off", _SUBMITTED, AssessmentState.SIGNED_OFF, Action.SIGN_OFF)

# Board-ready reports: what the lead writes and aims for before submitting (summary, the
# board's ask, targets), in any rating phase.
PREPARE_FOR_BOARD = Transition(
    "prepare_for_board", _DRAFT, AssessmentState.DRAFT, Action.PREPARE_FOR_BOARD
)

TRANSITIONS = (START, EDIT, SET_WEIGHTS, SUBMIT, RETURN, SIGN_OFF, PREPARE_FOR_BOARD)

# Team scoring (the consensus app): individual ratings first, then agreement.
RATE_INDIVIDUALLY_FIRST = Transition(
    "rate_individually_first", _DRAFT, AssessmentState.DRAFT, Action.CHOOSE_RATERS, _SHARED
)
CHOOSE_RATERS = Transition(
    "choose_raters", _DRAFT, AssessmentState.DRAFT, Action.CHOOSE_RATERS, _INDIVIDUAL
)
RATE_INDIVIDUALLY = Transition(
    "rate_individually", _DRAFT, AssessmentState.DRAFT, Action.RATE_INDIVIDUALLY, _INDIVIDUAL
)
OPEN_AGREEMENT = Transition(
    "open_agreement", _DRAFT, AssessmentState.DRAFT, Action.OPEN_AGREEMENT, _INDIVIDUAL
)

TEAM_TRANSITIONS = (RATE_INDIVIDUALLY_FIRST, CHOOSE_RATERS, RATE_INDIVIDUALLY, OPEN_AGREEMENT)

BOARD_TRANSITIONS = (PREPARE_FOR_BOARD,)


def may(user, transition: Transition, assessment) -> bool:
    """Whether the user may make this change to the assessment now: its state, its rating
    phase and their role."""
    return transition.allows(assessment) and can(
        user, transition.action, assessment.service.partnership_id
    )


def check(transition: Transition, assessment) -> None:
    """Refuse the change if the assessment's state, or its rating phase, does not allow it."""
    if transition.allows(assessment):
        return
    if transition.starts_from(assessment.state):
        raise RefusedError(PHASE_REFUSALS[assessment.rating_phase], code=PHASE_REFUSAL_CODE)
    row = STATES[assessment.state]
    raise RefusedError(
        row.refusal
        or f"This assessment is {assessment.get_state_display().lower()}, so it cannot be "
        "changed in this way.",
        code=row.refusal_code,
    )


def is_state_refusal(error: RefusedError) -> bool:
    """True when the change was refused because of the assessment's state or rating phase,
    not its content."""
    return error.code in {row.refusal_code for row in STATES.values()} | {PHASE_REFUSAL_CODE}


def tag(assessment) -> Tag:
    row = STATES[assessment.state]
    if row.returned_tag is not None and assessment.returned_at:
        return row.returned_tag
    return row.tag


class StateProperties:
    """What an assessment's state and rating phase say, for the model (``Assessment``) and
    for the plain rows pages listing many services read (``assessment_rows.AssessmentRow``)
    alike, so both say the same. Needs ``state``, ``rating_phase`` and ``returned_at``."""

    __slots__ = ()

    @property
    def is_draft(self) -> bool:
        return self.state == AssessmentState.DRAFT

    @property
    def is_signed_off(self) -> bool:
        return self.state == AssessmentState.SIGNED_OFF

    @property
    def is_team_scored(self) -> bool:
        """Rated individually first, then agreed (team scoring), rather than by one shared form."""
        return self.rating_phase != RatingPhase.SHARED

    @property
    def tag(self) -> Tag:
        """The state tag's label and colour."""
        return tag(self)
