"""Principles keep the order they were submitted in: an admin who reorders the set later
moves a draft's principles, never a submitted or signed-off assessment's report, PDF,
spreadsheet, scores or task list."""

import csv
import io

import pytest
from django.urls import reverse

from assessments import selectors
from assessments.models import Assessment
from assessments.read_model import display_ratings
from assessments.score_rows import rating_rows
from principles.models import Principle
from principles.services import positions_vacate
from reporting.documents import assessment_report_html

pytestmark = pytest.mark.django_db


def swap(first_code: str, second_code: str) -> None:
    """As an admin's one save on the set's page does: each principle takes the other's place."""
    first, second = Principle.objects.get(code=first_code), Principle.objects.get(code=second_code)
    positions_vacate(model=Principle, ids=[first.pk, second.pk])
    Principle.objects.filter(pk=first.pk).update(order=second.order)
    Principle.objects.filter(pk=second.pk).update(order=first.order)


def codes(ratings) -> list[str]:
    return [rating.code for rating in ratings]


def loaded(assessment) -> Assessment:
    return Assessment.objects.select_related(
        "service__partnership", "principle_set", "rating_scale"
    ).get(pk=assessment.pk)


def test_a_signed_off_assessment_keeps_its_order(signed_off):
    """NV-01 and NV-02 swapped after sign-off: every read still lists NV-01 first."""
    swap("NV-01", "NV-02")
    assert codes(display_ratings(signed_off.ratings.all()))[:2] == ["NV-01", "NV-02"]
    assert [row.code for row in rating_rows([signed_off.pk])[signed_off.pk]][:2] == [
        "NV-01",
        "NV-02",
    ]
    assert codes(signed_off.ratings.select_related("principle"))[:2] == ["NV-01", "NV-02"]
    weights = selectors.ratings_for_weights(signed_off)
    assert [r.code for r in weights][:2] == ["NV-01", "NV-02"]


def test_a_draft_follows_the_sets_new_order(draft):
    """A draft shows the set as it is now: NV-02 first once it is."""
    swap("NV-01", "NV-02")
    assert codes(display_ratings(draft.ratings.all()))[:2] == ["NV-02", "NV-01"]


def test_the_signed_off_report_pdf_and_spreadsheet_keep_their_order(
    signed_off, viewer_client
):
    """The PDF's text is the same before and after the swap, and so are the CSV's rows."""
    before = assessment_report_html(loaded(signed_off))
    swap("NV-01", "NV-02")
    assert assessment_report_html(loaded(signed_off)) == before
    response = viewer_client.get(reverse("assessments:export", args=[signed_off.pk, "csv"]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["Principle code"] for row in rows][:3] == ["NV-01", "NV-02", "NV-03"]


def test_the_task_list_keeps_the_submitted_order(signed_off, viewer_client):
    """The signed-off assessment's list of principles still has NV-01 above NV-02."""
    swap("NV-01", "NV-02")
    page = viewer_client.get(reverse("assessments:overview", args=[signed_off.pk])).content
    assert page.decode().index("NV-01") < page.decode().index("NV-02")
