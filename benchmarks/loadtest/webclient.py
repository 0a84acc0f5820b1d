"""A small browser stand-in on the standard library: cookies, no automatic redirects,
and forms read from the page and submitted the way a browser would submit them."""

import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from email.message import Message
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from urllib.parse import urlencode

PHASE_HEADER = "X-Loadtest-Phase"


@dataclass
class Response:
    status: int
    headers: Message
    body: bytes
    elapsed: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def location(self) -> str:
        return self.headers.get("Location", "") if self.headers else ""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hand redirects back to the caller, who must see the 302 itself."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[override]
        return None


class Client:
    """One simulated browser: its own cookie jar (session and CSRF cookies)."""

    def __init__(self, base_url: str, timeout: float):
        if not base_url.startswith("http://127.0.0.1:"):
            raise ValueError("The load test only ever talks to 127.0.0.1.")
        self.base_url = base_url
        self.timeout = timeout
        # Sent with every request and written to gunicorn's access log, so the server's
        # own timings can be grouped by phase exactly.
        self.phase = ""
        # Sent with every request, for example X-Forwarded-For as a reverse proxy adds it.
        self.headers: dict[str, str] = {}
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirect()
        )

    def request(
        self, method: str, path: str, form: list[tuple[str, str]] | None = None
    ) -> Response:
        """Any HTTP status comes back as a Response; only network failures raise (OSError)."""
        data = urlencode(form).encode() if form is not None else None
        # The scheme and host are fixed in __init__ (http://127.0.0.1 only).
        request = urllib.request.Request(self.base_url + path, data=data, method=method)  # noqa: S310
        if self.phase:
            request.add_header(PHASE_HEADER, self.phase)
        for name, value in self.headers.items():
            request.add_header(name, value)
        start = time.perf_counter()
        try:
            with self.opener.open(request, timeout=self.timeout) as answer:
                status, headers, body = answer.status, answer.headers, answer.read()
        except urllib.error.HTTPError as error:  # 3xx, 4xx and 5xx all arrive here
            status, headers, body = error.code, error.headers, error.read()
        return Response(status, headers, body, time.perf_counter() - start)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, form: list[tuple[str, str]]) -> Response:
        return self.request("POST", path, form)


@dataclass
class Form:
    """A form's controls in document order, as (name, type, value, checked)."""

    controls: list[tuple[str, str, str, bool]] = field(default_factory=list)

    def names(self) -> set[str]:
        return {name for name, *_ in self.controls}

    def value(self, name: str) -> str | None:
        for control_name, _type, value, _checked in self.controls:
            if control_name == name:
                return value
        return None

    def options(self, name: str) -> list[str]:
        """The values a radio group offers."""
        return [v for n, t, v, _c in self.controls if n == name and t == "radio"]

    def submission(self, overrides: dict[str, str]) -> list[tuple[str, str]]:
        """What a browser sends, after the user set ``overrides``; buttons are left out."""
        pairs: list[tuple[str, str]] = []
        for name, kind, value, checked in self.controls:
            if name in overrides or kind in {"submit", "button"}:
                continue
            if kind in {"radio", "checkbox"} and not checked:
                continue
            pairs.append((name, value))
        pairs.extend(overrides.items())
        return pairs


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: str | None = None
        self._text: list[str] = []
        self._select: str | None = None
        self._select_value: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = Form()
            self.forms.append(self._form)
        if self._form is None:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            self._form.controls.append((a["name"], kind, a.get("value", ""), "checked" in a))
        elif tag == "textarea" and a.get("name"):
            self._textarea, self._text = a["name"], []
        elif tag == "select" and a.get("name"):
            self._select, self._select_value = a["name"], None
        elif (
            tag == "option"
            and self._select is not None
            and (self._select_value is None or "selected" in a)
        ):
            # The first option unless another is selected, as browsers do.
            self._select_value = a.get("value", "")

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._form is None:
            return
        if tag == "textarea" and self._textarea is not None:
            # A browser drops the one newline that may follow <textarea>.
            text = "".join(self._text).removeprefix("\n")
            self._form.controls.append((self._textarea, "textarea", text, False))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            self._form.controls.append((self._select, "select", self._select_value or "", False))
            self._select = None
        elif tag == "form":
            self._form = None


def find_form(html: str, field_name: str) -> Form | None:
    """The page's form that has a control called ``field_name`` (not the sign-out form)."""
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return next((form for form in parser.forms if field_name in form.names()), None)
