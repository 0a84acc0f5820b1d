"""A previous signed-off assessment on another scale is named as not compared, never as
missing: "No earlier signed-off assessment" would tell a board there was none."""

import pytest
from django.urls import reverse

from assessments import read_model
from assessments.figure_selectors import figures_for
from assessments.models import Assessment
from partnerships.models import Role
from principles.models import PrincipleSet, RatingLevel, RatingScale
from reporting.board_pack import build_board_pack
from reporting.documents import assessment_report_html, board_pack_html
from tests.test_read_model import signed

pytestmark = pytest.mark.django_db

NOT_COMPARED = "Not compared: 2025/26 was rated on a different scale"


@pytest.fixture
def on_a_new_scale(service, people):
    """2025/26 signed off on the 5-level scale; 2026/27 signed off after a sixth level."""
    lead, approver = people[Role.LEAD], people[Role.APPROVER]
    signed(service=service, lead=lead, approver=approver, period="2025/26", value=2)
    RatingLevel.objects.create(
        scale=RatingScale.objects.default(), value=6, label="Leading", descriptor="Leading."
    )
    current = signed(service=service, lead=lead, approver=approver, period="2026/27", value=4)
    return Assessment.objects.get(pk=current.pk)


def test_both_read_models_name_the_assessment_not_compared(on_a_new_scale):
    """The report's and the board pack's reads keep the earlier one aside, uncompared."""
    scored = read_model.score_assessments([on_a_new_scale])[on_a_new_scale.pk]
    among = Assessment.objects.filter(service=on_a_new_scale.service)
    figures = figures_for([on_a_new_scale], among=among)[on_a_new_scale.pk]
    for found in (scored, figures):
        assert found.previous is None
        assert found.not_compared.period == "2025/26"


def test_every_surface_says_not_compared_rather_than_none(client, people, on_a_new_scale):
    """Report page and PDF, board pack page and PDF: "Not compared", not "No earlier"."""
    client.force_login(people[Role.LEAD])
    pack = build_board_pack(
        on_a_new_scale.service.partnership, PrincipleSet.objects.get(slug="national-voices")
    )
    pages = {
        "report page": client.get(reverse("assessments:report", args=[on_a_new_scale.pk])).text,
        "report PDF": assessment_report_html(on_a_new_scale),
        "board pack page": client.get(
            reverse(
                "assessments:board_pack",
                args=[on_a_new_scale.service.partnership.slug, "national-voices"],
            )
        ).text,
        "board pack PDF": board_pack_html(pack),
    }
    for name, html in pages.items():
        assert NOT_COMPARED in html, name
        assert "No earlier signed-off assessment" not in html, name


def test_the_method_says_how_change_is_worked_out(on_a_new_scale):
    """The report's method says each year's score keeps its own weights and new principles."""
    html = assessment_report_html(on_a_new_scale)
    assert "each worked out with its own year's weights" in html
    assert "principles added to the set since count in this year's score only" in html
