"""One definition of a completed principle: Rating.is_complete and Rating.complete_q agree."""

import importlib

import pytest
from django.apps import apps
from django.db.models import Count
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.models import Assessment, Rating
from assessments.selectors import dashboard_assessments, ratings_for_assessment, task_list
from tests import builders

pytestmark = pytest.mark.django_db

# Text as it might be stored by anything: whitespace of every kind, and ordinary words.
texts = st.one_of(
    st.sampled_from(["", " ", "  \n\t", "\u00a0", "\u3000", "\u2028", "Evidence", " x "]),
    st.text(max_size=20),
).filter(lambda text: "\x00" not in text)  # PostgreSQL cannot store it; services refuse it

ratings = st.fixed_dictionaries(
    {
        "has_level": st.booleans(),
        "not_applicable": st.booleans(),
        "evidence": texts,
        "not_applicable_reason": texts,
        "carried_forward": st.booleans(),
    }
)


def counted_complete(assessment) -> int:
    """Completed ratings as the dashboard counts them, through the assessment."""
    return (
        Assessment.objects.filter(pk=assessment.pk)
        .annotate(n=Count("ratings", filter=Rating.complete_q("ratings__")))
        .get()
        .n
    )


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(fields=ratings)
def test_the_filter_and_the_property_agree_for_any_rating(draft, fields):
    """For any stored level, not applicable flag, texts and carried forward flag, the rating
    is complete by the property exactly when the filter finds it, directly and via its
    assessment."""
    rating = Rating.objects.filter(assessment=draft).order_by("pk").first()
    level = draft.rating_scale.levels.first() if fields.pop("has_level") else None
    # The database forbids a level on a not applicable rating, so no rating has both.
    level = None if fields["not_applicable"] else level
    Rating.objects.filter(pk=rating.pk).update(level=level, **fields)
    rating = Rating.objects.get(pk=rating.pk)

    found = Rating.objects.filter(Rating.complete_q(), pk=rating.pk).exists()
    assert found is rating.is_complete
    others = sum(
        r.is_complete for r in Rating.objects.filter(assessment=draft).exclude(pk=rating.pk)
    )
    assert counted_complete(draft) == others + rating.is_complete


def test_the_dashboard_and_the_task_list_count_the_same(draft, people):
    """Whitespace-only evidence saved by a service counts as not completed on both pages."""
    lead = people["lead"]
    builders.rate(user=lead, assessment=draft, code="NV-01", evidence="Survey of carers.")
    builders.rate(user=lead, assessment=draft, code="NV-02", evidence="   ")
    builders.rate(user=lead, assessment=draft, code="NV-03", value=None, na=True, reason=" \t")
    builders.rate(
        user=lead, assessment=draft, code="NV-04", value=None, na=True, reason="Not ours."
    )

    (shown,) = dashboard_assessments(lead)
    listed = task_list(ratings_for_assessment(draft))
    assert shown.completed_count == listed.completed == 2


def test_the_migration_strips_whitespace_only_text_stored_before(draft):
    """Evidence and reasons stored before the services stripped text are stored stripped."""
    rating = Rating.objects.filter(assessment=draft).order_by("pk").first()
    level = draft.rating_scale.levels.first()
    Rating.objects.filter(pk=rating.pk).update(
        level=level, evidence=" \n ", not_applicable_reason="  Why  "
    )
    migration = importlib.import_module("assessments.migrations.0002_period_rule_and_stripped_text")

    migration.strip_rating_text(apps, None)

    rating.refresh_from_db()
    assert (rating.evidence, rating.not_applicable_reason) == ("", "Why")
    assert not rating.is_complete
