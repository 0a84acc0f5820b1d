"""Putting a principle set, or a rating scale, back to its published text, with a trace.

``loaddata`` writes straight to the tables, so django-simple-history records nothing:
admin History would still show an admin's edit as the latest text, and drafts would
never learn that the wording they were rated against changed. Here every object the
shipped fixture describes is compared with the database and saved through the ORM only
where it differs, each save recorded in its History with the reason given.
"""

import json
from dataclasses import dataclass, field

from django.core import serializers
from django.db import transaction

from assessments.default_weights import draft_weights_follow_default
from assessments.set_growth import draft_ratings_add

from .models import Principle, PrincipleGroup
from .services import (
    PRINCIPLE_FIXTURES,
    fixture_path,
    positions_vacate,
    principle_wording_mark,
)

ROOTS = ("principles.principleset", "principles.ratingscale")
REASON_MAX_LENGTH = 100  # simple_history's history_change_reason


@dataclass
class Restored:
    """What was put back: ``changed`` as "NV-03: statement", ``created`` as "NV-13"."""

    fixture: str
    changed: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)


def fixture_for(slug: str) -> str | None:
    """The shipped fixture that publishes the set or scale with this slug, if any."""
    for name in PRINCIPLE_FIXTURES:
        entries = json.loads(fixture_path(name).read_text(encoding="utf-8"))
        if any(e["model"] in ROOTS and e["fields"].get("slug") == slug for e in entries):
            return name
    return None


@transaction.atomic
def published_text_restore(*, slug: str, reason: str) -> Restored:
    """Restore the set or scale ``slug`` and everything in its fixture to the published text.

    Objects are matched by natural key (set slug, section code, principle code, scale slug
    and level value). Fields the fixture gives are put back; other fields, and objects the
    fixture does not describe, are left as they are. Raises ValueError for an unknown slug
    or a missing or overlong reason.
    """
    reason = reason.strip()
    if not reason:
        raise ValueError("Give a reason: it is kept in each changed object's History.")
    if len(reason) > REASON_MAX_LENGTH:
        raise ValueError(f"The reason must be {REASON_MAX_LENGTH} characters or fewer.")
    name = fixture_for(slug)
    if name is None:
        raise ValueError(f"No shipped fixture publishes a principle set or rating scale {slug!r}.")
    text = fixture_path(name).read_text(encoding="utf-8")
    restored = Restored(fixture=name)
    # Deserialising is lazy, so each object is saved before the next one looks up its
    # parents by natural key: a section the fixture adds exists before its principles.
    for entry, item in zip(json.loads(text), serializers.deserialize("json", text), strict=True):
        _restore(item.object, list(entry["fields"]), reason, restored)
    return restored


def _restore(published, names: list[str], reason: str, restored: Restored) -> None:
    model = type(published)
    current = model._default_manager.filter(pk=published.pk).first() if published.pk else None
    label = _label(published)
    if current is None:
        _make_room(published)
        published._change_reason = reason
        published.save()
        if isinstance(published, Principle):
            # As when an admin adds one: the set's drafts gain it, not rated yet.
            added = draft_ratings_add(user=None, principle_id=published.pk)
            if added:
                label += f" (now in {added} draft assessment{'s' if added != 1 else ''})"
        restored.created.append(label)
        return
    differ = [
        name
        for name in names
        if getattr(current, _attname(model, name)) != getattr(published, _attname(model, name))
    ]
    if not differ:
        return
    old_default = getattr(current, "default_weight", None)
    for name in differ:
        setattr(current, _attname(model, name), getattr(published, _attname(model, name)))
    if isinstance(current, Principle):
        principle_wording_mark(principle=current, changed=differ)
    if "order" in differ:
        _make_room(current)
    current._change_reason = reason
    current.save()
    if "default_weight" in differ:
        # As when an admin changes it: drafts that used the default follow it.
        draft_weights_follow_default(user=None, principle_id=current.pk, old_default=old_default)
    restored.changed.append(f"{label}: {', '.join(n.replace('_', ' ') for n in differ)}")


def _make_room(obj) -> None:
    """Free the published position of a section or principle that another row holds now
    (after an admin swapped two): that row is moved aside, and given its own published
    position when its turn comes."""
    if isinstance(obj, Principle | PrincipleGroup):
        holders = type(obj)._default_manager.filter(
            principle_set_id=obj.principle_set_id, order=obj.order
        )
        positions_vacate(
            model=type(obj), ids=holders.exclude(pk=obj.pk).values_list("pk", flat=True)
        )


def _attname(model, name: str) -> str:
    return model._meta.get_field(name).attname


def _label(obj) -> str:
    """How the command names an object: its code, slug or natural key."""
    for attribute in ("code", "slug"):
        if getattr(obj, attribute, ""):
            return f"{obj._meta.verbose_name} {getattr(obj, attribute)}"
    return f"{obj._meta.verbose_name} {' '.join(str(part) for part in obj.natural_key())}"
