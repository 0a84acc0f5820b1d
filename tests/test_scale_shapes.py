"""A rating scale's shape in admin: at least 2 levels, each with its own value, so that every
score, band and report has a lowest and a highest level to work from."""

import pytest
from django.urls import reverse

from assessments.errors import RefusedError
from assessments.models import Assessment
from assessments.services import assessment_start
from partnerships.models import Service
from principles.models import RatingLevel, RatingScale
from tests.factories import PrincipleSetFactory, RatingScaleFactory

pytestmark = pytest.mark.django_db

TOO_FEW = "A rating scale needs at least 2 levels"


def new_scale_data(*levels: tuple[int, str]) -> dict:
    """What the "Add rating scale" page posts with ``levels`` as (value, label) rows."""
    data = {
        "name": "Three steps",
        "slug": "three-steps",
        "description": "",
        "levels-TOTAL_FORMS": str(len(levels)),
        "levels-INITIAL_FORMS": "0",
    }
    for index, (value, label) in enumerate(levels):
        data |= {
            f"levels-{index}-value": str(value),
            f"levels-{index}-label": label,
            f"levels-{index}-descriptor": f"{label} practice.",
        }
    return data


def change_data(client, scale: RatingScale, **changes) -> tuple[str, dict]:
    """A scale's change page posted back as shown, with ``changes`` applied."""
    url = reverse("admin:principles_ratingscale_change", args=[scale.pk])
    page = client.get(url)
    data = {}
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data |= {management.add_prefix(k): v for k, v in management.initial.items()}
        forms += inline.formset.forms
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is not None and value is not False:
                data[form.add_prefix(name)] = value
    return url, {**data, **changes}


def level_errors(response) -> list:
    """The levels' errors that are not about one row: (code, message) pairs."""
    (levels,) = response.context["inline_admin_formsets"]
    return [(error.code, error.message) for error in levels.formset.non_form_errors().as_data()]


def test_a_new_scale_with_one_level_is_refused(principle_sets, admin_client_user):
    """One level has no lowest and highest to score between: refused, nothing saved."""
    response = admin_client_user.post(
        reverse("admin:principles_ratingscale_add"), new_scale_data((1, "Only"))
    )
    assert response.status_code == 200
    assert level_errors(response) == [("too_few_levels", TOO_FEW)]
    assert not RatingScale.objects.filter(slug="three-steps").exists()


def test_a_new_scale_with_no_levels_is_refused(principle_sets, admin_client_user):
    """A scale with no levels at all is refused with the same message."""
    response = admin_client_user.post(reverse("admin:principles_ratingscale_add"), new_scale_data())
    assert response.status_code == 200
    assert level_errors(response) == [("too_few_levels", TOO_FEW)]
    assert not RatingScale.objects.filter(slug="three-steps").exists()


def test_a_new_scale_with_two_levels_is_saved(principle_sets, admin_client_user):
    """Two levels are enough."""
    response = admin_client_user.post(
        reverse("admin:principles_ratingscale_add"), new_scale_data((1, "Low"), (2, "High"))
    )
    assert response.status_code == 302
    scale = RatingScale.objects.get(slug="three-steps")
    assert list(scale.levels.values_list("value", flat=True)) == [1, 2]


def test_deleting_levels_down_to_one_is_refused(principle_sets, admin_client_user):
    """An unused scale's levels can be deleted, but not so that fewer than 2 are left."""
    scale = RatingScaleFactory(levels=[1, 2])
    url, data = change_data(admin_client_user, scale, **{"levels-1-DELETE": "on"})
    response = admin_client_user.post(url, data)
    assert response.status_code == 200
    assert level_errors(response) == [("too_few_levels", TOO_FEW)]
    assert scale.levels.count() == 2


def test_deleting_one_of_three_levels_is_saved(principle_sets, admin_client_user):
    """Two levels left after a deletion are enough."""
    scale = RatingScaleFactory(levels=[1, 2, 3])
    url, data = change_data(admin_client_user, scale, **{"levels-2-DELETE": "on"})
    assert admin_client_user.post(url, data).status_code == 302
    assert list(scale.levels.values_list("value", flat=True)) == [1, 2]


def test_two_levels_with_the_same_value_are_refused(principle_sets, admin_client_user):
    """Two new levels with one value are refused (the unique value per scale), not saved."""
    response = admin_client_user.post(
        reverse("admin:principles_ratingscale_add"),
        new_scale_data((1, "Low"), (1, "Also low"), (2, "High")),
    )
    assert response.status_code == 200
    (levels,) = response.context["inline_admin_formsets"]
    assert levels.formset.non_form_errors()
    assert not RatingScale.objects.filter(slug="three-steps").exists()


def test_a_new_level_with_a_saved_levels_value_is_refused(principle_sets, admin_client_user):
    """A level added with the value of one already saved is refused on its row."""
    scale = RatingScaleFactory(levels=[1, 2])
    url, data = change_data(
        admin_client_user,
        scale,
        **{
            "levels-TOTAL_FORMS": "3",
            "levels-2-value": "2",
            "levels-2-label": "Again",
            "levels-2-descriptor": "Again.",
        },
    )
    response = admin_client_user.post(url, data)
    assert response.status_code == 200
    assert scale.levels.count() == 2


def test_a_scale_in_use_keeps_its_levels_even_if_a_deletion_is_posted(draft, admin_client_user):
    """Its levels have no delete box, and a posted one deletes nothing: the words are saved."""
    scale = draft.rating_scale
    url, data = change_data(
        admin_client_user,
        scale,
        **{"levels-0-DELETE": "on", "levels-1-DELETE": "on", "levels-2-label": "Growing well"},
    )
    assert admin_client_user.post(url, data).status_code == 302
    assert scale.levels.count() == 5
    assert scale.levels.get(value=3).label == "Growing well"


def test_a_scale_in_use_with_one_level_can_still_have_its_words_changed(draft, admin_client_user):
    """A scale that reached one level another way, and is in use, cannot gain a level in
    admin: refusing its save would only stop its words being corrected."""
    scale = draft.rating_scale
    scale.levels.exclude(value=1).delete()
    url, data = change_data(admin_client_user, scale, **{"levels-0-label": "Only level"})
    assert admin_client_user.post(url, data).status_code == 302
    assert scale.levels.get().label == "Only level"


def test_starting_an_assessment_on_a_one_level_scale_is_refused(service, people):
    """A scale with fewer than 2 levels that got there another way cannot be rated on."""
    scale = RatingScaleFactory(levels=[1])
    principle_set = PrincipleSetFactory(principles=2, rating_scale=scale)
    with pytest.raises(RefusedError) as refused:
        assessment_start(
            user=people["lead"],
            service=Service.objects.get(pk=service.pk),
            principle_set=principle_set,
            period="2026/27",
            title="One level",
        )
    assert refused.value.code == "too_few_levels"
    assert not Assessment.objects.filter(title="One level").exists()
    assert RatingLevel.objects.filter(scale=scale).count() == 1
