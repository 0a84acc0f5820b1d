"""Deleting an assessment in admin: only an empty draft goes, and the page says so plainly.

A draft someone has written in, shared or privately, and a submitted or signed-off
assessment, get the delete page listing what keeps them and why, never the app's "You
cannot do this" (which blames a role) nor Django's missing permission to delete ratings or
raters (which admin shows but never deletes). The ratings list reads its related rows in a
fixed number of queries.
"""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Assessment, Rating
from consensus.models import IndividualRating, Rater
from partnerships.models import Role
from tests import builders
from tests import team_builders as team

pytestmark = pytest.mark.django_db

RULE = "Only an empty draft can be deleted"


def delete_page(client, assessment) -> str:
    response = client.get(reverse("admin:assessments_assessment_delete", args=[assessment.pk]))
    assert response.status_code == 200
    return html.unescape(re.sub(r"<[^>]+>", "", response.content.decode()))


def post_delete(client, assessment):
    url = reverse("admin:assessments_assessment_delete", args=[assessment.pk])
    return client.post(url, {"post": "yes"})


def assert_refused_plainly(page: str) -> None:
    assert RULE in page
    assert "would require deleting the following protected related objects" in page
    assert "have permission to delete" not in page
    assert "Your role in this partnership does not allow" not in page


def test_a_draft_with_answers_is_kept_with_the_rule_and_what_would_be_lost(
    admin_client_user, draft, people
):
    """The page states the rule and lists the rated principle; posting deletes nothing."""
    builders.rate(user=people[Role.LEAD], assessment=draft, code="NV-03", value=3, evidence="")
    page = delete_page(admin_client_user, draft)
    assert_refused_plainly(page)
    assert "Someone has rated or written in this draft" in page
    assert "Rating: NV-03 in " in page and "(rated, written in, re-weighted" in page
    assert "NV-04 in " not in page  # empty ratings keep nothing

    assert post_delete(admin_client_user, draft).status_code == 200
    assert Assessment.objects.filter(pk=draft.pk).exists() and draft.ratings.count() == 12


def test_a_private_individual_rating_keeps_a_team_draft(admin_client_user, individual, raters):
    """Raters' work counts though nobody has seen it: the rater who started is listed with
    how many ratings they started, not a missing permission."""
    team.rate_individually(user=raters[0], assessment=individual, code="NV-01", value=2)
    page = delete_page(admin_client_user, individual)
    assert_refused_plainly(page)
    assert f"Rater: {raters[0]} rating {individual} (1 individual rating started)" in page
    assert str(raters[1]) not in page  # nothing started

    post_delete(admin_client_user, individual)
    assert Assessment.objects.filter(pk=individual.pk).exists()
    assert IndividualRating.objects.exclude(level=None).count() == 1


def test_a_team_draft_nobody_has_rated_is_deleted_with_its_raters(admin_client_user, individual):
    """Raters chosen by mistake, with nothing rated, go with the draft."""
    assert "have permission to delete" not in delete_page(admin_client_user, individual)
    assert post_delete(admin_client_user, individual).status_code == 302
    assert not Assessment.objects.filter(pk=individual.pk).exists()
    assert not Rater.objects.exists() and not IndividualRating.objects.exists()


@pytest.mark.parametrize(
    ("signed", "said"),
    [(False, "has been submitted for sign-off"), (True, "has been signed off")],
)
def test_a_submitted_or_signed_off_assessment_says_it_is_no_draft(
    admin_client_user, submitted, people, signed, said
):
    """The page names the state instead of a role or a permission; nothing is deleted."""
    assessment = (
        builders.sign_off(user=people[Role.APPROVER], assessment=submitted) if signed else submitted
    )
    page = delete_page(admin_client_user, assessment)
    assert_refused_plainly(page)
    assert f"{RULE}. This assessment {said}." in page
    post_delete(admin_client_user, assessment)
    assert Assessment.objects.filter(pk=assessment.pk).exists()


def list_queries(client) -> int:
    """The queries of a second GET of the ratings list (the first fills caches)."""
    url = reverse("admin:assessments_rating_changelist")
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_ratings_list_queries_do_not_grow_with_its_rows(admin_client_user, draft, people):
    """A page of 12 rated principles and a page of 36 take as many queries."""
    builders.complete(user=people[Role.LEAD], assessment=draft)
    few = list_queries(admin_client_user)
    for period in ("2027/28", "2028/29"):
        more = builders.start(user=people[Role.LEAD], service=draft.service, period=period)
        builders.complete(user=people[Role.LEAD], assessment=more)
    assert Rating.objects.exclude(level=None).count() == 36
    assert list_queries(admin_client_user) == few
