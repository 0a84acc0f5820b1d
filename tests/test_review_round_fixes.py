"""Two defects a code review found: an admin who reorders the set never changes a
signed-off report's people's voice quotes, and deleting a principle while changing its
default weight on the set's admin page saves rather than failing."""

import re

import pytest

from assessments.models import Assessment
from partnerships.models import Role
from principles.models import Principle, PrincipleSet
from reporting.documents import assessment_report_html
from tests import builders
from tests.test_frozen_order import swap
from tests.test_principle_admin import _post_set_page, _principle_prefix
from tests.voice_builders import open_round, respond
from voice import services as voice

pytestmark = pytest.mark.django_db


def _report(assessment) -> str:
    return assessment_report_html(
        Assessment.objects.select_related(
            "service__partnership", "principle_set", "rating_scale"
        ).get(pk=assessment.pk)
    )


def test_a_reorder_after_sign_off_leaves_the_quotes_in_their_order(draft, people):
    """Quotes on NV-01 then NV-02 stay in that order, and the report stays the same."""
    lead = people[Role.LEAD]
    feedback_round = open_round(user=lead, assessment=draft)
    for n in range(6):
        response = respond(
            feedback_round=feedback_round,
            comments={"NV-01": f"First quote {n}", "NV-02": f"Second quote {n}"},
        )
        if n == 0:
            for answer in response.answers.exclude(comment=""):
                voice.feedback_answer_mark_quotable(user=lead, answer_id=answer.pk, quotable=True)
    builders.complete(user=lead, assessment=draft)
    builders.submit(user=lead, assessment=draft)
    signed = builders.sign_off(user=people[Role.APPROVER], assessment=draft)
    before = _report(signed)
    assert re.findall(r"(First|Second) quote 0", before) == ["First", "Second"]
    swap("NV-01", "NV-02")
    assert _report(signed) == before


def test_deleting_a_principle_while_changing_its_default_weight_saves(
    principle_sets, admin_client_user
):
    """The deleted principle moves no draft's weight: the page saves (no server error)."""
    national_voices = PrincipleSet.objects.get(slug="national-voices")
    assert not Principle.objects.get(code="NV-05").ratings.exists()
    response = _post_set_page(
        admin_client_user,
        national_voices,
        lambda page: {
            f"{_principle_prefix(page, 'NV-05')}-default_weight": "3",
            f"{_principle_prefix(page, 'NV-05')}-DELETE": "on",
        },
    )
    assert response.status_code == 302
    assert not Principle.objects.filter(code="NV-05").exists()
