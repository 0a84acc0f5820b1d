"""The feedback scenario (``run.py --scenario feedback``): many people answer one public
feedback form at once while a few addresses flood it; then the database and the refusals
are checked.

Each simulated person answers the whole form (start page, who is answering, every
question page, check, send) through a reverse proxy stand-in: every response comes from
its own address, sent as X-Forwarded-For to a server started with DJANGO_PROXY_COUNT=1.
Each send carries a unique marker in one comment, so the database shows exactly which
answers were stored. Flooders post the first question over and over from one shared
address, several threads at once, to see the limit hold across gunicorn's workers.
"""

import random
import threading
import time
import zlib
from dataclasses import dataclass, field

import psycopg

from .scenario import Recorder
from .webclient import Client, Response, find_form

PEOPLE_PHASE, FLOOD_PHASE = "answering", "flood"


@dataclass(frozen=True)
class FeedbackSettings:
    base_url: str
    token: str
    limit: int  # posts per address per period, as DJANGO_FEEDBACK_RATE says
    period: int  # seconds
    think_seconds: float
    timeout: float


@dataclass
class Send:
    """One person's whole response, and what the server said when it was sent."""

    marker: str
    outcome: str = "error"  # accepted, refused (429) or error
    detail: str = ""


@dataclass
class FloodPost:
    address: str
    start: float
    end: float
    status: int  # 0 when there was no HTTP answer


@dataclass
class FeedbackRecorder(Recorder):
    sends: list[Send] = field(default_factory=list)
    flood: list[FloodPost] = field(default_factory=list)
    people_refused: int = 0

    def send(self, send: Send) -> None:
        with self._lock:
            self.sends.append(send)
            self.people_refused += send.outcome == "refused"

    def flood_post(self, post: FloodPost) -> None:
        with self._lock:
            self.flood.append(post)


def person_address(number: int, iteration: int) -> str:
    """A different address for every response (10.0.0.0/8, unique for 16 million)."""
    index = number * 20_000 + iteration
    return f"10.{index >> 16 & 255}.{index >> 8 & 255}.{index & 255}"


class Person:
    """Answers the form again and again, each time as someone new from a new address."""

    def __init__(self, number: int, settings: FeedbackSettings, recorder: FeedbackRecorder):
        self.number = number
        self.settings = settings
        self.recorder = recorder
        self.random = random.Random(number)  # noqa: S311 - load shape, not security
        self.iteration = 0

    def _call(self, client: Client, kind: str, send, expect: int) -> Response | None:
        try:
            response = send()
        except OSError as error:
            self.recorder.error(PEOPLE_PHASE, kind, f"person {self.number}: {error!r}")
            return None
        self.recorder.sample(PEOPLE_PHASE, kind, response.elapsed)
        if response.status != expect:
            self.recorder.error(
                PEOPLE_PHASE,
                kind,
                f"person {self.number}: HTTP {response.status}, expected {expect}",
            )
            return None
        return response

    def work(self, deadline: float, stop: threading.Event) -> None:
        while not stop.is_set() and time.monotonic() < deadline:
            self.iteration += 1
            self.answer_once()
            if self.settings.think_seconds:
                stop.wait(self.random.uniform(0, 2 * self.settings.think_seconds))

    def answer_once(self) -> None:
        base = f"/feedback/{self.settings.token}"
        address = person_address(self.number, self.iteration)
        client = Client(self.settings.base_url, self.settings.timeout)
        client.phase = PEOPLE_PHASE
        client.headers = {"X-Forwarded-For": address}
        marker = f"lt-{self.number:03d}-{self.iteration:05d}"
        if self._call(client, "feedback page", lambda: client.get(f"{base}/"), 200) is None:
            return
        path = f"{base}/who/"
        page = self._call(client, "feedback page", lambda: client.get(path), 200)
        choice = self.random.choice(["person", "person", "carer", "other"])
        location = self._post(client, path, page, {"answering_as": choice})
        first = True
        while location and "/part-" in location:
            path = location
            page = self._call(client, "feedback page", lambda p=path: client.get(p), 200)
            form = find_form(page.text, "csrfmiddlewaretoken") if page else None
            if form is None:
                return
            answers = {}
            for name in sorted(n for n in form.names() if n.startswith("answer_")):
                answers[name] = self.random.choice(form.options(name))
                if first:  # the marker goes in the first statement's comment
                    answers["comment_" + name.removeprefix("answer_")] = marker
                    first = False
            location = self._post(client, path, page, answers)
        if not location or not location.endswith("/check/"):
            return
        page = self._call(client, "feedback page", lambda: client.get(location), 200)
        self._send(client, location, page, marker)

    def _post(self, client: Client, path: str, page, answers: dict) -> str | None:
        form = find_form(page.text, "csrfmiddlewaretoken") if page else None
        if form is None:
            return None
        response = self._call(
            client, "feedback POST", lambda: client.post(path, form.submission(answers)), 302
        )
        return response.location if response else None

    def _send(self, client: Client, path: str, page, marker: str) -> None:
        form = find_form(page.text, "csrfmiddlewaretoken") if page else None
        if form is None:
            return
        send = Send(marker=marker)
        try:
            response = client.post(path, form.submission({}))
        except OSError as error:
            send.detail = repr(error)
            self.recorder.error(PEOPLE_PHASE, "feedback send", f"{marker}: {error!r}")
            self.recorder.send(send)
            return
        self.recorder.sample(PEOPLE_PHASE, "feedback send", response.elapsed)
        if response.status == 302 and response.location.endswith("/sent/"):
            send.outcome = "accepted"
        elif response.status == 429:
            send.outcome = "refused"
            self.recorder.error(PEOPLE_PHASE, "feedback send", f"{marker}: refused (429)")
        else:
            send.detail = f"HTTP {response.status} {response.location}"
            self.recorder.error(PEOPLE_PHASE, "feedback send", f"{marker}: {send.detail}")
        self.recorder.send(send)


class Flooder:
    """Posts "who is answering" as fast as the server answers, from a shared address."""

    def __init__(self, address: str, settings: FeedbackSettings, recorder: FeedbackRecorder):
        self.address = address
        self.settings = settings
        self.recorder = recorder

    def work(self, deadline: float, stop: threading.Event) -> None:
        client = Client(self.settings.base_url, self.settings.timeout)
        client.phase = FLOOD_PHASE
        client.headers = {"X-Forwarded-For": self.address}
        path = f"/feedback/{self.settings.token}/who/"
        try:
            page = client.get(path)  # reading is never limited: the form and its CSRF token
        except OSError as error:
            self.recorder.error(FLOOD_PHASE, "feedback POST", repr(error))
            return
        form = find_form(page.text, "csrfmiddlewaretoken")
        if page.status != 200 or form is None:
            self.recorder.error(FLOOD_PHASE, "feedback POST", f"no form: HTTP {page.status}")
            return
        data = form.submission({"answering_as": "other"})
        while not stop.is_set() and time.monotonic() < deadline:
            start = time.time()
            try:
                response = client.post(path, data)
                status = response.status
                self.recorder.sample(FLOOD_PHASE, "feedback POST", response.elapsed)
            except OSError as error:
                status = 0
                self.recorder.error(FLOOD_PHASE, "feedback POST", repr(error))
            self.recorder.flood_post(FloodPost(self.address, start, time.time(), status))
            if status not in {0, 302, 429}:
                self.recorder.error(FLOOD_PHASE, "feedback POST", f"HTTP {status}")


def window_end(address: str, period: int, when: float) -> int:
    """The end of django-ratelimit's counting window for this address at ``when``.

    As django_ratelimit.core._get_window: windows are ``period`` long, shifted per key
    by crc32(key) % period so they do not all end together.
    """
    ts = int(when)
    if period == 1:
        return ts
    end = ts - ts % period + zlib.crc32(address.encode()) % period
    return end + period if end < ts else end


@dataclass
class FeedbackVerdict:
    accepted: int = 0
    stored_responses: int = 0
    lost: int = 0  # accepted but not in the database
    duplicated: int = 0
    incomplete: int = 0  # responses without an answer to every statement
    people_refused: int = 0
    flood_posts: int = 0
    flood_accepted: int = 0
    flood_refused: int = 0
    windows: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(
    conn: psycopg.Connection,
    round_id: int,
    statements: int,
    recorder: FeedbackRecorder,
    settings: FeedbackSettings,
) -> FeedbackVerdict:
    """Every accepted answer stored once and whole; the limit refused exactly the excess."""
    verdict = FeedbackVerdict(people_refused=recorder.people_refused)
    accepted = {s.marker for s in recorder.sends if s.outcome == "accepted"}
    unknown = {s.marker for s in recorder.sends if s.outcome == "error"}
    verdict.accepted = len(accepted)
    stored = conn.execute(
        "SELECT a.comment, count(*) FROM voice_feedbackanswer a "
        "JOIN voice_feedbackresponse r ON r.id = a.response_id "
        "WHERE r.round_id = %s AND a.comment LIKE 'lt-%%' GROUP BY a.comment",
        [round_id],
    ).fetchall()
    stored_markers = {marker: n for marker, n in stored}
    verdict.stored_responses = conn.execute(
        "SELECT count(*) FROM voice_feedbackresponse WHERE round_id = %s", [round_id]
    ).fetchone()[0]
    verdict.incomplete = conn.execute(
        "SELECT count(*) FROM (SELECT r.id FROM voice_feedbackresponse r "
        "LEFT JOIN voice_feedbackanswer a ON a.response_id = r.id WHERE r.round_id = %s "
        "GROUP BY r.id HAVING count(a.id) <> %s) AS partial",
        [round_id, statements],
    ).fetchone()[0]
    verdict.lost = len(accepted - set(stored_markers))
    verdict.duplicated = sum(1 for n in stored_markers.values() if n > 1)
    unexplained = set(stored_markers) - accepted - unknown
    if verdict.lost:
        verdict.problems.append(f"{verdict.lost} accepted responses are not in the database")
    if verdict.duplicated or unexplained:
        verdict.problems.append(
            f"{verdict.duplicated} responses stored twice, {len(unexplained)} stored unsent"
        )
    if verdict.incomplete:
        verdict.problems.append(f"{verdict.incomplete} responses lack answers")
    if verdict.people_refused:
        verdict.problems.append(f"{verdict.people_refused} people (one address each) refused")
    _check_flood(verdict, recorder.flood, settings)
    return verdict


def _check_flood(verdict: FeedbackVerdict, posts: list[FloodPost], settings) -> None:
    """In every window, at most ``limit`` posts from one address got through; and no fewer,
    where the flood went on for the whole window (posts straddling its edge may count for
    either side, so they are allowed for both ways)."""
    verdict.flood_posts = len(posts)
    verdict.flood_accepted = sum(p.status == 302 for p in posts)
    verdict.flood_refused = sum(p.status == 429 for p in posts)
    if posts and not verdict.flood_refused:
        verdict.problems.append("the flood was never refused")
    windows: dict[tuple[str, int], dict] = {}

    def window(address: str, ends: int) -> dict:
        empty = {"address": address, "ends": ends, "accepted": 0, "refused": 0, "edge": 0}
        return windows.setdefault((address, ends), empty)

    for post in posts:
        first = window_end(post.address, settings.period, post.start)
        last = window_end(post.address, settings.period, post.end)
        if first != last:  # the server counted it in one of the two: either may have it
            window(post.address, first)["edge"] += 1
            window(post.address, last)["edge"] += 1
        elif post.status == 302:
            window(post.address, first)["accepted"] += 1
        elif post.status == 429:
            window(post.address, first)["refused"] += 1
    started = min((p.start for p in posts), default=0)
    ended = max((p.end for p in posts), default=0)
    for found in sorted(windows.values(), key=lambda w: (w["address"], w["ends"])):
        verdict.windows.append(found)
        if found["accepted"] > settings.limit:
            verdict.problems.append(
                f"{found['address']} got {found['accepted']} posts through in one window "
                f"(limit {settings.limit})"
            )
        whole = started <= found["ends"] - settings.period and found["ends"] <= ended
        if whole and found["refused"] and found["accepted"] + found["edge"] < settings.limit:
            verdict.problems.append(
                f"{found['address']} was refused after {found['accepted']} posts "
                f"(limit {settings.limit})"
            )
