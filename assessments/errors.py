"""The one error a service raises when it refuses a change, whoever the caller is.

Views turn it into the page the user sees (``views.common.refusal_page``); other callers
(commands, demo data, tests) read its ``code``. Permission is separate: a role that may
not do something gets Django's ``PermissionDenied`` (403), as in every Django app.
"""

CONFLICT_MESSAGE = (
    "Someone else saved a change after you opened this page, so your change was not saved. "
    "The page now shows the latest version: check it and try again."
)
# Where only the user can save the record (a rater's own rating), the save that came first
# was theirs, from another tab or window.
OWN_CONFLICT_MESSAGE = (
    "You saved this again after you opened this page, perhaps in another tab or window, so "
    "this change was not saved. The page now shows what you saved: check it and try again."
)

# Said when a page sends a version or id that nothing saved has had: only a tampered or
# broken page does, and the user, who cannot see the hidden field, can only reload.
OUT_OF_DATE_MESSAGE = (
    "This page was out of date, so your change was not saved. Check the page and try again"
)


class RefusedError(Exception):
    """Nothing was changed. ``code`` says why to code; ``message`` says why in plain English."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


class ConflictError(RefusedError):
    """Someone else (or, ``yours``, the user elsewhere) saved first. ``current`` is what is
    saved now, so a page can show it."""

    def __init__(self, current, *, yours: bool = False):
        super().__init__(OWN_CONFLICT_MESSAGE if yours else CONFLICT_MESSAGE, code="conflict")
        self.current = current


class OutOfDateError(RefusedError):
    """The page sent a version ahead of the saved one, so nobody else can have saved first.

    ``version`` is the saved one: a page drawn again with it saves the next time.
    """

    def __init__(self, version: int):
        super().__init__(OUT_OF_DATE_MESSAGE, code="out_of_date")
        self.version = version


def check_saved_version(current, *, saved: int, expected: int, yours: bool = False) -> None:
    """Refuse a change made from a page opened at any version but the saved one.

    Versions only go up, so a page behind the saved one was overtaken by someone else's
    save (``ConflictError``, which shows theirs; ``yours`` where only the user can save
    it); one ahead of it was never drawn by us.
    """
    if expected > saved:
        raise OutOfDateError(saved)
    if expected != saved:
        raise ConflictError(current, yours=yours)
