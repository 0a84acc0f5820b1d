"""Helpers for building form data and reading form errors in tests."""


def codes(form, field) -> list[str]:
    """The error codes on one field, in order ("__all__" for errors not tied to a field)."""
    return [error.code for error in form.errors.as_data().get(field, [])]


def first(form, field):
    """The first ValidationError on one field."""
    return form.errors.as_data()[field][0]


def action_data(index=0, **fields) -> dict:
    """What the browser posts for one action form: blank boxes and the default status."""
    values = {
        "description": "",
        "owner": "",
        "due_date_0": "",
        "due_date_1": "",
        "due_date_2": "",
        "status": "proposed",
        **fields,
    }
    return {f"actions-{index}-{name}": value for name, value in values.items()}


def formset_data(*forms, initial=0) -> dict:
    """The actions formset as posted: its management form and each of ``forms``."""
    data = management(total=len(forms), initial=initial)
    for form in forms:
        data.update(form)
    return data


def management(*, total=1, initial=0) -> dict:
    """The actions formset's management form as posted: ``total`` forms, ``initial`` saved."""
    return {
        "actions-TOTAL_FORMS": str(total),
        "actions-INITIAL_FORMS": str(initial),
        "actions-MIN_NUM_FORMS": "0",
        "actions-MAX_NUM_FORMS": "1000",
    }
