"""The shipped principle sets and rating scale, loaded for a test quickly.

``loaddata`` looks every row up by natural key and saves it on its own: some 500 queries,
a fifth of a second on SQLite and more on PostgreSQL, for each of about 900 tests. So the
first load in a test process goes through ``loaddata``, the rows it made are kept, and
later tests get the very same rows (same ids and values) back in one insert per table.
"""

from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection

from principles.models import (
    Principle,
    PrincipleGroup,
    PrincipleLevelDescriptor,
    PrincipleSet,
    RatingLevel,
    RatingScale,
)
from principles.services import PRINCIPLE_FIXTURES

# Every table the fixtures fill, each after the tables it points to.
MODELS = (
    RatingScale,
    RatingLevel,
    PrincipleSet,
    PrincipleGroup,
    Principle,
    PrincipleLevelDescriptor,
)

_rows: dict = {}


def _all_empty() -> bool:
    return not any(model.objects.exists() for model in MODELS)


def shipped_principles_load() -> None:
    """Put both published principle sets and the default rating scale in the database."""
    empty = _all_empty()
    if empty and _rows:
        for model in MODELS:
            model.objects.bulk_create(model(**values) for values in _rows[model])
        # Rows inserted with their ids leave PostgreSQL's sequences behind.
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), MODELS):
                cursor.execute(sql)
        return
    for name in PRINCIPLE_FIXTURES:
        call_command("loaddata", name, verbosity=0)
    # Only rows loaddata made on its own are kept: with rows already there it may have
    # updated some of them instead.
    if empty:
        _rows.update({model: list(model.objects.values()) for model in MODELS})
