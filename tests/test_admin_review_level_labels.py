"""Two levels of a rating scale cannot have one label, in any case or spacing: a draft
would offer both to choose between."""

import pytest
from django.urls import reverse

from principles.models import RatingLevel, RatingScale
from principles.models.scales import DUPLICATE_LABEL
from tests.test_principle_admin import _set_page_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("label", ["Limited", " limited ", "LIMITED"])
def test_a_label_another_level_has_is_refused(principle_sets, admin_client_user, label):
    """Level 1 renamed to level 2's label "Limited": refused beside level 1; nothing saved."""
    scale = RatingScale.objects.default()
    url = reverse("admin:principles_ratingscale_change", args=[scale.pk])
    page = admin_client_user.get(url)
    levels = page.context["inline_admin_formsets"][0].formset
    first = next(form.prefix for form in levels.forms if form.instance.value == 1)
    response = admin_client_user.post(url, _set_page_data(page, **{f"{first}-label": label}))
    assert response.status_code == 200
    errors = {
        form.instance.value: [(e.code, e.message) for e in form.errors.as_data().get("label", [])]
        for form in response.context["inline_admin_formsets"][0].formset.forms
    }
    assert [value for value, found in errors.items() if found] == [1]
    assert errors[1] == [("duplicate_label", DUPLICATE_LABEL)]
    assert RatingLevel.objects.get(scale=scale, value=1).label == "Not evident"
