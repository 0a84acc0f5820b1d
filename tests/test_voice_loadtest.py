"""The load test's feedback scenario: its window arithmetic, and a tiny run on PostgreSQL."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django_ratelimit import core as ratelimit_core

from benchmarks.loadtest.feedback import (
    FeedbackSettings,
    FeedbackVerdict,
    FloodPost,
    _check_flood,
    person_address,
    window_end,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
DATABASE_URL = os.environ.get("DATABASE_URL", "")
SETTINGS = FeedbackSettings(
    base_url="http://127.0.0.1:1", token="x", limit=3, period=60, think_seconds=0, timeout=1
)


@pytest.mark.parametrize("when", [1_796_224_500.2, 1_796_224_559.9, 1_796_224_560.0, 42.0])
@pytest.mark.parametrize("address", ["192.0.2.1", "10.0.0.7", "2001:db8::"])
def test_windows_match_django_ratelimit(monkeypatch, when, address):
    """The checker's windows are the ones django-ratelimit counts in."""
    monkeypatch.setattr(ratelimit_core.time, "time", lambda: when)
    assert window_end(address, 60, when) == ratelimit_core._get_window(address, 60)


def test_every_response_comes_from_a_new_address():
    """People never share an address, so the limit never meets them."""
    addresses = {person_address(n, i) for n in range(50) for i in range(1, 400)}
    assert len(addresses) == 50 * 399


def _posts(statuses, start=1000.0):
    return [
        FloodPost("192.0.2.1", start + n * 0.1, start + n * 0.1 + 0.05, status)
        for n, status in enumerate(statuses)
    ]


def test_the_flood_check_catches_a_limit_that_leaks():
    """Four through in one window with a limit of three is a problem; three is not."""
    verdict = FeedbackVerdict()
    _check_flood(verdict, _posts([302, 302, 302, 429, 429]), SETTINGS)
    assert verdict.problems == []
    leaky = FeedbackVerdict()
    _check_flood(leaky, _posts([302, 302, 302, 302, 429]), SETTINGS)
    assert any("got 4 posts through" in p for p in leaky.problems)
    never = FeedbackVerdict()
    _check_flood(never, _posts([302, 302]), SETTINGS)
    assert "the flood was never refused" in never.problems


@pytest.mark.skipif(
    not DATABASE_URL.startswith(("postgres://", "postgresql://")),
    reason="The load test needs PostgreSQL: set DATABASE_URL=postgres://… to run it.",
)
def test_small_feedback_load_test_passes(tmp_path):
    """Three people and two flooders for a few seconds: nothing lost, the limit holds."""
    results_path = tmp_path / "results.json"
    command = [
        sys.executable,
        "benchmarks/loadtest/run.py",
        "--scenario", "feedback",
        "--users", "3",
        "--duration", "8",
        "--workers", "2",
        "--flooders", "2",
        "--feedback-rate", "5/m",
        "--postgres-url", DATABASE_URL,
        "--json", str(results_path),
    ]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    result = subprocess.run(
        command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    results = json.loads(results_path.read_text())
    verdict = results["verdict"]
    assert results["ok"] and verdict["accepted"] > 0 and verdict["lost"] == 0
    assert verdict["flood_refused"] > 0
