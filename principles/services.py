"""Loading the shipped principle fixtures without overwriting admins' edits."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from .models import PrincipleSet, RatingScale, ScoreBand

# Loaded in this order: sets fall back to the default rating scale.
PRINCIPLE_FIXTURES = (
    "rating-scales",
    "score-bands",
    "national-voices",
    "scotland-integration-principles",
)

_ROOT_MODELS = {
    "principles.ratingscale": RatingScale,
    "principles.scoreband": ScoreBand,
    "principles.principleset": PrincipleSet,
}


def _fixture_path(name: str) -> Path:
    return Path(settings.BASE_DIR) / "fixtures" / f"{name}.json"


def _fixture_is_present(name: str) -> bool:
    """A fixture counts as present when every set, scale or band it defines exists, by slug."""
    entries = json.loads(_fixture_path(name).read_text(encoding="utf-8"))
    roots = [e for e in entries if e["model"] in _ROOT_MODELS]
    return all(
        _ROOT_MODELS[e["model"]].objects.filter(slug=e["fields"]["slug"]).exists() for e in roots
    )


@transaction.atomic
def principle_fixtures_load_missing(*, names: tuple[str, ...] = PRINCIPLE_FIXTURES) -> list[str]:
    """Load each fixture whose sets or scales are absent; return the names loaded.

    Plain ``loaddata`` updates existing rows by natural key, which would undo an
    admin's edits to principle text, so routine start-up only adds what is missing.
    ``loaddata`` stays the documented way to reset a set to its published text.
    """
    loaded = []
    for name in names:
        if not _fixture_is_present(name):
            call_command("loaddata", str(_fixture_path(name)), verbosity=0)
            loaded.append(name)
    return loaded
