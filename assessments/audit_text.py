"""How the history page words any change: which fields changed, a day, a detail after a
colon, and a long text's change without the text."""

from datetime import date

from django.utils import dateformat


def fields_changed(record, previous, fields: list[str]) -> set[str]:
    return set(record.diff_against(previous, included_fields=fields).changed_fields)


def day(value: date) -> str:
    return dateformat.format(value, "j F Y")


def with_detail(sentence: str, detail: str) -> str:
    detail = detail.strip()
    return f"{sentence}: {detail}" if detail else sentence


def text_changed(before: str, now: str, what: str) -> str:
    """A long text's change, without the text, as evidence's reads."""
    if not before.strip():
        return f"Added {what}"
    return f"Changed {what}" if now.strip() else f"Removed {what}"
