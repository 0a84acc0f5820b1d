"""A link to a signed-off principle's page still works after an admin gives the principle a
new code: it moves on to the page under the new code, which shows the code as submitted."""

import html

import pytest
from django.urls import reverse

from principles.models import Principle

pytestmark = pytest.mark.django_db


def principle_url(assessment, code) -> str:
    return reverse("assessments:principle", args=[assessment.pk, code])


def test_a_link_under_the_submitted_code_moves_on_to_the_new_one(signed_off, viewer_client):
    """NV-01 is now NV-1A: the old link redirects, and the page still reads NV-01."""
    Principle.objects.filter(code="NV-01").update(code="NV-1A")
    response = viewer_client.get(principle_url(signed_off, "NV-01"))
    assert response.status_code == 302
    assert response.url == principle_url(signed_off, "NV-1A")
    page = html.unescape(viewer_client.get(response.url).content.decode())
    assert "NV-01" in page and "NV-1A" not in page


def test_a_current_code_wins_over_a_submitted_one(signed_off, viewer_client):
    """Codes swapped after sign-off: a link opens the principle that has the code today,
    as every link the app draws does."""
    first, second = Principle.objects.get(code="NV-01"), Principle.objects.get(code="NV-02")
    Principle.objects.filter(pk=first.pk).update(code="NV-XX")
    Principle.objects.filter(pk=second.pk).update(code="NV-01")
    response = viewer_client.get(principle_url(signed_off, "NV-01"))
    assert response.status_code == 200
    assert response.context["rating"].principle_id == second.pk


def test_a_code_no_rating_had_is_not_found(signed_off, viewer_client):
    """A code that is neither a principle's today nor one submitted is "Page not found"."""
    assert viewer_client.get(principle_url(signed_off, "NV-99")).status_code == 404
