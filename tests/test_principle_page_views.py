"""Rating one principle on its page, with the test client: the answer, evidence, not
applicable, drafts, actions and a stale save."""

import pytest
from django.urls import reverse

from assessments.models import ImprovementAction, Rating
from partnerships.models import Role
from principles.models import Principle
from tests.builders import complete
from tests.rating_posts import MANAGEMENT, level_pk, principle_url, rating_post

pytestmark = pytest.mark.django_db


# A new action as the principle page posts it, filled in.
NEW_ACTION = {
    "actions-0-description": "Fund a community connector",
    "actions-0-owner": "Voluntary sector lead",
    "actions-0-due_date_0": "31",
    "actions-0-due_date_1": "3",
    "actions-0-due_date_2": "2027",
    "actions-0-status": "agreed",
}


def test_principle_page_shows_statement_guidance_and_descriptors(as_role, draft):
    """The principle page shows the statement, prompt questions and each level's descriptor."""
    principle = Principle.objects.get(code="NV-03")
    content = as_role(Role.CONTRIBUTOR).get(principle_url(draft, "NV-03")).content.decode()
    assert principle.statement in content
    assert principle.guidance.splitlines()[0] in content
    # Each level is described in the principle's own words where it has them, else the scale's.
    own = dict(principle.level_descriptors.values_list("value", "text"))
    for level in draft.rating_scale.levels.all():
        assert own.get(level.value, level.descriptor).replace("'", "&#x27;") in content
    assert "Not applicable" in content
    assert 'data-module="govuk-character-count"' in content


def test_missing_answer_shows_error_and_keeps_what_was_typed(as_role, draft):
    """Save and continue without a rating shows the error summary and keeps the evidence."""
    rating = draft.ratings.get(principle__code="NV-01")
    response = as_role(Role.CONTRIBUTOR).post(
        principle_url(draft, "NV-01"), rating_post(rating, evidence="Our audit <b>shows</b> x")
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["answer"][0].code == "required"
    assert "govuk-error-summary" in content
    assert 'href="#id_answer_1"' in content
    assert "Our audit &lt;b&gt;shows&lt;/b&gt; x" in content
    assert "<title>Error:" in content
    assert Rating.objects.get(pk=rating.pk).evidence == ""


def test_rating_without_evidence_is_refused(as_role, draft):
    """A rating needs evidence: "Enter evidence for this rating"."""
    rating = draft.ratings.get(principle__code="NV-01")
    response = as_role(Role.CONTRIBUTOR).post(
        principle_url(draft, "NV-01"), rating_post(rating, answer=level_pk(draft, 2))
    )
    assert "Enter evidence for this rating" in response.content.decode()
    assert response.context["form"].errors.as_data()["evidence"][0].code == "required"


def test_not_applicable_needs_a_reason_and_is_saved_with_it(as_role, draft):
    """Not applicable needs a reason; with one it completes the principle without a level."""
    client = as_role(Role.CONTRIBUTOR)
    rating = draft.ratings.get(principle__code="NV-07")
    response = client.post(
        principle_url(draft, "NV-07"), rating_post(rating, answer="not-applicable")
    )
    assert response.context["form"].errors.as_data()["not_applicable_reason"][0].code == "required"

    client.post(
        principle_url(draft, "NV-07"),
        rating_post(rating, answer="not-applicable", reason="No long term conditions pathway."),
    )
    rating.refresh_from_db()
    assert rating.not_applicable and rating.level_id is None and rating.is_complete


def test_save_as_draft_keeps_incomplete_answers(as_role, draft):
    """Save as draft stores partial answers without errors and returns to the task list."""
    rating = draft.ratings.get(principle__code="NV-02")
    response = as_role(Role.CONTRIBUTOR).post(
        principle_url(draft, "NV-02"), rating_post(rating, "save_draft", evidence="Half done")
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:overview", args=[draft.pk])
    rating.refresh_from_db()
    assert rating.evidence == "Half done" and rating.status == "in_progress"


def test_save_and_continue_goes_to_the_next_unfinished_principle(as_role, draft, people):
    """After saving, the next principle not yet completed opens; the last goes to check."""
    client = as_role(Role.CONTRIBUTOR)
    rating = draft.ratings.get(principle__code="NV-01")
    response = client.post(
        principle_url(draft, "NV-01"), rating_post(rating, answer=level_pk(draft, 3), evidence="E")
    )
    assert response["Location"] == principle_url(draft, "NV-02")

    complete(user=people[Role.LEAD], assessment=draft)
    rating = draft.ratings.get(principle__code="NV-12")
    response = client.post(
        principle_url(draft, "NV-12"), rating_post(rating, answer=level_pk(draft, 5), evidence="E")
    )
    assert response["Location"] == reverse("assessments:check", args=[draft.pk])


def test_actions_are_added_changed_and_removed(as_role, draft):
    """Improvement actions are added, edited and removed from the principle page."""
    client = as_role(Role.CONTRIBUTOR)
    url = principle_url(draft, "NV-04")
    rating = draft.ratings.get(principle__code="NV-04")
    action = NEW_ACTION
    response = client.post(url, rating_post(rating, "add_action", **action))
    assert response["Location"] == url + "#new-action-saved"
    saved = ImprovementAction.objects.get(rating=rating)
    assert (saved.owner, saved.status, str(saved.due_date)) == (
        "Voluntary sector lead",
        "agreed",
        "2027-03-31",
    )

    rating.refresh_from_db()
    edit = {
        **MANAGEMENT,
        "actions-TOTAL_FORMS": "2",
        "actions-INITIAL_FORMS": "1",
        **action,
        "actions-0-id": str(saved.pk),
        "actions-0-status": "completed",
    }
    client.post(url, rating_post(rating, "save_draft", **edit))
    saved.refresh_from_db()
    assert saved.status == "completed"

    rating.refresh_from_db()
    client.post(url, rating_post(rating, "save_draft", **{**edit, "actions-0-DELETE": "on"}))
    assert not ImprovementAction.objects.filter(rating=rating).exists()


def test_half_filled_action_shows_errors_for_each_missing_part(as_role, draft):
    """An action with only a description asks for the owner and the due date."""
    rating = draft.ratings.get(principle__code="NV-04")
    response = as_role(Role.CONTRIBUTOR).post(
        principle_url(draft, "NV-04"),
        rating_post(rating, "save_draft", **{"actions-0-description": "Do something"}),
    )
    errors = response.context["formset"].forms[0].errors.as_data()
    assert errors["owner"][0].code == "required"
    assert errors["due_date"][0].code == "required"
    content = response.content.decode()
    assert "Enter who owns the action" in content
    assert 'href="#id_actions-0-due_date_0"' in content
    assert "Do something" in content


def test_a_stale_save_is_refused_showing_both_versions(client, people, draft):
    """When someone saved first, the second save is refused, shown, and loses nothing."""
    rating = draft.ratings.get(principle__code="NV-05")
    url = principle_url(draft, "NV-05")
    stale_version = rating.version

    client.force_login(people[Role.LEAD])
    client.post(url, rating_post(rating, answer=level_pk(draft, 4), evidence="Lead's evidence"))

    client.force_login(people[Role.CONTRIBUTOR])
    response = client.post(
        url,
        rating_post(rating, answer=level_pk(draft, 2), evidence="Contributor's evidence")
        | {"version": stale_version},
    )
    content = response.content.decode()
    assert response.status_code == 409
    assert "Your answers have not been saved" in content
    assert "Lead&#x27;s evidence" in content
    assert "Contributor&#x27;s evidence</textarea>" in content
    assert Rating.objects.get(pk=rating.pk).evidence == "Lead's evidence"

    # The form now carries the saved version, so saving again replaces it knowingly.
    new_version = response.context["form"].data["version"]
    client.post(
        url,
        rating_post(rating, answer=level_pk(draft, 2), evidence="Contributor's evidence")
        | {"version": new_version},
    )
    assert Rating.objects.get(pk=rating.pk).evidence == "Contributor's evidence"


def test_saving_to_add_another_action_says_so_above_the_new_actions_boxes(as_role, draft):
    """The saved note sits just above the new action's boxes, focusable, and not in a banner
    at the top of the page."""
    client = as_role(Role.CONTRIBUTOR)
    url = principle_url(draft, "NV-04")
    rating = draft.ratings.get(principle__code="NV-04")
    action = NEW_ACTION
    page = client.post(url, rating_post(rating, "add_action", **action), follow=True)
    content = page.content.decode()
    note = '<div class="govuk-inset-text" id="new-action-saved" tabindex="-1">'
    assert note in content
    assert "have been saved. You can add another action below." in content
    assert content.index(note) < content.index('name="actions-1-description"')
    assert content.index(note) > content.index('name="actions-0-description"')
    assert "govuk-notification-banner" not in content
    assert "new-action-saved" not in client.get(url).content.decode()  # said once
