"""A principle's own admin page refuses a code or position another principle of its set
has, with the reason, whether or not the principle is rated (its set then read-only)."""

import pytest
from django.urls import reverse

from principles.admin_forms import DUPLICATE_POSITION
from principles.models import DUPLICATE_CODE, Principle
from tests.test_principle_admin import _principle_form_data

pytestmark = pytest.mark.django_db


def save_principle_page(client, saved_code, **changes):
    principle = Principle.objects.get(code=saved_code)
    url = reverse("admin:principles_principle_change", args=[principle.pk])
    data = _principle_form_data(principle, **changes)
    return client.post(url, data)


def errors_of(response) -> dict[str, list[tuple[str, str]]]:
    assert response.status_code == 200  # the page again, not saved
    form = response.context["adminform"].form
    return {
        field: [(error.code, error.message) for error in errors]
        for field, errors in form.errors.as_data().items()
    }


def test_a_rated_principles_page_refuses_another_principles_code(draft, admin_client_user):
    """NV-03, rated in a draft, given the code "nv-01": refused as on an unrated one."""
    response = save_principle_page(admin_client_user, "NV-03", code="nv-01")
    assert errors_of(response) == {"__all__": [("duplicate_code", DUPLICATE_CODE)]}
    assert Principle.objects.filter(code="NV-03").exists()


@pytest.mark.parametrize("fixture", ["principle_sets", "draft"])
def test_a_principles_page_refuses_another_principles_position(fixture, request, admin_client_user):
    """NV-04 moved to NV-05's position: refused beside the position, rated or not."""
    request.getfixturevalue(fixture)
    response = save_principle_page(admin_client_user, "NV-04", order=5)
    assert errors_of(response) == {"order": [("duplicate_order", DUPLICATE_POSITION)]}
    assert Principle.objects.get(code="NV-04").order == 4
