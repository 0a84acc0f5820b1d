"""Set-specific wording comes from data: the main purpose and section headings read the same
on every page and in the PDFs."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from partnerships.models import Role
from principles.models import PrincipleGroup, PrincipleSet
from reporting.board_pack import build_board_pack
from reporting.documents import assessment_report_html, board_pack_html
from tests import builders

pytestmark = pytest.mark.django_db

SCOTLAND = "scotland-integration-principles"
NOTE = "The main purpose is not scored."


@pytest.fixture
def scotland(principle_sets):
    return PrincipleSet.objects.get(slug=SCOTLAND)


@pytest.fixture
def scottish_draft(service, people, scotland):
    return builders.start(user=people[Role.LEAD], service=service, principle_set=scotland)


def test_the_main_purpose_reads_the_same_everywhere(client, people, scotland, scottish_draft):
    """The set page, a principle page, the report and its PDF show one wording, with the note."""
    client.force_login(people[Role.LEAD])
    shown = escape(f"{scotland.main_purpose} {NOTE}")
    pages = {
        "set": client.get(reverse("principles:detail", args=[SCOTLAND])),
        "principle": client.get(
            reverse("assessments:principle", args=[scottish_draft.pk, "SC-01"])
        ),
        "report": client.get(reverse("assessments:report", args=[scottish_draft.pk])),
    }
    texts = {name: response.content.decode() for name, response in pages.items()}
    texts["pdf"] = assessment_report_html(scottish_draft)
    for name, text in texts.items():
        assert text.count(shown) == 1, name
        assert "services exist" not in text and "Main purpose:" not in text, name


def test_a_set_without_a_main_purpose_shows_no_note(client, people, draft):
    """National Voices has no main purpose, so no page mentions one."""
    client.force_login(people[Role.LEAD])
    response = client.get(reverse("assessments:principle", args=[draft.pk, "NV-01"]))
    assert NOTE not in response.content.decode()
    assert NOTE not in assessment_report_html(draft)


def test_board_pack_pdf_sections_use_the_headings_as_data(service, people, scotland):
    """Sections end in "…" only where the heading is a sentence stem, as the data says."""
    PrincipleGroup.objects.filter(principle_set=scotland, code="must-be").update(
        title_is_stem=False
    )
    lead = people[Role.LEAD]
    assessment = builders.start(user=lead, service=service, principle_set=scotland)
    builders.complete(user=lead, assessment=assessment)
    builders.submit(user=lead, assessment=assessment)
    builders.sign_off(user=people[Role.APPROVER], assessment=assessment)

    html = board_pack_html(build_board_pack(service.partnership, scotland))
    sections = re.search(r'<strong class="term">Sections</strong> (.*?)</li>', html).group(1)
    assert "Services will be provided in a way which… Growing (50%)" in sections
    assert "Services must be Growing (50%)" in sections
    assert "Services must take account of… Growing (50%)" in sections
    assert "……" not in html
