"""Django admin keeps what assessments depend on: a scale's level values, a principle's set
and a service's partnership are fixed once assessments use them, and delete pages say
which records protect an object."""

import pytest
from django.urls import reverse

from partnerships.models import Service
from principles.models import Principle, RatingScale
from tests import builders
from tests.factories import PartnershipFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def change_page(client, name: str, pk: int):
    response = client.get(reverse(f"admin:{name}_change", args=[pk]))
    assert response.status_code == 200
    return response.context


def form_fields(client, name: str, pk: int):
    return change_page(client, name, pk)["adminform"].form.fields


def test_a_rated_principle_stays_in_its_set(draft, lead, admin_client_user):
    """NV-01 is rated: its set is shown but not offered; an unrated one's is offered."""
    builders.rate(user=lead, assessment=draft, code="NV-01")
    rated = Principle.objects.get(code="NV-01")
    unrated = Principle.objects.get(code="SC-01")
    assert "principle_set" not in form_fields(admin_client_user, "principles_principle", rated.pk)
    assert "principle_set" in form_fields(admin_client_user, "principles_principle", unrated.pk)


def test_a_service_with_assessments_stays_in_its_partnership(draft, admin_client_user):
    """Moving it would take its signed-off assessments to another partnership's members."""
    service = draft.service
    assert "partnership" not in form_fields(admin_client_user, "partnerships_service", service.pk)
    other = PartnershipFactory()
    url = reverse("admin:partnerships_service_change", args=[service.pk])
    data = {"name": service.name, "care_group": service.care_group, "description": "Moved?"}
    response = admin_client_user.post(url, {**data, "partnership": other.pk})
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.description == "Moved?"  # the rest of the form was saved
    assert service.partnership_id == draft.service.partnership_id
    new = ServiceFactory(partnership=other)
    assert "partnership" in form_fields(admin_client_user, "partnerships_service", new.pk)


def test_a_scale_in_use_keeps_its_level_values(draft, admin_client_user):
    """The levels' words can change; their values cannot, and none is added or removed."""
    (levels,) = change_page(admin_client_user, "principles_ratingscale", draft.rating_scale_id)[
        "inline_admin_formsets"
    ]
    fields = levels.formset.forms[0].fields
    assert "value" not in fields and "label" in fields
    assert not levels.has_add_permission and not levels.has_delete_permission
    unused = RatingScale.objects.create(name="Unused scale", slug="unused-scale")
    (levels,) = change_page(admin_client_user, "principles_ratingscale", unused.pk)[
        "inline_admin_formsets"
    ]
    assert levels.has_add_permission and levels.has_delete_permission


def test_deleting_a_service_with_assessments_names_them_not_a_permission(
    signed_off, admin_client_user
):
    """The delete page says the assessments protect the service."""
    url = reverse("admin:partnerships_service_delete", args=[signed_off.service.pk])
    page = admin_client_user.get(url).content.decode()
    assert "would require deleting the following protected related objects" in page
    assert "have permission to delete" not in page
    admin_client_user.post(url, {"post": "yes"})
    assert Service.objects.filter(pk=signed_off.service.pk).exists()


def test_a_second_default_scale_is_refused_in_plain_words(principle_sets, admin_client_user):
    """Not Django's "Constraint ... is violated": which scale to untick first."""
    assert RatingScale.objects.filter(is_default=True).exists()
    response = admin_client_user.post(
        reverse("admin:principles_ratingscale_add"),
        {
            "name": "Another scale",
            "slug": "another-scale",
            "is_default": "on",
            "levels-TOTAL_FORMS": "0",
            "levels-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert errors == ["Another scale is the default already: untick it there first"]
