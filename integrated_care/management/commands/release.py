"""The release step: migrate, create the cache table and load missing principle sets.

Run once per deployment, before (or as) app servers start. Several servers may run
it at the same moment: a lock makes them take turns, so migrations and fixture
loading never run twice at once.
"""

import fcntl
import zlib
from contextlib import contextmanager

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from principles.services import principle_fixtures_load_missing

LOCK_ID = zlib.crc32(b"integrated-care-release")


@contextmanager
def release_lock():
    """A PostgreSQL advisory lock, or a file lock beside the SQLite database."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK_ID])
            try:
                yield
            finally:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_ID])
        return
    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    with open(settings.VAR_DIR / "release.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class Command(BaseCommand):
    help = "Migrate, create the cache table and load missing principle sets, one server at a time."

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        with release_lock():
            call_command("migrate", interactive=False, verbosity=verbosity)
            call_command("createcachetable", verbosity=verbosity)
            loaded = principle_fixtures_load_missing()
        self.stdout.write(
            f"Release complete. Loaded: {', '.join(loaded)}."
            if loaded
            else "Release complete. Principle sets were already loaded."
        )
