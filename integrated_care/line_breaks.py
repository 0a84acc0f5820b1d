"""Line breaks in typed text: one character each, as the person typing saw them."""


class LineBreaksMiddleware:
    """A line break typed in a form's box counts as one character, as the box's counter said.

    Browsers send each line break in a text box as two characters (CR LF, as the HTML
    standard requires), while GOV.UK's character count, like the box itself, counts one.
    Without this, 4,999 characters with 49 line breaks would be refused as over 5,000, and
    what is stored would differ from what was typed only by invisible characters. Reading
    the form this early is safe because no view of ours chooses its own upload handlers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST":
            posted = request.POST
            if any("\r" in value for _, values in posted.lists() for value in values):
                fixed = posted.copy()
                for key, values in posted.lists():
                    fixed.setlist(key, [one_line_break(value) for value in values])
                fixed._mutable = False
                request.POST = fixed
        return self.get_response(request)


def one_line_break(text: str) -> str:
    """``text`` with each CR LF (or lone CR) as the one LF a text box counts."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
