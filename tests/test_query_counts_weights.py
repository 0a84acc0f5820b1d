"""The weights pages read the database a fixed number of times, for 12 or 120 principles:
showing a page of weights, saving one, and showing a conflict with what was typed kept.

Built and counted as in ``tests/test_query_counts.py``, whose ceilings they share.
"""

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Assessment
from tests import test_query_counts
from tests.test_query_counts import _post_counts, assert_constant, counts_for, page_counts

pytestmark = pytest.mark.django_db

# The 12- and 120-principle assessments, used here as a fixture of this module.
sized = test_query_counts.sized


def test_weights_queries_do_not_grow_with_principles(client, lead, sized):
    """The weights page (a page of principles and every saved weight) makes the same number
    of queries for 12 and 120 principles, on its first page and on a later one."""
    assert_constant("weights", page_counts(client, lead, sized, "weights"))
    client.force_login(lead)
    later = {
        size: reverse("assessments:weights", args=[a.pk]) + "?page=2" for size, a in sized.items()
    }
    assert_constant("weights", counts_for(client, later))


def _weights_page_data(assessment, version: int, changed=None) -> dict:
    """What the weights page's first page sends: its principles' weights, reasons and what it
    showed, with ``changed`` weights by rating id."""
    changed = changed or {}
    data = {"version": str(version)}
    for rating in assessment.ratings.order_by("principle__order")[:12]:
        data |= {
            f"weight_{rating.pk}": str(changed.get(rating.pk, rating.weight)),
            f"reason_{rating.pk}": "Board priority" if rating.pk in changed else "",
            f"seen_weight_{rating.pk}": str(rating.weight),
            f"seen_reason_{rating.pk}": rating.weight_reason,
        }
    return data


def test_saving_a_page_of_weights_queries_do_not_grow_with_principles(client, lead, sized):
    """Saving the weights page's first page makes the same number of queries for 12 and 120
    principles."""
    client.force_login(lead)
    counts = {}
    for size, assessment in sized.items():
        url = reverse("assessments:weights", args=[assessment.pk])
        first = assessment.ratings.get(principle__order=1)
        for weight in (2, 3):  # a warm-up, then a save that changes the weight again
            assessment.refresh_from_db()
            data = _weights_page_data(assessment, assessment.version, {first.pk: weight})
            with CaptureQueriesContext(connection) as ctx:
                response = client.post(url, data)
            assert response.status_code == 302, response.content.decode()[:2000]
        first.refresh_from_db()
        assert first.weight == 3
        counts[size] = len(ctx)
    assert_constant("weights_save", counts)


def test_a_weights_conflict_queries_do_not_grow_with_principles(client, lead, sized):
    """The weights page after a conflict, with the other person's changes beside each
    weight, makes the same number of queries for 12 and 120 principles."""
    client.force_login(lead)
    posts = {}
    for size, assessment in sized.items():
        data = _weights_page_data(assessment, assessment.version)
        # Someone else saved since the page was opened: the saved version moved on.
        Assessment.objects.filter(pk=assessment.pk).update(version=F("version") + 1)
        for name in [name for name in data if name.startswith("seen_weight_")]:
            data[name] = str(int(data[name]) + 1)  # someone else changed every weight shown
        posts[size] = (reverse("assessments:weights", args=[assessment.pk]), data)
    assert_constant("weights_conflict", _post_counts(client, posts, 409))


def test_weights_after_submission_queries_do_not_grow_with_principles(client, lead, sized):
    """Submitted meanwhile: the page saying the weights were not saved, with the changed
    ones listed, and the page opened afterwards, make the same number of queries for 12 and
    120 principles."""
    from django.utils import timezone

    client.force_login(lead)
    posts = {}
    for size, assessment in sized.items():
        first = assessment.ratings.get(principle__order=1)
        data = _weights_page_data(assessment, assessment.version, {first.pk: 7})
        posts[size] = (reverse("assessments:weights", args=[assessment.pk]), data)
        # Submitted directly: the draft is not complete, and only the state matters here.
        Assessment.objects.filter(pk=assessment.pk).update(
            state="submitted", submitted_by=lead, submitted_at=timezone.now()
        )
    assert_constant("weights_not_saved", _post_counts(client, posts, 409))
    assert_constant("weights_not_now", page_counts(client, lead, sized, "weights"))
