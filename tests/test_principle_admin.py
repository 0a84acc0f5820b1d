"""Admins edit principle text in Django admin; referenced data cannot be deleted."""

import pytest
from django.urls import reverse

from principles.models import Principle, PrincipleGroup, PrincipleSet

pytestmark = pytest.mark.django_db


def _principle_form_data(principle, **changes):
    data = {
        "principle_set": principle.principle_set_id,
        "group": principle.group_id,
        "order": principle.order,
        "code": principle.code,
        "short_title": principle.short_title,
        "statement": principle.statement,
        "guidance": principle.guidance,
        "statutory_reference": principle.statutory_reference,
        "default_weight": principle.default_weight,
        # The inline of level descriptions, left as it is.
        "level_descriptors-TOTAL_FORMS": "0",
        "level_descriptors-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_admin_edits_a_principle_statement(principle_sets, admin_client_user):
    """Posting the principle change form saves the new statement."""
    principle = Principle.objects.get(code="NV-05")
    url = reverse("admin:principles_principle_change", args=[principle.pk])
    response = admin_client_user.post(
        url, _principle_form_data(principle, statement="be inclusive of every community")
    )
    assert response.status_code == 302
    principle.refresh_from_db()
    assert principle.statement == "be inclusive of every community"


def test_admin_refuses_a_group_from_another_set(principle_sets, admin_client_user):
    """A principle cannot be put in a section of a different set."""
    principle = Principle.objects.get(code="NV-05")
    scottish_group = PrincipleGroup.objects.get(code="must-be")
    url = reverse("admin:principles_principle_change", args=[principle.pk])
    response = admin_client_user.post(url, _principle_form_data(principle, group=scottish_group.pk))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors.as_data()["group"][0].code == (
        "group_not_in_set"
    )
    principle.refresh_from_db()
    assert principle.group.code == "integrated-care-must"


def test_admin_weight_above_ten_is_refused(principle_sets, admin_client_user):
    """Default weights are limited to 0 to 10."""
    principle = Principle.objects.get(code="SC-01")
    url = reverse("admin:principles_principle_change", args=[principle.pk])
    response = admin_client_user.post(url, _principle_form_data(principle, default_weight=11))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors.as_data()["default_weight"][0].code == (
        "max_value"
    )


def test_set_change_page_lists_groups_and_principles_inline(principle_sets, admin_client_user):
    """The set's change page shows its sections and principles for editing on one page."""
    scotland = PrincipleSet.objects.get(slug="scotland-integration-principles")
    response = admin_client_user.get(
        reverse("admin:principles_principleset_change", args=[scotland.pk])
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Services must take account of" in content
    assert "the dignity of service-users" in content
    group_choices = response.context["inline_admin_formsets"][1].formset.forms[0].fields["group"]
    assert {g.principle_set_id for g in group_choices.queryset} == {scotland.pk}


def test_set_list_search_and_filter(principle_sets, admin_client_user):
    """The admin set list can be searched by statement text and filtered by nation."""
    url = reverse("admin:principles_principleset_changelist")
    response = admin_client_user.get(url, {"q": "dignity"})
    assert [s.slug for s in response.context["cl"].result_list] == [
        "scotland-integration-principles"
    ]
    response = admin_client_user.get(url, {"jurisdiction__exact": "england"})
    assert [s.slug for s in response.context["cl"].result_list] == ["national-voices"]


def test_deleting_a_set_with_principles_is_refused_with_the_reason(
    principle_sets, admin_client_user
):
    """The admin explains that referenced principles protect the set from deletion."""
    nv = PrincipleSet.objects.get(slug="national-voices")
    url = reverse("admin:principles_principleset_delete", args=[nv.pk])
    response = admin_client_user.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert "protected" in response.content.decode()
    assert PrincipleSet.objects.filter(pk=nv.pk).exists()


def test_admin_is_for_staff_only(principle_sets, signed_in_client):
    """A signed-in user who is not staff is sent to the admin sign-in."""
    response = signed_in_client.get(reverse("admin:principles_principle_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_deleting_a_rated_principle_is_refused_with_the_reason(draft, admin_client_user):
    """A principle some assessment has rated cannot be deleted; the admin names the ratings."""
    principle = Principle.objects.get(code="NV-01")
    url = reverse("admin:principles_principle_delete", args=[principle.pk])
    page = admin_client_user.get(url).content.decode()
    assert "would require deleting the following protected related objects" in page
    assert "NV-01 in Discharge to assess 2026/27" in page
    admin_client_user.post(url, {"post": "yes"})
    assert Principle.objects.filter(pk=principle.pk).exists()


def test_admin_edits_are_recorded_in_the_audit_trail(principle_sets, admin_client_user):
    """An admin's change to a principle's text is kept in its history with who made it."""
    principle = Principle.objects.get(code="NV-02")
    url = reverse("admin:principles_principle_change", args=[principle.pk])
    admin_client_user.post(url, _principle_form_data(principle, statement="focus on people"))
    latest = principle.history.latest()
    assert latest.statement == "focus on people"
    assert latest.history_user.username == "site-admin"
    history_page = admin_client_user.get(
        reverse("admin:principles_principle_history", args=[principle.pk])
    )
    assert "site-admin" in history_page.content.decode()
