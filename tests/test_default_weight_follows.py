"""A draft's weight that nobody chose follows its principle's default when an admin changes
it; weights chosen with a reason, and submitted or signed-off assessments, stay as they were."""

import pytest
from django.urls import reverse

from assessments.default_weights import draft_weights_follow_default
from principles.models import Principle
from principles.restore import published_text_restore
from tests import builders
from tests.test_board_conflicts import opened, tab, text, url
from tests.test_principle_admin import _post_set_page, _principle_form_data, _principle_prefix

pytestmark = pytest.mark.django_db


def weight_of(assessment, code) -> tuple[int, str]:
    rating = builders.rating_for(assessment=assessment, code=code)
    return rating.weight, rating.weight_reason


def change_default_in_admin(client, code, weight):
    principle = Principle.objects.get(code=code)
    return client.post(
        reverse("admin:principles_principle_change", args=[principle.pk]),
        _principle_form_data(principle, default_weight=weight),
        follow=True,
    )


def test_a_default_changed_in_admin_moves_drafts_that_used_it(draft, lead, admin_client_user):
    """NV-01's default goes from 1 to 3: the draft's NV-01 weight, never chosen, is now 3."""
    assert weight_of(draft, "NV-01") == (1, "")
    response = change_default_in_admin(admin_client_user, "NV-01", 3)
    assert weight_of(draft, "NV-01") == (3, "")
    assert (
        "1 draft assessment used the default weight for NV-01, so it now uses 3 instead of 1."
        in text(response)
    )
    history = builders.rating_for(assessment=draft, code="NV-01").history.first()
    assert history.weight == 3 and history.history_user.username == "site-admin"


def test_the_weights_page_saves_as_drawn_after_a_default_change(draft, lead, admin_client_user):
    """The draft's lead is not asked why a weight they never set differs from the default."""
    change_default_in_admin(admin_client_user, "NV-01", 3)
    browser = tab(lead)
    response = browser.post(url("weights", draft), opened(browser, "weights", draft))
    assert response.status_code == 302
    assert weight_of(draft, "NV-01") == (3, "")


def test_a_weights_page_opened_before_the_change_is_shown_it(draft, lead, admin_client_user):
    """A page drawn with the old default is told of the change, not saved back over it."""
    browser = tab(lead)
    page = opened(browser, "weights", draft)
    change_default_in_admin(admin_client_user, "NV-01", 3)
    response = browser.post(url("weights", draft), page)
    assert response.status_code == 409
    assert "site-admin changed this weight from 1 to 3" in text(response)
    assert weight_of(draft, "NV-01") == (3, "")


def test_a_weight_chosen_with_a_reason_stays(draft, lead, admin_client_user):
    """NV-01 set to 2 by the team, with a reason: a new default of 3 leaves it at 2."""
    nv01 = builders.rating_for(assessment=draft, code="NV-01")
    builders.set_weights(user=lead, assessment=draft, weights={nv01.pk: (2, "Carers asked")})
    version = builders.reload(assessment=draft).version
    response = change_default_in_admin(admin_client_user, "NV-01", 3)
    assert weight_of(draft, "NV-01") == (2, "Carers asked")
    assert builders.reload(assessment=draft).version == version
    assert "draft assessment" not in text(response)


def test_submitted_and_signed_off_assessments_keep_their_weights(
    signed_off, service, lead, admin_client_user
):
    """Only drafts follow: a signed-off assessment keeps the weight it was signed off with."""
    change_default_in_admin(admin_client_user, "NV-01", 3)
    assert weight_of(signed_off, "NV-01") == (1, "")
    rating = builders.rating_for(assessment=signed_off, code="NV-01")
    assert rating.default_weight == 1


def test_a_default_changed_on_the_set_page_moves_drafts_too(draft, admin_client_user):
    """The set's page, where an admin edits every principle at once, does the same."""
    national_voices = draft.principle_set
    response = _post_set_page(
        admin_client_user,
        national_voices,
        lambda page: {f"{_principle_prefix(page, 'NV-04')}-default_weight": "0"},
    )
    assert response.status_code == 302
    assert weight_of(draft, "NV-04") == (0, "")
    assert weight_of(draft, "NV-05") == (1, "")


def test_restoring_the_published_default_moves_drafts_back(draft, admin_client_user):
    """Restoring the published text puts the default, and the drafts that used it, back."""
    change_default_in_admin(admin_client_user, "NV-01", 3)
    published_text_restore(slug="national-voices", reason="Back to the published weights")
    assert Principle.objects.get(code="NV-01").default_weight == 1
    assert weight_of(draft, "NV-01") == (1, "")


def test_a_returned_assessment_takes_todays_default(submitted, lead, people, admin_client_user):
    """Submitted with NV-01 at the default 1, which is now 3: returned, it uses 3."""
    change_default_in_admin(admin_client_user, "NV-01", 3)
    change_default_in_admin(admin_client_user, "NV-02", 4)
    assert weight_of(submitted, "NV-01") == (1, "")
    builders.return_(user=people["approver"], assessment=submitted)
    assert weight_of(submitted, "NV-01") == (3, "")
    assert builders.rating_for(assessment=submitted, code="NV-01").default_weight == 3
    assert builders.rating_for(assessment=submitted, code="NV-02").weight == 4


def test_an_unchanged_default_changes_nothing(draft):
    """Called with the default as it is, no draft is touched."""
    version = builders.reload(assessment=draft).version
    nv01 = Principle.objects.get(code="NV-01")
    assert draft_weights_follow_default(user=None, principle_id=nv01.pk, old_default=1) == 0
    assert builders.reload(assessment=draft).version == version
