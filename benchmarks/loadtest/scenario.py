"""What the simulated people do, and a record of every request and every save."""

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .webclient import Client, Response, find_form

CONFLICT_MESSAGE = "Your answers have not been saved"
NOT_APPLICABLE = "not-applicable"
EDITOR_ROLES = {"contributor", "lead"}
# A report takes the worker a second or two; a minute means the worker is not working.
PDF_PATIENCE_SECONDS = 60
BOARD_READING_SECONDS = 2


def refresh_seconds(header: str) -> float:
    """The delay of a Refresh header ("3; url=/x"), as a browser reads it (1 s if unreadable)."""
    try:
        return max(0.0, float(header.split(";", 1)[0]))
    except ValueError:
        return 1.0


@dataclass(frozen=True)
class Settings:
    base_url: str
    password: str
    assessments: list[dict]  # from seed.py: {"pk": int, "ratings": {code: rating id}}
    hot_principles: int  # only the first few principles, so people collide on them
    report_chance: float
    pdf_chance: float
    retry_chance: float  # after a conflict, save again over the other person's answers
    think_seconds: float
    timeout: float


@dataclass
class Save:
    """One rating POST: what was sent, and what the server said."""

    username: str
    assessment_pk: int
    code: str
    evidence: str  # unique, so the history table shows whether it was saved
    level_id: int | None
    not_applicable: bool
    base_version: int
    outcome: str = "error"  # accepted, conflict or error
    detail: str = ""


@dataclass
class Recorder:
    """Thread-safe: samples by phase and request type, errors, and every save."""

    samples: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    errors: dict[str, dict[str, int]] = field(default_factory=dict)
    error_examples: list[str] = field(default_factory=list)
    saves: list[Save] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def sample(self, phase: str, kind: str, elapsed: float) -> None:
        with self._lock:
            self.samples.setdefault(phase, {}).setdefault(kind, []).append(elapsed)

    def error(self, phase: str, kind: str, message: str) -> None:
        with self._lock:
            by_kind = self.errors.setdefault(phase, {})
            by_kind[kind] = by_kind.get(kind, 0) + 1
            if len(self.error_examples) < 20:
                self.error_examples.append(f"[{phase}] {kind}: {message}")

    def save(self, save: Save) -> None:
        with self._lock:
            self.saves.append(save)

    def error_total(self) -> int:
        return sum(n for by_kind in self.errors.values() for n in by_kind.values())


class SimUser:
    """One person: signs in, then opens pages and saves ratings until told to stop."""

    def __init__(self, number: int, account: dict, settings: Settings, recorder: Recorder):
        self.number = number
        self.username: str = account["username"]
        self.role: str = account["role"]
        self.editor = self.role in EDITOR_ROLES
        self.settings = settings
        self.recorder = recorder
        self.client = Client(settings.base_url, settings.timeout)
        self.random = random.Random(number)  # noqa: S311 - load shape, not security
        self.sequence = 0
        self.phase = "sign-in"

    @property
    def phase(self) -> str:
        return self.client.phase

    @phase.setter
    def phase(self, value: str) -> None:
        self.client.phase = value

    def _call(self, kind: str, send: Callable[[], Response], expect: int) -> Response | None:
        try:
            response = send()
        except OSError as error:  # refused, reset or timed out: no HTTP answer at all
            self.recorder.error(self.phase, kind, f"{self.username}: {error!r}")
            return None
        self.recorder.sample(self.phase, kind, response.elapsed)
        if response.status != expect:
            self.recorder.error(
                self.phase, kind, f"{self.username}: HTTP {response.status}, expected {expect}"
            )
            return None
        return response

    def sign_in(self) -> bool:
        page = self._call("sign-in form", lambda: self.client.get("/sign-in/"), 200)
        form = find_form(page.text, "username") if page else None
        if form is None:
            if page:
                self.recorder.error(self.phase, "sign-in form", "no sign-in form on the page")
            return False
        data = form.submission({"username": self.username, "password": self.settings.password})
        answer = self._call("sign-in", lambda: self.client.post("/sign-in/", data), 302)
        if answer is not None and answer.location.rstrip("/") not in {"", "/"}:
            self.recorder.error(self.phase, "sign-in", f"redirected to {answer.location!r}")
            return False
        return answer is not None

    def work(self, deadline: float, stop: threading.Event) -> None:
        """The mixed phase: dashboard, a principle, a save, sometimes the report and PDF."""
        self.phase = "mixed"
        while not stop.is_set() and time.monotonic() < deadline:
            self._call("dashboard", lambda: self.client.get("/"), 200)
            assessment = self.random.choice(self.settings.assessments)
            codes = list(assessment["ratings"])[: self.settings.hot_principles]
            code = self.random.choice(codes)
            path = f"/assessments/{assessment['pk']}/principles/{code}/"
            page = self._call("principle", lambda p=path: self.client.get(p), 200)
            if page is not None and self.editor:
                self._rate(assessment["pk"], code, path, page.text, retry=True)
            if self.random.random() < self.settings.report_chance:
                report = f"/assessments/{assessment['pk']}/report/"
                self._call("report", lambda p=report: self.client.get(p), 200)
            if self.random.random() < self.settings.pdf_chance:
                self._pdf(f"/assessments/{assessment['pk']}/report.pdf")
            if self.settings.think_seconds:
                stop.wait(self.random.uniform(0, 2 * self.settings.think_seconds))

    def _rate(self, pk: int, code: str, path: str, html: str, *, retry: bool) -> None:
        form = find_form(html, "version")
        levels = [v for v in form.options("answer") if v != NOT_APPLICABLE] if form else []
        if form is None or not levels or not form.value("version"):
            self.recorder.error(self.phase, "rating POST", f"{path}: no rating form with levels")
            return
        self.sequence += 1
        evidence = f"Load test {self.username} save {self.sequence:05d} {self.random.random():.6f}"
        not_applicable = self.random.random() < 0.1
        answer = NOT_APPLICABLE if not_applicable else self.random.choice(levels)
        save = Save(
            username=self.username,
            assessment_pk=pk,
            code=code,
            evidence=evidence,
            level_id=None if not_applicable else int(answer),
            not_applicable=not_applicable,
            base_version=int(form.value("version") or 0),
        )
        data = form.submission(
            {
                "answer": answer,
                "not_applicable_reason": f"Not run by this service ({evidence})"
                if not_applicable
                else "",
                "evidence": evidence,
                "save_draft": "1",
            }
        )
        try:
            response = self.client.post(path, data)
        except OSError as error:
            save.detail = repr(error)
            self.recorder.error(self.phase, "rating POST", f"{self.username}: {error!r}")
            self.recorder.save(save)
            return
        self.recorder.sample(self.phase, "rating POST", response.elapsed)
        if response.status == 302 and f"/assessments/{pk}/" in response.location:
            save.outcome = "accepted"
            self.recorder.save(save)
            # The browser follows the redirect to the task list.
            self._call("overview", lambda: self.client.get(response.location), 200)
        elif response.status == 409 and CONFLICT_MESSAGE in response.text:
            save.outcome = "conflict"
            self.recorder.save(save)
            if retry and self.random.random() < self.settings.retry_chance:
                # "Save again to replace their answers": the 409 page carries the new version.
                self._rate(pk, code, path, response.text, retry=False)
        else:
            save.detail = f"HTTP {response.status} {response.location}"
            self.recorder.save(save)
            self.recorder.error(self.phase, "rating POST", f"{self.username}: {save.detail}")

    def board_work(self, board_pack: str, deadline: float, stop: threading.Event) -> None:
        """A board member through the mixed phase: the board pack page, then its PDF."""
        self.phase = "mixed"
        while not stop.is_set() and time.monotonic() < deadline:
            self._call("board pack", lambda: self.client.get(board_pack + "/"), 200)
            self._pdf(board_pack + ".pdf", "board pack PDF")
            # A person reads what they downloaded: a few seconds at least between packs.
            stop.wait(
                BOARD_READING_SECONDS + self.random.uniform(0, 2 * self.settings.think_seconds)
            )

    def _pdf(self, path: str, kind: str = "PDF") -> None:
        """As a browser would: follow "Preparing your PDF" until the worker has made it."""
        started = time.monotonic()
        while True:
            try:
                response = self.client.get(path)
            except OSError as error:
                self.recorder.error(self.phase, kind, f"{self.username}: {error!r}")
                return
            self.recorder.sample(self.phase, kind, response.elapsed)
            if response.status != 202:
                break
            waited = time.monotonic() - started
            if waited > PDF_PATIENCE_SECONDS:
                self.recorder.error(
                    self.phase, kind, f"{self.username}: not ready after {waited:.0f} s"
                )
                return
            time.sleep(refresh_seconds(response.headers.get("Refresh", "")))
        if response.status != 200 or not response.body.startswith(b"%PDF"):
            self.recorder.error(
                self.phase, kind, f"{self.username}: HTTP {response.status}, not a PDF"
            )
            return
        # From the first request to the file: what the person waited, worker included.
        self.recorder.sample(self.phase, f"{kind} ready", time.monotonic() - started)

    def hammer(self, kind: str, path: str, deadline: float, stop: threading.Event) -> None:
        """One page as fast as the server answers, to compare pages with each other."""
        self.phase = kind
        while not stop.is_set() and time.monotonic() < deadline:
            self._call(kind, lambda: self.client.get(path), 200)


def run_threads(targets: list[Callable[[], None]], stop: threading.Event) -> tuple[float, float]:
    """Run each target in its own thread until all end; return (wall, CPU) seconds used.

    The CPU time is this whole process's: the load generator shares the machine with
    the server, so a busy generator makes the server look slower than it is.
    Daemon threads joined with a timeout, so Ctrl-C reaches the main thread at once.
    """
    threads = [threading.Thread(target=t, daemon=True) for t in targets]
    start, cpu = time.perf_counter(), time.process_time()
    for thread in threads:
        thread.start()
    try:
        for thread in threads:
            while thread.is_alive():
                thread.join(timeout=0.5)
    except BaseException:
        stop.set()
        raise
    return time.perf_counter() - start, time.process_time() - cpu
