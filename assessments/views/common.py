"""What every assessment page needs: the assessment, scoped to the user, and its permissions."""

from dataclasses import dataclass

from partnerships.permissions import Action, can

from ..models import Assessment


@dataclass(frozen=True)
class Allowed:
    """What the signed-in user may do with one assessment, for templates and views."""

    edit: bool
    set_weights: bool
    submit: bool
    return_: bool
    sign_off: bool

    @classmethod
    def for_user(cls, user, assessment: Assessment) -> "Allowed":
        partnership_id = assessment.service.partnership_id
        draft = assessment.is_draft
        submitted = assessment.state == "submitted"
        return cls(
            edit=draft and can(user, Action.EDIT_DRAFT, partnership_id),
            set_weights=draft and can(user, Action.SET_WEIGHTS, partnership_id),
            submit=draft and can(user, Action.SUBMIT, partnership_id),
            return_=submitted and can(user, Action.RETURN, partnership_id),
            sign_off=submitted and can(user, Action.SIGN_OFF, partnership_id),
        )
