"""Running PostgreSQL's own client tools against the configured database."""

import os
import shutil

from django.core.management.base import CommandError
from django.db import connections


def postgres_env(alias: str = "default") -> dict[str, str]:
    """Environment for pg_dump/pg_restore: connection details without putting them on argv."""
    settings = connections[alias].settings_dict
    if connections[alias].vendor != "postgresql":
        raise CommandError(
            "Backups with pg_dump need PostgreSQL: set DATABASE_URL. "
            "For SQLite, copy the database file while the app is stopped."
        )
    env = dict(os.environ)
    for key, value in {
        "PGHOST": settings["HOST"],
        "PGPORT": str(settings["PORT"] or ""),
        "PGUSER": settings["USER"],
        "PGPASSWORD": settings["PASSWORD"],
        "PGDATABASE": settings["NAME"],
    }.items():
        if value:
            env[key] = value
    return env


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise CommandError(f"{name} was not found: install the PostgreSQL client tools.")
    return path
