"""Helpers for reading form errors in tests."""


def codes(form, field) -> list[str]:
    """The error codes on one field, in order ("__all__" for errors not tied to a field)."""
    return [error.code for error in form.errors.as_data().get(field, [])]


def first(form, field):
    """The first ValidationError on one field."""
    return form.errors.as_data()[field][0]
