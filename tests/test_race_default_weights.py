"""An admin's change to a default weight at the same moment as a start, a return or a
submission: no deadlock, no draft left on the old default without a reason, and no
submitted assessment changed by it.

Each test holds one transaction at a set point while the other runs on its own
connection (``tests.held_locks``), so the order is the same on every run.
PostgreSQL only.
"""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from assessments.default_weights import draft_weights_follow_default
from assessments.models import AssessmentState
from principles.models import Principle
from tests import builders
from tests.held_locks import Gate, InThread, Pause, locks_taken, succeeded, waits_on_a_lock
from tests.test_principle_admin import _post_set_page, _principle_prefix

pytestmark = pytest.mark.django_db(transaction=True)


@transaction.atomic
def default_changed(*, code: str, weight: int, then=None) -> int:
    """As admin saves a principle's new default: the principle, then the drafts that follow
    it, in one transaction, which waits for ``then()`` before it commits."""
    principle = Principle.objects.get(code=code)
    old_default, principle.default_weight = principle.default_weight, weight
    principle.save()
    moved = draft_weights_follow_default(
        user=None, principle_id=principle.pk, old_default=old_default
    )
    if then is not None:
        then()
    return moved


def weight_of(assessment, code="NV-01") -> tuple[int, str]:
    rating = builders.rating_for(assessment=assessment, code=code)
    return rating.weight, rating.weight_reason


def test_following_a_default_locks_only_the_drafts_and_their_ratings(postgres, draft):
    """Not the services and principles that the ratings' ordering and filters join."""
    with CaptureQueriesContext(connection) as queries:
        assert default_changed(code="NV-01", weight=8) == 1
    assert locks_taken(queries) == ['"assessments_assessment"', '"assessments_rating"']


def test_a_default_change_while_a_start_of_the_service_is_under_way(
    postgres, monkeypatch, draft, service, lead
):
    """The start holds its service's lock when the change comes: neither fails on a
    deadlock, and the new draft and the one before both use the new default."""
    held = Pause(monkeypatch, "assessments.services.rating_scale_for_set")
    starting = InThread(lambda: builders.start(user=lead, service=service, period="2027/28"))
    try:
        assert held.reached.wait(timeout=30)
        changing = InThread(lambda: default_changed(code="NV-01", weight=8))
        waits_on_a_lock(changing)
    finally:
        held.go.set()
    assert succeeded(changing.outcome()) == 1
    started = succeeded(starting.outcome())
    assert weight_of(draft) == (8, "")
    assert weight_of(started) == (8, "")


def test_a_start_waits_for_a_default_change_under_way_and_uses_the_new_default(
    postgres, service, lead
):
    """The admin's change is saved but not committed when the start reads the defaults: the
    start waits for it, rather than keep the old default with no reason."""
    gate = Gate()
    changing = InThread(lambda: default_changed(code="NV-01", weight=8, then=gate.stop))
    try:
        assert gate.reached.wait(timeout=30)
        starting = InThread(lambda: builders.start(user=lead, service=service))
        waits_on_a_lock(starting)
    finally:
        gate.go.set()
    succeeded(changing.outcome())
    started = succeeded(starting.outcome())
    assert weight_of(started) == (8, "")


def test_a_return_waits_for_a_default_change_under_way_and_takes_the_new_default(
    postgres, submitted, people
):
    """Returned while the admin's change is not yet committed: the draft takes the new
    default, and its weights page then saves unchanged without asking for a reason."""
    gate = Gate()
    changing = InThread(lambda: default_changed(code="NV-01", weight=8, then=gate.stop))
    try:
        assert gate.reached.wait(timeout=30)
        returning = InThread(
            lambda: builders.return_(user=people["approver"], assessment=submitted)
        )
        waits_on_a_lock(returning)
    finally:
        gate.go.set()
    succeeded(changing.outcome())
    succeeded(returning.outcome())
    assert weight_of(submitted) == (8, "")
    ratings = builders.reload(assessment=submitted).ratings.all()
    builders.set_weights(
        user=people["lead"],
        assessment=submitted,
        weights={r.pk: (r.weight, r.weight_reason) for r in ratings},
    )


def test_a_default_change_waiting_on_a_submission_leaves_the_submitted_assessment_alone(
    postgres, monkeypatch, draft, lead
):
    """The change waits for a submission under way to commit: it then neither re-weights
    the submitted assessment nor moves its version on, nor counts it as a draft changed."""
    builders.complete(user=lead, assessment=draft)
    held = Pause(monkeypatch, "assessments.follow_up.targets_freeze")
    submitting = InThread(lambda: builders.submit(user=lead, assessment=draft))
    try:
        assert held.reached.wait(timeout=30)
        changing = InThread(lambda: default_changed(code="NV-01", weight=8))
        waits_on_a_lock(changing)
    finally:
        held.go.set()
    submitted = succeeded(submitting.outcome())
    assert succeeded(changing.outcome()) == 0
    saved = builders.reload(assessment=draft)
    assert (saved.state, saved.version) == (AssessmentState.SUBMITTED, submitted.version)
    assert saved.history.first().history_user == lead
    rating = builders.rating_for(assessment=draft, code="NV-01")
    assert (rating.weight, rating.frozen_default_weight) == (1, 1)


def test_the_set_page_locks_its_principles_in_position_order_before_writing_any(
    postgres, draft, admin_client_user
):
    """Two principles swapped and a default changed on the set page: the whole set is
    locked first, in the order a start or a return locks it, so they cannot deadlock."""
    national_voices = draft.principle_set
    first, second = (Principle.objects.get(code=code) for code in ("NV-01", "NV-02"))

    def change(page):
        return {
            f"{_principle_prefix(page, 'NV-01')}-order": second.order,
            f"{_principle_prefix(page, 'NV-02')}-order": first.order,
            f"{_principle_prefix(page, 'NV-02')}-default_weight": 9,
        }

    with CaptureQueriesContext(connection) as queries:
        response = _post_set_page(admin_client_user, national_voices, change)
    assert response.status_code == 302
    touching = [
        q["sql"]
        for q in queries
        if 'FOR NO KEY UPDATE OF "principles_principle"' in q["sql"]
        or q["sql"].startswith('UPDATE "principles_principle"')
    ]
    assert (
        touching[0].startswith("SELECT")
        and 'ORDER BY "principles_principle"."order"' in (touching[0])
    )
    assert any(sql.startswith("UPDATE") for sql in touching[1:])
    assert weight_of(draft, "NV-02") == (9, "")
