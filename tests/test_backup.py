"""A PostgreSQL backup restores into a new database with every assessment and record intact."""

import os
import subprocess
import sys
import uuid

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from partnerships.models import Role
from tests.builders import complete, sign_off, start, submit

TABLES = [
    "assessments_assessment",
    "assessments_rating",
    "assessments_improvementaction",
    "assessments_historicalassessment",
    "assessments_historicalrating",
    "principles_principle",
    "accounts_user",
]


def _connect(dbname, **options):
    """A connection to ``dbname`` on the test database's server."""
    params = connection.settings_dict
    return psycopg.connect(
        host=params["HOST"],
        port=params["PORT"] or 5432,
        user=params["USER"],
        password=params["PASSWORD"] or None,
        dbname=dbname,
        **options,
    )


def _restore(dump, env) -> subprocess.CompletedProcess:
    """Run ``manage.py restore_database`` on ``dump`` in a new process with ``env``."""
    return subprocess.run(
        [sys.executable, "manage.py", "restore_database", str(dump)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _snapshot(dbname):
    with _connect(dbname) as conn:
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}  # noqa: S608
        ratings = conn.execute(
            "SELECT id, level_id, evidence, weight, frozen_statement FROM assessments_rating "
            "ORDER BY id"
        ).fetchall()
        states = conn.execute("SELECT id, state FROM assessments_assessment ORDER BY id").fetchall()
    return counts, ratings, states


@pytest.mark.django_db(transaction=True)
def test_backup_restores_everything_into_a_fresh_database(
    tmp_path, principle_sets, service, people
):
    """Every assessment, rating and audit record survives backup and restore."""
    if connection.vendor != "postgresql":
        pytest.skip("Backups use pg_dump: runs when the suite runs on PostgreSQL.")
    lead, approver = people[Role.LEAD], people[Role.APPROVER]
    last_year = start(user=lead, service=service, period="2025/26")
    complete(user=lead, assessment=last_year)
    submit(user=lead, assessment=last_year)
    sign_off(user=approver, assessment=last_year)
    complete(user=lead, assessment=start(user=lead, service=service, period="2026/27"), value=4)

    dump = tmp_path / "backup.dump"
    call_command("backup_database", str(dump))
    assert dump.stat().st_size > 0

    name = f"restore_test_{uuid.uuid4().hex[:10]}"
    admin = _connect("postgres", autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        params = connection.settings_dict
        env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        server = f"{params['HOST']}:{params['PORT'] or 5432}"
        env.update(
            DATABASE_URL=f"postgres://{params['USER']}@{server}/{name}",
            DJANGO_DEBUG="true",
            DJANGO_SETTINGS_MODULE="integrated_care.settings",
        )
        if params["PASSWORD"]:
            env["PGPASSWORD"] = params["PASSWORD"]
        result = _restore(dump, env)
        assert result.returncode == 0, result.stderr
        original, restored = _snapshot(params["NAME"]), _snapshot(name)
        assert restored == original
        counts = restored[0]
        assert counts["assessments_assessment"] == 2
        assert counts["assessments_rating"] == 24
        assert counts["assessments_historicalrating"] > 24

        again = _restore(dump, env)
        assert again.returncode != 0
        assert "is not empty" in again.stderr
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_backup_explains_that_it_needs_postgresql(tmp_path):
    """On SQLite the command says what to do instead of failing obscurely."""
    if connection.vendor == "postgresql":
        pytest.skip("Checks the SQLite message.")
    with pytest.raises(CommandError, match="need PostgreSQL"):
        call_command("backup_database", str(tmp_path / "x.dump"))
