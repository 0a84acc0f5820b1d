"""A principle set that names no rating scale is rated on the default one: admin never leaves
such a set without it, and starting an assessment with none is refused, not an error."""

import pytest
from django.urls import reverse

from assessments.errors import RefusedError
from assessments.models import Assessment
from partnerships.models import Role
from principles.models import PrincipleSet, RatingScale
from tests.builders import start
from tests.factories import RatingScaleFactory
from tests.test_signed_off_is_final import admin_post_data

pytestmark = pytest.mark.django_db


def _save_page(client, name: str, pk: int, **changes):
    url = reverse(f"admin:{name}_change", args=[pk])
    return client.post(url, admin_post_data(client.get(url), **changes))


def _field_errors(response, field: str) -> list[str]:
    assert response.status_code == 200  # the page again, not a redirect after saving
    return response.context["adminform"].form.errors[field]


def test_unticking_the_default_that_sets_use_is_refused(principle_sets, admin_client_user):
    """Both shipped sets name no scale, so the default cannot be unticked: it says which."""
    default = RatingScale.objects.default()

    response = _save_page(admin_client_user, "principles_ratingscale", default.pk, is_default=False)

    assert _field_errors(response, "is_default") == [
        "Choose a rating scale for “Integration planning and delivery principles” and "
        "“Principles for integrated care” first, then untick this: a principle set that names "
        "no rating scale uses the default"
    ]
    assert RatingScale.objects.get(pk=default.pk).is_default


def test_the_default_can_be_unticked_once_every_set_names_a_scale(
    principle_sets, admin_client_user
):
    """With no set relying on it, unticking the default is saved."""
    default = RatingScale.objects.default()
    PrincipleSet.objects.update(rating_scale=default)

    response = _save_page(admin_client_user, "principles_ratingscale", default.pk, is_default=False)

    assert response.status_code == 302
    assert not RatingScale.objects.filter(is_default=True).exists()


def test_a_set_with_no_scale_is_refused_when_there_is_no_default(principle_sets, admin_client_user):
    """A set left to the default scale when none is the default is not saved."""
    national_voices = PrincipleSet.objects.get(slug="national-voices")
    national_voices.rating_scale = RatingScaleFactory(levels=[1, 2, 3])
    national_voices.save()
    RatingScale.objects.update(is_default=False)

    response = _save_page(
        admin_client_user, "principles_principleset", national_voices.pk, rating_scale=""
    )

    assert _field_errors(response, "rating_scale") == [
        "Choose a rating scale: no scale is the default, so there is none to use"
    ]
    national_voices.refresh_from_db()
    assert national_voices.rating_scale is not None


def test_deleting_the_default_scale_names_the_sets_that_use_it(principle_sets, admin_client_user):
    """The delete page lists the sets that rely on the default, and deleting is refused."""
    default = RatingScale.objects.default()
    url = reverse("admin:principles_ratingscale_delete", args=[default.pk])

    page = admin_client_user.get(url).content.decode()
    admin_client_user.post(url, {"post": "yes"})

    assert "would require deleting the following protected related objects" in page
    assert "it names no rating scale, so it uses the default" in page
    assert "have permission to delete" not in page
    assert RatingScale.objects.filter(pk=default.pk).exists()


def test_starting_with_no_scale_to_use_is_refused_with_a_code(service, people):
    """No scale named and none the default: a refusal saying so, and nothing is started."""
    RatingScale.objects.update(is_default=False)

    with pytest.raises(RefusedError) as refused:
        start(user=people["lead"], service=service)

    assert refused.value.code == "no_rating_scale"
    assert not Assessment.objects.exists()


def test_the_start_page_says_why_when_there_is_no_scale(as_role, service):
    """Posting the start form then shows the refusal on the form, not a server error."""
    RatingScale.objects.update(is_default=False)

    response = as_role(Role.LEAD).post(
        reverse("assessments:start"),
        {
            "service": service.pk,
            "principle_set": service.partnership.default_principle_set_id,
            "period": "2026/27",
            "title": "Discharge 2026/27",
        },
    )

    assert response.status_code == 200
    assert "These principles cannot be rated yet because they have no rating scale" in (
        response.content.decode()
    )
    assert not Assessment.objects.exists()
