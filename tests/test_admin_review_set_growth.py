"""A principle added to a set in admin reaches every draft of the set, not rated yet, and
the admin is told how many; submitted and signed-off assessments are left as they were."""

import pytest
from django.urls import reverse

from assessments.errors import CONFLICT_MESSAGE, RefusedError
from assessments.models import AssessmentState
from assessments.set_growth import ADDED_REASON
from consensus.models import IndividualRating
from principles.models import Principle, PrincipleSet
from principles.restore import published_text_restore
from tests import builders
from tests import team_builders as team
from tests.test_board_conflicts import tab, text, url
from tests.test_principle_admin import _principle_form_data, _set_page_data

pytestmark = pytest.mark.django_db

NEW = {
    "code": "NV-13",
    "order": 13,
    "short_title": "Carers",
    "statement": "support the people who care for someone",
    "default_weight": 2,
}


def add_on_set_page(client, principle_set=None):
    """Open National Voices' page and post it back with a new row, NV-13."""
    principle_set = principle_set or PrincipleSet.objects.get(slug="national-voices")
    page_url = reverse("admin:principles_principleset_change", args=[principle_set.pk])
    page = client.get(page_url)
    formset = page.context["inline_admin_formsets"][1].formset
    row = formset.add_prefix(formset.total_form_count())
    group = principle_set.groups.first()
    new_row = {f"{row}-{name}": value for name, value in {**NEW, "group": group.pk}.items()}
    return client.post(
        page_url,
        _set_page_data(page, **{f"{formset.prefix}-TOTAL_FORMS": formset.total_form_count() + 1})
        | new_row,
        follow=True,
    )


def add_on_own_page(client):
    """Post the principle add page with NV-13 in National Voices."""
    nv12 = Principle.objects.get(code="NV-12")
    data = _principle_form_data(nv12, **NEW)
    return client.post(reverse("admin:principles_principle_add"), data, follow=True)


def ratings_of(assessment) -> list[str]:
    return list(
        builders.reload(assessment=assessment)
        .ratings.order_by("principle__order")
        .values_list("principle__code", flat=True)
    )


@pytest.mark.parametrize("add", [add_on_set_page, add_on_own_page])
def test_a_principle_added_in_admin_reaches_the_draft_not_rated(
    add, draft, lead, admin_client_user
):
    """NV-13 added on either page: the draft has a rating of it, as a start makes one."""
    version = builders.reload(assessment=draft).version
    response = add(admin_client_user)
    assert response.status_code == 200
    assert ratings_of(draft)[-1] == "NV-13"
    rating = builders.rating_for(assessment=draft, code="NV-13")
    assert (rating.level_id, rating.not_applicable, rating.evidence) == (None, False, "")
    assert (rating.weight, rating.weight_reason, rating.version) == (2, "", 1)
    assert not rating.carried_forward and not rating.is_complete
    assert rating.updated_by.username == "site-admin"
    created = rating.history.get()
    assert created.history_user.username == "site-admin"
    assert created.history_change_reason == ADDED_REASON
    saved = builders.reload(assessment=draft)
    assert saved.version == version + 1
    assert saved.history.first().history_user.username == "site-admin"
    assert (
        "1 draft assessment now includes NV-13. It is not rated yet, so it must be rated "
        "before the assessment can be submitted. Submitted and signed-off assessments do not "
        "include it." in text(response)
    )


def test_a_draft_cannot_be_submitted_without_rating_the_added_principle(
    draft, lead, admin_client_user
):
    """A draft complete before NV-13 was added is no longer complete."""
    builders.complete(user=lead, assessment=draft)
    add_on_set_page(admin_client_user)
    with pytest.raises(RefusedError) as refused:
        builders.submit(user=lead, assessment=draft)
    assert refused.value.code == "incomplete"
    builders.rate(user=lead, assessment=draft, code="NV-13")
    assert builders.submit(user=lead, assessment=draft).state == AssessmentState.SUBMITTED


def test_a_submission_page_opened_before_the_principle_was_added_is_refused(
    draft, lead, admin_client_user
):
    """Checked and sent with 12 principles complete, after NV-13 arrived: the page is out of
    date, and nothing is submitted."""
    builders.complete(user=lead, assessment=draft)
    browser = tab(lead)
    version = builders.reload(assessment=draft).version
    add_on_set_page(admin_client_user)
    response = browser.post(url("check", draft), {"version": version})
    assert CONFLICT_MESSAGE in response.content.decode()
    assert builders.reload(assessment=draft).state == AssessmentState.DRAFT


def test_submitted_and_signed_off_assessments_are_left_alone(
    signed_off, service, lead, admin_client_user
):
    """Only the draft gains NV-13, and the admin is told of that one draft alone."""
    submitted = builders.start(user=lead, service=service, period="2027/28")
    builders.complete(user=lead, assessment=submitted)
    builders.submit(user=lead, assessment=submitted)
    draft = builders.start(user=lead, service=service, period="2028/29")
    versions = [builders.reload(assessment=a).version for a in (signed_off, submitted)]
    response = add_on_set_page(admin_client_user)
    assert "NV-13" not in ratings_of(signed_off) and "NV-13" not in ratings_of(submitted)
    assert [builders.reload(assessment=a).version for a in (signed_off, submitted)] == versions
    assert ratings_of(draft)[-1] == "NV-13"
    assert "1 draft assessment now includes NV-13." in text(response)


def test_a_returned_assessment_gains_the_principle_added_while_it_was_submitted(
    submitted, people, admin_client_user
):
    """Returned to draft, it has NV-13 to rate, as a draft would have had."""
    add_on_own_page(admin_client_user)
    assert "NV-13" not in ratings_of(submitted)
    builders.return_(user=people["approver"], assessment=submitted)
    assert ratings_of(submitted)[-1] == "NV-13"
    rating = builders.rating_for(assessment=submitted, code="NV-13")
    assert (rating.level_id, rating.weight, rating.frozen_code) == (None, 2, "")
    assert rating.history.get().history_user == people["approver"]


def test_drafts_of_other_sets_are_left_alone(draft, service, lead, admin_client_user):
    """A Scottish draft does not gain a National Voices principle; the National one does."""
    scotland = PrincipleSet.objects.get(slug="scotland-integration-principles")
    other = builders.start(user=lead, service=service, principle_set=scotland)
    version = other.version
    add_on_set_page(admin_client_user)
    assert len(ratings_of(other)) == 12
    assert builders.reload(assessment=other).version == version
    assert ratings_of(draft)[-1] == "NV-13"


def test_each_rater_gains_an_individual_rating_and_is_no_longer_finished(
    individual, raters, people, admin_client_user
):
    """Rated individually first: every rater has NV-13 to rate, so one who had finished has
    not any more."""
    first = raters[0]
    for code in ratings_of(individual):
        team.rate_individually(user=first, assessment=individual, code=code)
    team.finish(user=first, assessment=individual)
    add_on_set_page(admin_client_user)
    for rater in raters:
        new = team.individual_rating_for(rater_user=rater, assessment=individual, code="NV-13")
        assert (new.level_id, new.rationale) == (None, "")
    assert IndividualRating.objects.filter(rating__assessment=individual).count() == 13 * 3
    finished = individual.raters.get(user=first)
    assert finished.finished_at is None
    assert finished.history.first().history_user.username == "site-admin"


def test_restoring_a_published_principle_reaches_drafts_too(principle_sets, service, lead):
    """NV-12 deleted before the draft started, then restored: the draft gains it."""
    Principle.objects.get(code="NV-12").delete()
    draft = builders.start(user=lead, service=service)
    restored = published_text_restore(slug="national-voices", reason="Put NV-12 back")
    assert "principle NV-12 (now in 1 draft assessment)" in restored.created
    assert ratings_of(draft)[-1] == "NV-12"
