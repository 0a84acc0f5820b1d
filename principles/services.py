"""Loading the shipped principle fixtures without overwriting admins' edits."""

import json
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone

from .models import (
    Principle,
    PrincipleGroup,
    PrincipleLevelDescriptor,
    PrincipleSet,
    RatingLevel,
    RatingScale,
)

# Loaded in this order: sets fall back to the default rating scale.
PRINCIPLE_FIXTURES = (
    "rating-scales",
    "national-voices",
    "scotland-integration-principles",
)

_ROOT_MODELS = {
    "principles.ratingscale": RatingScale,
    "principles.principleset": PrincipleSet,
}


def fixture_path(name: str) -> Path:
    return Path(settings.BASE_DIR) / "fixtures" / f"{name}.json"


def _fixture_is_present(name: str) -> bool:
    """A fixture counts as present when every set, scale or band it defines exists, by slug."""
    entries = json.loads(fixture_path(name).read_text(encoding="utf-8"))
    roots = [e for e in entries if e["model"] in _ROOT_MODELS]
    return all(
        _ROOT_MODELS[e["model"]].objects.filter(slug=e["fields"]["slug"]).exists() for e in roots
    )


@transaction.atomic
def principle_fixtures_load_missing(*, names: tuple[str, ...] = PRINCIPLE_FIXTURES) -> list[str]:
    """Load each fixture whose sets or scales are absent; return the names loaded.

    Plain ``loaddata`` updates existing rows by natural key, which would undo an
    admin's edits to principle text, so routine start-up only adds what is missing.
    ``restore`` resets a set to its published text, with history (``loaddata`` still works,
    but leaves no trace). Each row loaded, and each row loaded before with no history,
    gets a first version (``first_versions_record``).
    """
    # ``loaddata`` records no history: without a first version, an admin's first edit would
    # be the first, and nothing would say what the row read before it (``audit_as_was``).
    first_versions_record(reason=HISTORY_BEGAN_REASON)  # rows loaded before this was done
    loaded = []
    for name in names:
        if not _fixture_is_present(name):
            call_command("loaddata", str(fixture_path(name)), verbosity=0)
            loaded.append(name)
    if loaded:
        first_versions_record(reason=LOADED_REASON)
    return loaded


# Every table the shipped fixtures fill, each after the tables it points to.
SHIPPED_MODELS = (
    RatingScale,
    RatingLevel,
    PrincipleSet,
    PrincipleGroup,
    Principle,
    PrincipleLevelDescriptor,
)
LOADED_REASON = "Loaded as published"
HISTORY_BEGAN_REASON = "As it read when its history began"


def first_versions_record(*, reason: str) -> int:
    """Record a first version ("+") of each shipped kind of row that has no history at all,
    as it reads now, with ``reason``; return how many. A row with any version is left
    alone, so a second run records nothing: one query a table, and one insert a table
    that has such rows (django-simple-history's ``populate_history`` does the same, but
    for a whole table only when it has no history)."""
    when = timezone.now()
    recorded = 0
    for model in SHIPPED_MODELS:
        rows = list(
            model.objects.filter(~Exists(model.history.filter(id=OuterRef("pk")))).order_by("pk")
        )
        if rows:
            model.history.bulk_history_create(
                rows, batch_size=500, default_date=when, default_change_reason=reason
            )
            recorded += len(rows)
    return recorded


# What a rating is given against: a principle's short title and statement.
WORDING_FIELDS = frozenset({"short_title", "statement"})


def principle_wording_mark(*, principle: Principle, changed: Iterable[str]) -> None:
    """Before a principle is saved: note when its wording changes, when ``changed`` (the
    fields being changed) includes it, so drafts that rated it are told to check."""
    if WORDING_FIELDS & set(changed):
        principle.wording_changed_at = timezone.now()


@transaction.atomic
def positions_vacate(*, model: type[Principle] | type[PrincipleGroup], ids: Iterable[int]) -> None:
    """Before rows of a set are saved at new positions (or deleted): move them to positions
    no row holds. A position is unique within its set and is checked as each row is saved,
    so two principles swapping places would otherwise each find the other still there."""
    ids = sorted(set(ids))
    if not ids:
        return
    sets = model.objects.filter(pk__in=ids).values("principle_set_id")
    top = model.objects.filter(principle_set_id__in=sets).aggregate(top=Max("order"))["top"]
    for offset, pk in enumerate(ids, start=1):
        # Not saved through the model: a passing position is no part of the history.
        model.objects.filter(pk=pk).update(order=top + offset)
