"""A principle added by mistake can go again while nobody has written in any rating of it:
admin deletes it, or moves it to another set, and its drafts' untouched ratings go with it.
Anything someone wrote, and any feedback form that asks about it, keeps it."""

import pytest
from django.urls import reverse

from assessments.errors import RefusedError
from assessments.models import Rating
from assessments.set_growth import REMOVED_REASON, draft_ratings_remove
from consensus.models import IndividualRating
from principles.models import Principle, PrincipleSet
from tests import builders
from tests import team_builders as team
from tests.test_admin_in_use import form_fields
from tests.test_admin_review_set_growth import add_on_own_page, ratings_of
from tests.test_board_conflicts import text
from tests.test_principle_admin import _post_set_page, _principle_form_data, _principle_prefix
from tests.voice_builders import open_round

pytestmark = pytest.mark.django_db

PROTECTED = "would require deleting the following protected related objects"


def delete_url(principle) -> str:
    return reverse("admin:principles_principle_delete", args=[principle.pk])


def nv13() -> Principle:
    return Principle.objects.get(code="NV-13")


def test_a_principle_added_by_mistake_is_deleted_with_its_drafts_empty_ratings(
    individual, lead, client, admin_client_user
):
    """NV-13 added to a team draft, then deleted: the page says what goes in plain words, and
    the draft is back to 12 ratings, its version moved on by the admin."""
    add_on_own_page(admin_client_user)
    version = builders.reload(assessment=individual).version
    page = text(admin_client_user.get(delete_url(nv13())))
    assert PROTECTED not in page and "Cannot delete" not in page
    assert "1 draft assessment's empty rating of it" in page
    assert "3 raters' empty individual ratings of it" in page

    response = admin_client_user.post(delete_url(nv13()), {"post": "yes"})
    assert response.status_code == 302
    assert not Principle.objects.filter(code="NV-13").exists()
    assert ratings_of(individual)[-1] == "NV-12"
    assert IndividualRating.objects.filter(rating__assessment=individual).count() == 12 * 3
    saved = builders.reload(assessment=individual)
    assert saved.version == version + 1
    assert saved.history.first().history_user.username == "site-admin"
    gone = Rating.history.filter(history_type="-").get()
    assert (gone.history_user.username, gone.history_change_reason) == (
        "site-admin",
        REMOVED_REASON,
    )
    client.force_login(lead)  # the history page still reads, the principle gone
    history = client.get(reverse("assessments:history", args=[individual.pk]))
    assert history.status_code == 200
    shown = text(history)
    assert "NV-13" in shown and "was removed from the set, so this assessment no longer" in shown
    assert shown.index("was removed from the set") < shown.index("was added to the set")


def test_the_list_pages_delete_action_removes_the_empty_ratings_too(draft, admin_client_user):
    """Deleting NV-13 from the principles list goes through the same service, not an error."""
    add_on_own_page(admin_client_user)
    response = admin_client_user.post(
        reverse("admin:principles_principle_changelist"),
        {"action": "delete_selected", "_selected_action": [nv13().pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Principle.objects.filter(code="NV-13").exists()
    assert ratings_of(draft)[-1] == "NV-12"


def test_a_principle_added_by_mistake_moves_to_another_set_without_its_empty_ratings(
    draft, service, lead, admin_client_user
):
    """NV-13 moved to Scotland's set: the National Voices draft loses its empty rating, and
    the Scottish draft gains one."""
    scotland = PrincipleSet.objects.get(slug="scotland-integration-principles")
    scottish = builders.start(user=lead, service=service, principle_set=scotland)
    add_on_own_page(admin_client_user)
    assert "principle_set" in form_fields(admin_client_user, "principles_principle", nv13().pk)
    data = _principle_form_data(
        nv13(), principle_set=scotland.pk, group=scotland.groups.first().pk, order=99
    )
    url = reverse("admin:principles_principle_change", args=[nv13().pk])
    response = admin_client_user.post(url, data, follow=True)
    assert response.status_code == 200
    assert nv13().principle_set == scotland
    assert "NV-13" not in ratings_of(draft)
    assert ratings_of(scottish)[-1] == "NV-13"
    assert "1 draft assessment of its old set no longer includes NV-13" in text(response)


def added_free_to_go(client) -> None:
    """NV-13 added, and free to go until someone writes in a rating of it."""
    add_on_own_page(client)
    assert "empty rating of it" in text(client.get(delete_url(nv13())))


def write_evidence(request, lead):
    draft = request.getfixturevalue("draft")
    added_free_to_go(request.getfixturevalue("admin_client_user"))
    builders.rate(user=lead, assessment=draft, code="NV-13", value=None, evidence="Seen")
    return draft


def rate_it(request, lead):
    draft = request.getfixturevalue("draft")
    added_free_to_go(request.getfixturevalue("admin_client_user"))
    builders.rate(user=lead, assessment=draft, code="NV-13", value=2, evidence="")
    return draft


def start_privately(request, lead):
    individual = request.getfixturevalue("individual")
    added_free_to_go(request.getfixturevalue("admin_client_user"))
    rater = request.getfixturevalue("raters")[0]
    team.rate_individually(
        user=rater, assessment=individual, code="NV-13", value=None, rationale="Thinking"
    )
    return individual


@pytest.mark.parametrize("touch", [write_evidence, rate_it, start_privately])
def test_a_rating_someone_wrote_in_keeps_the_principle(touch, request, lead, admin_client_user):
    """Free to go until evidence, a level or a rater's private rationale is written: then it
    stays in its set, as a rated principle did before."""
    assessment = touch(request, lead)
    page = text(admin_client_user.get(delete_url(nv13())))
    assert PROTECTED in page and "NV-13 in " in page
    assert "have permission to delete" not in page
    admin_client_user.post(delete_url(nv13()), {"post": "yes"})
    assert ratings_of(assessment)[-1] == "NV-13"
    assert "principle_set" not in form_fields(admin_client_user, "principles_principle", nv13().pk)


def test_a_principle_a_feedback_form_asks_about_is_kept(draft, lead, admin_client_user):
    """A round opened after NV-13 was added asks people about it: deleting it would leave
    the form expecting an answer nobody can give, so the page names the round."""
    nv12 = Principle.objects.get(code="NV-12")
    admin_client_user.post(
        reverse("admin:principles_principle_add"),
        _principle_form_data(
            nv12,
            code="NV-13",
            order=13,
            short_title="Carers",
            statement="support carers",
            feedback_statement="My carer is supported",
        ),
    )
    open_round(user=lead, assessment=draft)
    page = text(admin_client_user.get(delete_url(nv13())))
    assert PROTECTED in page
    assert f"Feedback round: Feedback on {draft} (its form asks people about NV-13)" in page
    admin_client_user.post(delete_url(nv13()), {"post": "yes"})
    assert ratings_of(draft)[-1] == "NV-13"


def test_removing_is_refused_once_someone_has_written_in_a_rating(draft, lead, admin_client_user):
    """Checked again under the locks: a rating saved after the page opened keeps NV-13."""
    add_on_own_page(admin_client_user)
    builders.rate(user=lead, assessment=draft, code="NV-13", value=3)
    with pytest.raises(RefusedError) as refused:
        draft_ratings_remove(user=lead, principle_id=nv13().pk)
    assert refused.value.code == "principle_in_use"
    assert ratings_of(draft)[-1] == "NV-13"


def test_a_principle_added_by_mistake_is_deleted_on_the_sets_page(draft, admin_client_user):
    """Ticking Delete on NV-13's row saves, and the draft loses its empty rating."""
    add_on_own_page(admin_client_user)
    national_voices = PrincipleSet.objects.get(slug="national-voices")
    response = _post_set_page(
        admin_client_user,
        national_voices,
        lambda page: {f"{_principle_prefix(page, 'NV-13')}-DELETE": "on"},
    )
    assert response.status_code == 302
    assert not Principle.objects.filter(code="NV-13").exists()
    assert ratings_of(draft)[-1] == "NV-12"
