"""The idle sign-out clock, moved forward only when it needs to be.

People are signed out ``SESSION_COOKIE_AGE`` seconds after they last used the service.
Django can keep that exact by saving the session on every request
(``SESSION_SAVE_EVERY_REQUEST``), but that is an UPDATE and a commit on every page, and a
new cookie on every response. This middleware saves it only when the last save is
``SESSION_REFRESH_SECONDS`` old or more, so people are signed out between
``SESSION_COOKIE_AGE - SESSION_REFRESH_SECONDS`` and ``SESSION_COOKIE_AGE`` after their last
request: never later than the limit, and one write a minute at most per person.
"""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY

# When the session's expiry was last moved forward, in whole seconds since the epoch.
REFRESHED_KEY = "_idle_refreshed"
# Where Django keeps a session's own expiry (``set_expiry``), in place of the idle limit.
EXPIRY_KEY = "_session_expiry"


class IdleSessionMiddleware:
    """Marks a signed-in session as changed when its idle clock is due to move forward.

    List it after ``SessionMiddleware``, which then saves the session and sends its
    cookie again with a new expiry; nothing is saved otherwise.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only a signed-in person has an idle clock. Anything else (a health check without
        # cookies, a session just ended by signing out, an expired cookie) is left alone:
        # writing to it would create a session nobody needs.
        if session is None or SESSION_KEY not in session:
            return response
        if EXPIRY_KEY in session:
            # An expiry of its own came from before the sign-in (the public feedback form
            # keeps an anonymous person's answers for a day), and signing in keeps the
            # session's data: a signed-in person gets the idle limit again.
            session.set_expiry(None)
        now = int(time.time())
        last = session.get(REFRESHED_KEY)
        due = not isinstance(last, int) or not 0 <= now - last < settings.SESSION_REFRESH_SECONDS
        if due or session.modified:  # saved anyway: the stamp costs nothing more
            session[REFRESHED_KEY] = now
        return response
