"""The load test (benchmarks/loadtest) runs end to end on a tiny load and finds no lost update.

It starts a real gunicorn on 127.0.0.1 against a throwaway PostgreSQL database, so it
runs only when the suite runs on PostgreSQL.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.loadtest.infra import PgServer

REPO_ROOT = Path(__file__).resolve().parents[1]
DATABASE_URL = os.environ.get("DATABASE_URL", "")

pytestmark = pytest.mark.skipif(
    not DATABASE_URL.startswith(("postgres://", "postgresql://")),
    reason="The load test needs PostgreSQL: set DATABASE_URL=postgres://… to run it.",
)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_small_load_test_passes_and_cleans_up(tmp_path):
    results_path = tmp_path / "results.json"
    command = [
        sys.executable,
        "benchmarks/loadtest/run.py",
        "--users", "3",
        "--duration", "5",
        "--compare-duration", "1",
        "--workers", "2",
        "--postgres-url", DATABASE_URL,
        "--json", str(results_path),
    ]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    result = subprocess.run(
        command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=180, check=False
    )
    output = result.stdout + result.stderr

    assert result.returncode == 0, output
    assert "Lost updates: 0".lower() in output.lower(), output
    results = json.loads(results_path.read_text())
    assert results["ok"] is True
    assert results["errors"] == 0
    assert results["verdict"]["lost_updates"] == 0
    assert results["verdict"]["silent_overwrites"] == 0
    assert results["saves"]["accepted"] > 0, "nobody managed to save a rating"
    # The board member's packs came through the worker: "Preparing your PDF", then the file.
    ready = [r for r in results["rows"] if r["kind"] == "board pack PDF ready"]
    assert ready and ready[0]["count"] > 0, "no board pack PDF arrived"
    # Nothing left behind: neither the database nor the server.
    server = PgServer.from_url(DATABASE_URL)
    with server.connect() as conn:
        left = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [results["database"]]
        ).fetchone()
    assert left is None, f"database {results['database']} was not dropped"
    assert not _process_alive(results["gunicorn_pid"]), "gunicorn is still running"
    assert not _process_alive(results["worker_pid"]), "the background worker is still running"
