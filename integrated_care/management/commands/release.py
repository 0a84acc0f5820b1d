"""The release step: migrate, create the cache table, load missing principle sets, store
the scores of signed-off assessments that have none (signed off before scores were stored),
and queue the PDFs board members download, which a release may change.

Run once per deployment, before (or as) app servers start. Several servers may run
it at the same moment: a lock makes them take turns, so migrations and fixture
loading never run twice at once.
"""

import fcntl
import zlib
from contextlib import contextmanager

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.exceptions import InconsistentMigrationHistory
from django.db.migrations.loader import MigrationLoader

from assessments.score_services import stored_scores_fill_missing
from principles.services import principle_fixtures_load_missing
from reporting.services import pdfs_prerender_latest

LOCK_ID = zlib.crc32(b"integrated-care-release")

OLD_DATABASE = (
    "This database was made by an older version of the app, whose first migrations have "
    "since been replaced, so it cannot be upgraded. For a local database, run "
    "`make reset-demo`: it deletes the database and starts again with demo data. "
    "On PostgreSQL, drop and recreate the database (dropdb, createdb), then run this again."
)


def check_migration_history() -> None:
    """Refuse, in plain words, a database whose applied migrations no longer fit together."""
    try:
        MigrationLoader(connection, ignore_no_migrations=True).check_consistent_history(connection)
    except InconsistentMigrationHistory as error:
        raise CommandError(f"{OLD_DATABASE}\n({error})") from None


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
    help = (
        "Migrate, create the cache table, load missing principle sets and store missing "
        "scores, one server at a time."
    )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        with release_lock():
            check_migration_history()
            call_command("migrate", interactive=False, verbosity=verbosity)
            call_command("createcachetable", verbosity=verbosity)
            loaded = principle_fixtures_load_missing()
            stored = stored_scores_fill_missing()
            queued = pdfs_prerender_latest()
        self.stdout.write(
            f"Release complete. Loaded: {', '.join(loaded)}."
            if loaded
            else "Release complete. Principle sets were already loaded."
        )
        if stored:
            self.stdout.write(f"Stored the scores of {stored} signed-off assessments.")
        if queued:
            self.stdout.write(
                f"Queued the PDFs of {queued} signed-off assessments and their board packs, "
                "for the worker to make if this release changed how they look."
            )
