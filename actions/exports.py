"""The Actions page as a spreadsheet: one row per action, with its current state.

Text people typed is written as text, never as a formula, as in the assessment exports.
"""

from collections.abc import Callable, Iterable

from assessments.models import ActionStatus, ImprovementAction
from reporting.cells import csv_file, xlsx_file

from . import selectors
from .models import ActionUpdate

COLUMNS = [
    "Service",
    "Assessment",
    "Year",
    "Assessment status",
    "Principle set",
    "Principle code",
    "Principle",
    "Action",
    "Owner",
    "Status",
    "Due date",
    "Overdue",
    "Due date when agreed",
    "Status when agreed",
    "Carried forward from",
    # Progress since sign-off, as the action's page shows it (its updates); a copy carried
    # forward has none until its assessment is signed off, so its row also reads the
    # updates of the actions it carries forward.
    "Latest progress note",
    "Progress noted on",
    "Reason for new due date",
    "Reason dropped",
]
WIDE = {"Action", "Principle", "Latest progress note", "Reason for new due date", "Reason dropped"}
STATUS_LABELS = dict(ActionStatus.choices)


def rows(actions: Iterable[ImprovementAction]) -> Iterable[list]:
    """Each action (annotated by ``selectors.with_current``) as a spreadsheet row; two more
    queries for all their updates, those of the actions they carry forward included."""
    actions = list(actions)
    updates = selectors.updates_by_action(actions)
    for action in actions:
        rating, assessment = action.rating, action.rating.assessment
        carried = action.carried_from
        yield [
            assessment.service.name,
            assessment.title,
            assessment.period,
            assessment.get_state_display(),
            # As the assessment was submitted: an admin's later edit is not its record.
            assessment.set_text.short_name,
            rating.code,
            rating.short_title,
            action.description,
            action.owner,
            STATUS_LABELS.get(action.current_status, action.current_status),
            action.current_due_date,
            "Yes" if action.overdue else "No",
            action.due_date,
            action.get_status_display(),
            carried.rating.assessment.period if carried else "",
            *_progress(action, updates[action.pk]),
        ]


def _progress(action: ImprovementAction, updates: list[ActionUpdate]) -> list:
    """The latest progress note and its date, and the reasons for the current due date and
    for dropping, where those differ from what was agreed; blank where there is none.

    ``updates`` include those recorded on the actions a copy carries forward, before its
    own. A note and its date read true whichever action it was recorded on: the row says
    where the action was carried from. A due date moved before the action was carried is
    already the copy's agreed date, so the row shows no move: its reason says when and
    from what date, and only while that date stands. A dropped action is never carried.
    """
    newest_first = updates[::-1]
    noted = _first(newest_first, lambda u: bool(u.note))
    moved = _first(newest_first, lambda u: u.due_date_changed)
    dropped = _first(newest_first, lambda u: u.status_changed and u.status == ActionStatus.DROPPED)
    return [
        noted.note if noted else "",
        noted.noted_on if noted else None,
        _due_date_reason(action, moved),
        dropped.dropped_reason if dropped and action.current_status == ActionStatus.DROPPED else "",
    ]


def _due_date_reason(action: ImprovementAction, moved: ActionUpdate | None) -> str:
    if moved is None:
        return ""
    if moved.action_id == action.pk:
        return moved.due_date_reason if action.current_due_date != action.due_date else ""
    if action.current_due_date != moved.due_date:  # changed since, in the copy's draft
        return ""
    was = moved.previous_due_date
    return (
        f"Moved from {was.day} {was:%B %Y} in the {moved.period} assessment, because: "
        f"{moved.due_date_reason}"
    )


def _first(
    updates: list[ActionUpdate], test: Callable[[ActionUpdate], bool]
) -> ActionUpdate | None:
    return next((u for u in updates if test(u)), None)


def to_csv(data: Iterable[list]) -> bytes:
    return csv_file(COLUMNS, data)


def to_xlsx(data: Iterable[list], *, title: str) -> bytes:
    return xlsx_file(COLUMNS, data, title=title, wide=WIDE)
