"""A set's or scale's slug is chosen when it is added and never changes, so the release
step still finds every shipped set and scale after admins' edits."""

import pytest
from django.urls import reverse

from principles.models import Principle, PrincipleSet, RatingScale
from principles.services import principle_fixtures_load_missing
from tests.test_principle_admin import _set_page_data

pytestmark = pytest.mark.django_db

CASES = [
    ("principles_ratingscale", RatingScale, "maturity-1-5", {"name": "Maturity (edited)"}),
    ("principles_principleset", PrincipleSet, "national-voices", {"title": "NV (edited)"}),
]


@pytest.mark.parametrize(("admin_name", "model", "slug", "edit"), CASES)
def test_the_slug_is_read_only_once_added_and_release_still_works(
    principle_sets, admin_client_user, admin_name, model, slug, edit
):
    """A new slug posted with another edit is ignored; the edit is saved, and the release
    step loads nothing again and does not fail."""
    shipped = model.objects.get(slug=slug)
    url = reverse(f"admin:{admin_name}_change", args=[shipped.pk])
    page = admin_client_user.get(url)
    assert "slug" not in page.context["adminform"].form.fields
    assert (
        "slug"
        in admin_client_user.get(reverse(f"admin:{admin_name}_add"))
        .context["adminform"]
        .form.fields
    )
    response = admin_client_user.post(url, _set_page_data(page, slug="renamed", **edit))
    assert response.status_code == 302
    saved = model.objects.get(pk=shipped.pk)
    assert saved.slug == slug
    assert all(getattr(saved, field) == value for field, value in edit.items())
    assert principle_fixtures_load_missing() == []  # what the release step loads
    assert (RatingScale.objects.count(), PrincipleSet.objects.count()) == (1, 2)
    assert Principle.objects.count() == 24
