"""The one error a service raises when it refuses a change, whoever the caller is.

Views turn it into the page the user sees (``views.common.refusal_page``); other callers
(commands, demo data, tests) read its ``code``. Permission is separate: a role that may
not do something gets Django's ``PermissionDenied`` (403), as in every Django app.
"""

CONFLICT_MESSAGE = (
    "Someone else saved a change after you opened this page, so your change was not saved. "
    "The page now shows the latest version: check it and try again."
)


class RefusedError(Exception):
    """Nothing was changed. ``code`` says why to code; ``message`` says why in plain English."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


class ConflictError(RefusedError):
    """Someone else saved first. ``current`` is what is saved now, so a page can show it."""

    def __init__(self, current):
        super().__init__(CONFLICT_MESSAGE, code="conflict")
        self.current = current
