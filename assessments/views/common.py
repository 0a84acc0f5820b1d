"""What every assessment page needs: what the user may do, and how a refused change is shown."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect

from .. import workflow
from ..errors import ConflictError, OutOfDateError, RefusedError
from ..models import Assessment
from .not_saved import Back, Task, not_saved

# Which workflow change each of Allowed's answers is about.
ALLOWED_TRANSITIONS: dict[str, workflow.Transition] = {
    "edit": workflow.EDIT,
    "set_weights": workflow.SET_WEIGHTS,
    "submit": workflow.SUBMIT,
    "return_": workflow.RETURN,
    "sign_off": workflow.SIGN_OFF,
    "prepare": workflow.PREPARE_FOR_BOARD,
}


@dataclass(frozen=True)
class Allowed:
    """What the signed-in user may do with one assessment, for templates and views."""

    edit: bool
    set_weights: bool
    submit: bool
    return_: bool
    sign_off: bool
    prepare: bool  # the lead's summary, the board's ask and targets

    @classmethod
    def for_user(cls, user, assessment: Assessment) -> "Allowed":
        return cls(
            **{
                name: workflow.may(user, transition, assessment)
                for name, transition in ALLOWED_TRANSITIONS.items()
            }
        )


def refusal_page(
    request,
    error: RefusedError,
    *,
    assessment: Assessment | None = None,
    again: Callable[[RefusedError], HttpResponse] | None = None,
    moved_on: Callable[[], HttpResponse] | None = None,
) -> HttpResponse:
    """The page a refused change leads to, the same on every page.

    If the page can show the refusal (``again`` draws it once more with the error) and the
    assessment is still in a state the page works in, the user stays on it and keeps what
    they typed. If the state moved on during the save, ``moved_on`` says who moved it and
    shows what was typed (``not_saved``). Otherwise the task list (or, with no assessment,
    the start page) says why.
    """
    if workflow.is_state_refusal(error):
        if moved_on is not None:
            return moved_on()
    elif again is not None:
        return again(error)
    messages.error(request, error.message)
    if assessment is None:
        return redirect("home")
    return redirect("assessments:overview", pk=assessment.pk)


def form_again(form_class, data, error: RefusedError, **kwargs):
    """The form as the user sent it, with the refusal as its error.

    After a conflict it carries the saved version, so saving again replaces the other
    person's change knowingly; after a version that was never saved, so saving again works.
    """
    if isinstance(error, ConflictError | OutOfDateError):
        data = data.copy()
        current = error.version if isinstance(error, OutOfDateError) else error.current.version
        data["version"] = current
    form = form_class(data, **kwargs)
    form.is_valid()
    form.add_error(None, ValidationError(error.message, code=error.code))
    return form


def post_form(
    request,
    form_class,
    *,
    page: Callable[[Form], HttpResponse],
    save: Callable[[Form], object],
    assessment: Assessment | None = None,
    task: Task | None = None,
    back: Back | None = None,
    conflict: Callable[[Form, ConflictError], HttpResponse] | None = None,
    **form_kwargs,
) -> HttpResponse | None:
    """Checks the form sent and hands it to ``save``: None once saved, else the page to show.

    The page shows the form's own errors, or a refusal of the change as ``refusal_page``
    does, with what was typed kept (by ``not_saved`` for ``task`` if the state moved on,
    with ``back`` for its way back); the form pages without a special case share this. A
    page that shows another person's change beside what was typed draws a conflict itself
    (``conflict``, given the form sent and the refusal).
    """
    form = form_class(request.POST, **form_kwargs)
    if not form.is_valid():
        return page(form)
    try:
        save(form)
    except RefusedError as error:
        if conflict is not None and isinstance(error, ConflictError):
            return conflict(form, error)
        return refusal_page(
            request,
            error,
            assessment=assessment,
            again=lambda e: page(form_again(form_class, request.POST, e, **form_kwargs)),
            moved_on=(
                lambda: not_saved(request, assessment=assessment, task=task, form=form, back=back)
            )
            if task
            else None,
        )
    return None
