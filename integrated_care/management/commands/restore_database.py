import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from ._postgres import postgres_env, tool


class Command(BaseCommand):
    help = (
        "Restore a backup made by backup_database into the configured PostgreSQL database, "
        "which must be new and empty (create it with createdb first). Stop the app first."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="A file written by backup_database")

    def handle(self, *args, file: Path, **options):
        env = postgres_env()
        if not file.exists():
            raise CommandError(f"There is no backup file at {file}.")
        if connection.introspection.table_names():
            # Restoring over live data would mix two databases: refuse rather than guess.
            raise CommandError(
                f"The database {env['PGDATABASE']} is not empty. Restore into a new database."
            )
        result = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [
                tool("pg_restore"),
                "--no-owner",
                "--exit-on-error",
                "--dbname",
                env["PGDATABASE"],
                str(file),
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise CommandError(f"pg_restore failed: {result.stderr.strip()}")
        self.stdout.write(f"Restored {file} into {env['PGDATABASE']}.")
