"""Helpers the ``test_race_*`` modules use to put two transactions in a set order: one
held inside its transaction (``Gate``, ``Pause``) while another is started in its own
thread (``InThread``) and seen to wait on a row lock, or to finish without one
(``waits_on_a_lock``). PostgreSQL only: SQLite locks the whole database on every write,
and the in-memory one the tests use refuses a second writer at once.
"""

import re
import threading
import time
from pkgutil import resolve_name

from django.db import connection

LOCKING = re.compile(r"\sFOR (NO KEY )?UPDATE(?: OF (.+?))?(?: NOWAIT| SKIP LOCKED)?$")


def locks_taken(queries) -> list[str]:
    """Each locking query's tables, as its FOR UPDATE clause names them ("*": every table
    the query reads, as a clause without OF locks)."""
    found = []
    for query in queries:
        match = LOCKING.search(query["sql"])
        if match:
            found.append(match.group(2) or "*")
    return found


class Gate:
    """A point a thread stops at, inside its transaction, until the test lets it go."""

    def __init__(self):
        self.reached = threading.Event()
        self.go = threading.Event()

    def stop(self) -> None:
        self.reached.set()
        assert self.go.wait(timeout=30), "the test never let the held transaction go"


class Pause(Gate):
    """Replace the function at ``target`` so its first call, in whichever thread, stops at
    the gate: after it has run, or with ``before``, before it runs."""

    def __init__(self, monkeypatch, target: str, *, before: bool = False):
        super().__init__()
        original = resolve_name(target)
        first = threading.Lock()

        def paused(*args, **kwargs):
            result = None if before else original(*args, **kwargs)
            if first.acquire(blocking=False):
                self.stop()
            return original(*args, **kwargs) if before else result

        monkeypatch.setattr(target, paused)


class InThread:
    """A call run at once in its own thread, so in its own transaction and connection."""

    def __init__(self, call):
        self.done = threading.Event()
        self._outcome = None
        self._thread = threading.Thread(target=self._run, args=(call,), daemon=True)
        self._thread.start()

    def _run(self, call):
        try:
            self._outcome = call()
        except Exception as error:  # reported to the test
            self._outcome = error
        finally:
            connection.close()
            self.done.set()

    def outcome(self):
        """What the call returned or raised, once it has ended."""
        assert self.done.wait(timeout=30), "the call never ended"
        self._thread.join(timeout=30)
        return self._outcome


def waits_on_a_lock(call: InThread) -> bool:
    """True once a transaction on the test database waits for a lock another holds (the
    call's, as the tests hold nothing else up); False if the call ends first."""
    deadline = time.monotonic() + 20
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            if call.done.is_set():
                return False
            cursor.execute(
                "SELECT 1 FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone():
                return True
            time.sleep(0.01)
    raise AssertionError("the call neither waited for a lock nor ended")


def succeeded(outcome):
    """The outcome, once it is clear the call raised nothing."""
    assert not isinstance(outcome, Exception), repr(outcome)
    return outcome
