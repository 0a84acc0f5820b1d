"""Typed text as the person typing saw it: one character per line break, and a box that
shows nothing is empty."""

import unicodedata

from django.core.exceptions import BadRequest
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict


class LineBreaksMiddleware:
    """A line break typed in a form's box counts as one character, as the box's counter said,
    and a box holding only invisible characters is sent on as empty.

    Browsers send each line break in a text box as two characters (CR LF, as the HTML
    standard requires), while GOV.UK's character count, like the box itself, counts one.
    Without this, 4,999 characters with 49 line breaks would be refused as over 5,000, and
    what is stored would differ from what was typed only by invisible characters. Reading
    the form this early is safe because no view of ours chooses its own upload handlers.

    Forms strip spaces, but not zero-width spaces, joiners or byte order marks, which are
    pasted from other documents without anyone seeing them: a title or evidence of nothing
    else would pass as given and show as an empty heading or a blank answer.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST":
            try:
                posted = request.POST
            except BadRequest:
                # A form Django cannot read (not UTF-8, say) is answered 400; the 400 page's
                # CSRF step reads the form again, and would fail the same way into a 500.
                request._post, request._files = QueryDict(), MultiValueDict()
                raise
            if any(_needs_reading(value) for _, values in posted.lists() for value in values):
                fixed = posted.copy()
                for key, values in posted.lists():
                    fixed.setlist(key, [visible_or_empty(one_line_break(v)) for v in values])
                fixed._mutable = False
                request.POST = fixed
        return self.get_response(request)


def _needs_reading(value: str) -> bool:
    return "\r" in value or (value != "" and shows_nothing(value))


def one_line_break(text: str) -> str:
    """``text`` with each CR LF (or lone CR) as the one LF a text box counts."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def shows_nothing(text: str) -> bool:
    """Whether every character is white space or an invisible format character (Unicode's
    category Cf: zero-width spaces and joiners, word joiners, byte order marks, direction
    marks). Such characters within visible text are kept: they join emoji and some scripts."""
    return all(c.isspace() or unicodedata.category(c) == "Cf" for c in text)


def visible_or_empty(text: str) -> str:
    """``text``, or "" when it shows nothing."""
    return "" if shows_nothing(text) else text
