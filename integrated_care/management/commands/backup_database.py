import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ._postgres import postgres_env, tool


class Command(BaseCommand):
    help = (
        "Back up the PostgreSQL database to one file with pg_dump (custom format, "
        "compressed). Safe while the app is running: pg_dump reads a consistent snapshot."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Where to write the backup, e.g. backup.dump")

    def handle(self, *args, file: Path, **options):
        env = postgres_env()
        result = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(file)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
        self.stdout.write(
            f"Backed up {env['PGDATABASE']} to {file} ({file.stat().st_size:,} bytes)."
        )
