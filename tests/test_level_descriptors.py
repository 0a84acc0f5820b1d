"""What each level looks like for each principle: shipped for all 24, admin-editable."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from principles.models import Principle, PrincipleLevelDescriptor, RatingLevel

pytestmark = pytest.mark.django_db


def test_every_shipped_principle_describes_every_level_in_one_sentence(principle_sets):
    """24 principles, five levels each, one sentence of at most 300 characters, all
    different, and none the scale's general description."""
    principles = Principle.objects.prefetch_related("level_descriptors")
    assert principles.count() == 24
    generic = set(RatingLevel.objects.values_list("descriptor", flat=True))
    texts = []
    for principle in principles:
        levels = {d.value: d.text for d in principle.level_descriptors.all()}
        assert sorted(levels) == [1, 2, 3, 4, 5], principle.code
        for text in levels.values():
            assert len(text) <= 300 and text.endswith(".") and text.count(". ") == 0, text
            texts.append(text)
    assert len(set(texts)) == len(texts)
    assert not generic & set(texts)


def test_a_description_must_be_for_a_level_on_the_sets_scale(principle_sets):
    """Level 6 is not on the 1 to 5 scale, so admin refuses it with a code."""
    descriptor = PrincipleLevelDescriptor(
        principle=Principle.objects.get(code="NV-01"), value=6, text="Beyond the scale."
    )
    with pytest.raises(ValidationError) as error:
        descriptor.full_clean()
    assert error.value.error_dict["value"][0].code == "level_not_on_scale"


def test_admin_edits_descriptions_on_the_principles_page(admin_client_user, principle_sets):
    """The principle's admin page has an inline row per level."""
    principle = Principle.objects.get(code="SC-10")
    response = admin_client_user.get(
        reverse("admin:principles_principle_change", args=[principle.pk])
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "level_descriptors-TOTAL_FORMS" in content
    assert principle.level_descriptors.get(value=5).text in content


def test_migration_adds_shipped_descriptions_only_where_missing(principle_sets):
    """For sets loaded before descriptions existed: adds the missing ones, keeps edits."""
    edited = PrincipleLevelDescriptor.objects.get(principle__code="NV-02", value=3)
    edited.text = "Our own wording."
    edited.save()
    PrincipleLevelDescriptor.objects.filter(principle__code="NV-01").delete()
    migration = importlib.import_module("principles.migrations.0004_level_descriptors")
    migration.fill_descriptors(django_apps, None)
    assert PrincipleLevelDescriptor.objects.filter(principle__code="NV-01").count() == 5
    edited.refresh_from_db()
    assert edited.text == "Our own wording."
