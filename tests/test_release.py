"""The release step can run on several servers at once without breaking anything."""

import os
import sqlite3
import subprocess
import sys
import uuid

import psycopg
import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.django_db


def _release_env(database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SECRET_KEY="release-test-secret-key-that-is-long-enough-1234567890",
        DJANGO_SETTINGS_MODULE="integrated_care.settings",
    )
    return env


def _run_two_releases_at_once(database_url: str) -> list[subprocess.CompletedProcess]:
    command = [sys.executable, "manage.py", "release", "--verbosity", "0"]
    processes = [
        subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env=_release_env(database_url),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=300)
        results.append(subprocess.CompletedProcess(command, process.returncode, out, err))
    return results


def _counts(database_url: str) -> tuple:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); "
            "from principles.models import Principle, PrincipleSet, RatingLevel; "
            "print(Principle.objects.count(), RatingLevel.objects.count(), "
            "PrincipleSet.objects.count())",
        ],
        cwd=settings.BASE_DIR,
        env=_release_env(database_url),
        capture_output=True,
        text=True,
        check=True,
    )
    return tuple(int(n) for n in result.stdout.split()[-3:])


def _check(results, database_url):
    for result in results:
        assert result.returncode == 0, result.stderr
    assert sum("Loaded:" in r.stdout for r in results) == 1
    assert _counts(database_url) == (24, 5, 2)


def test_two_releases_at_once_on_sqlite(tmp_path):
    """Two servers releasing against one new SQLite database take turns; data loads once."""
    database_url = f"sqlite:///{tmp_path / 'release.sqlite3'}"
    _check(_run_two_releases_at_once(database_url), database_url)


def test_two_releases_at_once_on_postgresql():
    """Two servers releasing against one new PostgreSQL database take turns; data loads once."""
    if connection.vendor != "postgresql":
        pytest.skip("Runs when the suite runs on PostgreSQL (DATABASE_URL set).")
    params = connection.settings_dict
    name = f"release_test_{uuid.uuid4().hex[:10]}"
    admin = psycopg.connect(
        host=params["HOST"],
        port=params["PORT"] or 5432,
        user=params["USER"],
        password=params["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        auth = params["USER"] + (f":{params['PASSWORD']}" if params["PASSWORD"] else "")
        database_url = f"postgres://{auth}@{params['HOST']}:{params['PORT'] or 5432}/{name}"
        _check(_run_two_releases_at_once(database_url), database_url)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_a_database_from_before_the_new_migrations_gets_a_plain_message(tmp_path):
    """A local database whose old migration history no longer fits is explained, not traced."""
    database = tmp_path / "old.sqlite3"
    database_url = f"sqlite:///{database}"
    command = [sys.executable, "manage.py", "release", "--verbosity", "0"]
    env = _release_env(database_url)
    subprocess.run(command, cwd=settings.BASE_DIR, env=env, check=True, capture_output=True)
    # What an old database looks like: the assessments app's first migration is applied,
    # but the accounts app it now depends on was never there.
    with sqlite3.connect(database) as old:
        old.execute("DELETE FROM django_migrations WHERE app = 'accounts'")
    result = subprocess.run(
        command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "make reset-demo" in result.stderr
    assert "older version of the app" in result.stderr
    assert "Traceback" not in result.stderr
