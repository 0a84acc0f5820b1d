"""Answers typed when the session had already ended: kept, and put back after signing in.

A page whose form should survive the idle sign-out (the principle page) is marked with
``keeps_unsaved_answers`` and its form carries ``request.unsaved_owner``: a signed token
naming the person the page was made for. When its form is posted after the session
has ended (``UnsavedAnswersMiddleware``):

1. what was posted is kept in the shared cache under a random key, for ``KEPT_SECONDS``,
   with the person it belongs to and the address it was posted to (nothing is saved);
2. the person is sent to sign in, with a ``next`` address that names the key and a note
   that they were signed out for being idle (``?timed_out=1``), which the page explains;
3. after signing in they land on the same page, which puts the answers back into the form
   for them to check and save (``unsaved_answers``), but only if they are the person the
   page was made for; anyone else gets the page as saved, with nothing of the other's.

The timeout warning's script posts the form itself when the time runs out, adding
``TIMED_OUT``, so what was typed is kept then too; if the session turns out to be alive
(another tab kept it so), the page puts the answers back without saving them.
"""

import re
import secrets
from functools import wraps
from urllib.parse import urlencode

from django.core import signing
from django.core.cache import cache
from django.http import HttpResponseRedirect, QueryDict
from django.urls import reverse

# Long enough for a page left open over lunch or an afternoon of meetings; gone by the
# next working day. Only the person who typed the answers can ever get them back.
KEPT_SECONDS = 12 * 60 * 60
OWNER_FIELD = "unsaved_owner"
TIMED_OUT = "app_timed_out"
QUERY = "unsaved"
_SALT = "integrated_care.unsaved"
_PREFIX = "unsaved-answers:"
_KEY = re.compile(r"[A-Za-z0-9_-]{32}")  # secrets.token_urlsafe(24)
# Anyone can post to a marked page with their own token after signing out, so what one
# person can leave in the shared cache (and push others' answers out of) is bounded:
# answers kept at most this many times in ``KEPT_SECONDS`` (a working day's idle sign-outs,
# with tabs to spare), and none longer than a principle page sends with every box full
# (about 70,000 characters of evidence, notes and 50 actions) three times over. Beyond
# either, the person is sent to sign in as anyone would be, and nothing is kept. The
# length is counted in characters, as the boxes' limits are: percent-encoded, a Welsh
# "ŵ" is 6 characters and an emoji 12, so full boxes in other scripts would pass a limit
# on the encoded form and be lost.
MAX_KEPT_PER_PERSON = 30
MAX_KEPT_CHARACTERS = 256 * 1024
_COUNT_PREFIX = "unsaved-answers-count:"
# Names the form sends that are not answers: buttons, the token and the CSRF token.
_NOT_ANSWERS = {
    "csrfmiddlewaretoken",
    OWNER_FIELD,
    TIMED_OUT,
    "save_continue",
    "save_draft",
    "add_action",
}


def keeps_unsaved_answers(view):
    """Mark a view whose form is kept when it is posted after the session ended.

    For a signed-in person it sets ``request.unsaved_owner``, the token the page's form
    sends back (as the hidden field ``unsaved_owner``).
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.is_authenticated:
            request.unsaved_owner = owner_token(request.user)
        return view(request, *args, **kwargs)

    wrapped.keeps_unsaved_answers = True
    return wrapped


def owner_token(user) -> str:
    return signing.dumps(user.pk, salt=_SALT)


def _owner(token: str) -> int | None:
    try:
        owner = signing.loads(token, salt=_SALT, max_age=KEPT_SECONDS)
    except signing.BadSignature:  # also when it is older than the answers are kept
        return None
    return owner if isinstance(owner, int) else None


def answers_only(data: QueryDict) -> QueryDict:
    """What was posted, less the buttons and tokens: as a form puts it back, unsaved."""
    kept = data.copy()
    for name in _NOT_ANSWERS:
        kept.pop(name, None)
    return kept


class UnsavedAnswersMiddleware:
    """Keeps what a marked page posted after its session ended, then asks to sign in.

    It runs after the CSRF check and before ``LoginRequiredMiddleware``, which would
    otherwise send the person to sign in and drop what they posted.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or request.user.is_authenticated:
            return None
        if not getattr(view_func, "keeps_unsaved_answers", False):
            return None
        owner = _owner(request.POST.get(OWNER_FIELD, ""))
        if owner is None:
            return None  # not a page made for someone: sign in as usual
        answers = answers_only(request.POST)
        if _characters(answers) > MAX_KEPT_CHARACTERS or not _may_keep_more(owner):
            return None
        data = answers.urlencode()
        key = secrets.token_urlsafe(24)
        cache.set(_PREFIX + key, {"owner": owner, "path": request.path, "data": data}, KEPT_SECONDS)
        back = f"{request.path}?{urlencode({QUERY: key})}"
        query = urlencode({"next": back, "timed_out": "1"})
        return HttpResponseRedirect(f"{reverse('login')}?{query}")


def _characters(answers: QueryDict) -> int:
    """How many characters the answers' names and values hold, as typed."""
    return sum(len(name) + sum(map(len, values)) for name, values in answers.lists())


def _may_keep_more(owner: int) -> bool:
    """Counts one more keeping for ``owner``; False once they have had their share."""
    counter = f"{_COUNT_PREFIX}{owner}"
    cache.add(counter, 0, KEPT_SECONDS)  # the count starts with the first, for a day
    try:
        return cache.incr(counter) <= MAX_KEPT_PER_PERSON
    except ValueError:  # the count expired between the two calls: a new day's count
        cache.set(counter, 1, KEPT_SECONDS)
        return True


def unsaved_answers(request) -> QueryDict | None:
    """The answers kept for this page and this person (``?unsaved=<key>``), if any."""
    key = request.GET.get(QUERY, "")
    if not _KEY.fullmatch(key):
        return None
    kept = cache.get(_PREFIX + key)
    if not kept or kept.get("owner") != request.user.pk or kept.get("path") != request.path:
        return None
    return QueryDict(kept["data"])


def unsaved_answers_forget(request) -> None:
    """Once the answers are saved, nothing more is kept."""
    key = request.GET.get(QUERY, "")
    if _KEY.fullmatch(key):
        cache.delete(_PREFIX + key)


def unsaved_answers_lost(request) -> bool:
    """The page was asked to put answers back that are no longer kept (or not this person's)."""
    return bool(request.GET.get(QUERY)) and unsaved_answers(request) is None
