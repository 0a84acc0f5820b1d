"""Saving the weights, targets or the board's page exactly as drawn changes nothing: the
version stays, so nobody else's open page goes stale, and no history is written."""

import pytest

from assessments.models import Rating
from tests import builders
from tests.test_board_conflicts import opened, tab, url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page", ["weights", "targets", "board_summary"])
def test_a_page_saved_as_drawn_leaves_the_version(draft, lead, page):
    """The save is accepted, and the version and the ratings' history are as they were."""
    builders.complete(user=lead, assessment=draft)
    browser = tab(lead)
    version = builders.reload(assessment=draft).version
    history = Rating.history.filter(assessment=draft).count()
    response = browser.post(url(page, draft), opened(browser, page, draft))
    assert response.status_code == 302
    assert builders.reload(assessment=draft).version == version
    assert Rating.history.filter(assessment=draft).count() == history


def test_a_changed_weight_still_moves_the_version_on(draft, lead):
    """A real change is saved and moves the version on, as before."""
    browser = tab(lead)
    version = builders.reload(assessment=draft).version
    nv03 = builders.rating_for(assessment=draft, code="NV-03")
    data = opened(browser, "weights", draft) | {
        f"weight_{nv03.pk}": "3",
        f"reason_{nv03.pk}": "Carers asked",
    }
    assert browser.post(url("weights", draft), data).status_code == 302
    assert builders.reload(assessment=draft).version == version + 1
