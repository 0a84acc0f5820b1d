"""A principle added to a set at the same moment as a return or a submission of one of
its assessments: no deadlock, and no draft left without a rating of it.

As the other ``test_race_*`` modules: one transaction is held at a set point while the
other runs on its own connection (``tests.held_locks``). PostgreSQL only.
"""

import pytest
from django.db import transaction

from assessments.models import AssessmentState
from assessments.set_growth import draft_ratings_add
from principles.models import Principle
from tests import builders
from tests.held_locks import Gate, InThread, Pause, succeeded, waits_on_a_lock

pytestmark = pytest.mark.django_db(transaction=True)


@transaction.atomic
def principle_added(*, then=None) -> int:
    """As admin adds NV-13: the principle, then the drafts that gain it, in one transaction,
    which waits for ``then()`` before it commits."""
    nv12 = Principle.objects.get(code="NV-12")
    new = Principle.objects.create(
        principle_set=nv12.principle_set,
        group=nv12.group,
        code="NV-13",
        order=13,
        short_title="Carers",
        statement="support the people who care for someone",
    )
    added = draft_ratings_add(user=None, principle_id=new.pk)
    if then is not None:
        then()
    return added


def codes_of(assessment) -> list[str]:
    return list(
        assessment.ratings.order_by("principle__order").values_list("principle__code", flat=True)
    )


def test_a_return_waits_for_a_principle_added_under_way_and_gains_it(postgres, submitted, people):
    """The addition skips the assessment, still submitted; the return waits for it to
    commit and then gives the returned draft its rating of NV-13."""
    gate = Gate()
    adding = InThread(lambda: principle_added(then=gate.stop))
    try:
        assert gate.reached.wait(timeout=30)
        returning = InThread(
            lambda: builders.return_(user=people["approver"], assessment=submitted)
        )
        waits_on_a_lock(returning)
    finally:
        gate.go.set()
    assert succeeded(adding.outcome()) == 0
    succeeded(returning.outcome())
    assert codes_of(submitted)[-1] == "NV-13"


def test_a_principle_added_during_a_return_reaches_the_returned_draft(
    postgres, monkeypatch, submitted, people
):
    """The return holds the set's principles when the addition comes: the addition waits,
    then finds a draft, and gives it its rating of NV-13."""
    held = Pause(monkeypatch, "assessments.review_services.returned_weights_follow_default")
    returning = InThread(lambda: builders.return_(user=people["approver"], assessment=submitted))
    try:
        assert held.reached.wait(timeout=30)
        adding = InThread(principle_added)
        waits_on_a_lock(adding)
    finally:
        held.go.set()
    succeeded(returning.outcome())
    assert succeeded(adding.outcome()) == 1
    assert codes_of(submitted)[-1] == "NV-13"


def test_a_principle_added_during_a_submission_leaves_it_alone(
    postgres, monkeypatch, draft, service, lead
):
    """The addition waits for the submission under way, then leaves the submitted
    assessment as it was submitted, and gives the service's other draft NV-13."""
    other = builders.start(user=lead, service=service, period="2027/28")
    builders.complete(user=lead, assessment=draft)
    held = Pause(monkeypatch, "assessments.follow_up.targets_freeze")
    submitting = InThread(lambda: builders.submit(user=lead, assessment=draft))
    try:
        assert held.reached.wait(timeout=30)
        adding = InThread(principle_added)
        assert waits_on_a_lock(adding)
    finally:
        held.go.set()
    submitted = succeeded(submitting.outcome())
    assert succeeded(adding.outcome()) == 1
    saved = builders.reload(assessment=draft)
    assert (saved.state, saved.version) == (AssessmentState.SUBMITTED, submitted.version)
    assert "NV-13" not in codes_of(draft)
    assert codes_of(other)[-1] == "NV-13"
