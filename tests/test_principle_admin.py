"""Admins edit principle text in Django admin; referenced data cannot be deleted."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from principles.models import Principle, PrincipleGroup, PrincipleSet
from tests import builders

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


def test_deleting_a_rated_principle_is_refused_with_the_reason(draft, lead, admin_client_user):
    """A principle some assessment has rated cannot be deleted; the admin names the ratings."""
    builders.rate(user=lead, assessment=draft, code="NV-01")
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


def _set_page_data(response, **changes) -> dict:
    """What the browser posts back from a set's change page, every inline row included,
    with ``changes`` (posted names) applied."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is True:
                value = "on"
            if value not in (None, False):
                data[form[name].html_name] = value
    data.update(changes)
    return data


def _principle_prefix(response, code) -> str:
    """The posted prefix of one principle's row on the set page, such as principles-4."""
    formset = response.context["inline_admin_formsets"][1].formset
    return next(form.prefix for form in formset.forms if form.instance.code == code)


def _post_set_page(admin_client_user, principle_set, change):
    """Open the set's page and post it back with ``change(response)`` applied."""
    url = reverse("admin:principles_principleset_change", args=[principle_set.pk])
    page = admin_client_user.get(url)
    return admin_client_user.post(url, _set_page_data(page, **change(page)))


def test_two_principles_swap_positions_on_the_set_page(principle_sets, admin_client_user):
    """An admin swaps two principles' positions in one save: each takes the other's place."""
    national_voices = PrincipleSet.objects.get(slug="national-voices")
    first, second = Principle.objects.get(code="NV-01"), Principle.objects.get(code="NV-02")
    response = _post_set_page(
        admin_client_user,
        national_voices,
        lambda page: {
            f"{_principle_prefix(page, 'NV-01')}-order": second.order,
            f"{_principle_prefix(page, 'NV-02')}-order": first.order,
        },
    )
    assert response.status_code == 302
    assert Principle.objects.get(code="NV-01").order == second.order
    assert Principle.objects.get(code="NV-02").order == first.order
    changed = Principle.history.filter(code="NV-01").order_by("-history_date").first()
    assert changed.order == second.order  # the history holds the swap, not a passing place


def test_a_position_held_by_another_principle_is_refused(principle_sets, admin_client_user):
    """Moving a principle to a position another keeps is refused, and nothing moves."""
    national_voices = PrincipleSet.objects.get(slug="national-voices")
    taken = Principle.objects.get(code="NV-02").order
    response = _post_set_page(
        admin_client_user,
        national_voices,
        lambda page: {f"{_principle_prefix(page, 'NV-01')}-order": taken},
    )
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][1].formset
    assert formset.non_form_errors() or any(form.errors for form in formset.forms)
    assert Principle.objects.get(code="NV-01").order != taken


def test_codes_differing_only_in_case_are_refused_on_the_set_page(
    principle_sets, admin_client_user
):
    """Two principles of a set cannot be "nv-13" and "NV-13", even both typed in one save."""
    national_voices = PrincipleSet.objects.get(slug="national-voices")
    response = _post_set_page(
        admin_client_user,
        national_voices,
        lambda page: {
            f"{_principle_prefix(page, 'NV-01')}-code": "nv-13",
            f"{_principle_prefix(page, 'NV-02')}-code": "NV-13",
        },
    )
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][1].formset
    errors = [form.errors.as_data().get("code", []) for form in formset.forms]
    assert ["duplicate_code"] in [[error.code for error in field] for field in errors]
    assert Principle.objects.filter(code="NV-01").exists()


def test_codes_differing_only_in_case_are_refused_on_a_principles_page(
    principle_sets, admin_client_user
):
    """The principle's own page refuses a code another principle of the set has in any case."""
    principle = Principle.objects.get(code="NV-05")
    url = reverse("admin:principles_principle_change", args=[principle.pk])
    response = admin_client_user.post(url, _principle_form_data(principle, code="nv-06"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.as_data()["__all__"]
    assert [error.code for error in errors] == ["duplicate_code"]
    assert str(errors[0].message) == "Another principle in this set has this code"


def test_the_database_refuses_codes_differing_only_in_case(principle_sets):
    """The rule holds for every caller, not only admin's forms."""
    principle = Principle.objects.get(code="NV-05")
    principle.pk, principle.code, principle.order = None, "nv-05", 99
    with pytest.raises(IntegrityError), transaction.atomic():
        principle.save()


def test_two_sections_swap_positions_on_the_set_page(principle_sets, admin_client_user):
    """Sections swap places the same way as principles."""
    scotland = PrincipleSet.objects.get(slug="scotland-integration-principles")
    first, second = scotland.groups.order_by("order")[:2]

    def swap(page):
        forms = page.context["inline_admin_formsets"][0].formset.forms
        prefix = {form.instance.pk: form.prefix for form in forms}
        return {
            f"{prefix[first.pk]}-order": second.order,
            f"{prefix[second.pk]}-order": first.order,
        }

    response = _post_set_page(admin_client_user, scotland, swap)
    assert response.status_code == 302
    assert PrincipleGroup.objects.get(pk=first.pk).order == second.order
    assert PrincipleGroup.objects.get(pk=second.pk).order == first.order


def test_a_set_of_120_principles_is_saved_on_its_page(principle_sets, admin_client_user):
    """Every principle is listed inline, yet the page's fields stay under the request limit."""
    from tests.factories import PrincipleSetFactory

    big = PrincipleSetFactory(principles=120)
    response = _post_set_page(admin_client_user, big, lambda page: {"title": "A renamed set"})
    assert response.status_code == 302
    assert PrincipleSet.objects.get(pk=big.pk).title == "A renamed set"
