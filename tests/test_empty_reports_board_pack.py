"""A board pack with nothing to show says why in one sentence, on the page and in a short PDF,
and leaves out the tables, key, choices and method that would have nothing in them."""

import pytest

from partnerships.models import Role
from principles.models import PrincipleSet
from reporting.board_pack import build_board_pack
from reporting.documents import board_pack_html
from reporting.pdf import html_to_pdf
from tests.board_pack_data import NV, pack_url
from tests.builders import complete, rate, set_targets, sign_off, start, submit
from tests.factories import ServiceFactory
from tests.pdftext import pdf_pages

pytestmark = pytest.mark.django_db

NOTHING_SIGNED = (
    "No service has a signed-off assessment against National Voices yet. "
    "Each one appears here when its board signs it off."
)
NO_SERVICES = "Riverside Health and Wellbeing Board has no services yet."
# What an empty pack used to show: sections with nothing in them, and a key it did not have.
EMPTY_PARTS = (
    "Headline scores",
    "<table",
    "How the scores are worked out",
    "The key to the scores by principle",
    "Scores by principle",
)


def _text(content: bytes) -> str:
    return " ".join(content.decode().split())


@pytest.fixture
def two_services(partnership):
    return [ServiceFactory(partnership=partnership, name=name) for name in ("Alpha", "Beta")]


def _pdf(partnership) -> list[str]:
    pack = build_board_pack(partnership, PrincipleSet.objects.get(slug=NV))
    return pdf_pages(html_to_pdf(board_pack_html(pack)))


def test_page_with_nothing_signed_off_or_started_says_so_and_offers_no_choice(
    viewer_client, partnership, two_services
):
    """No assessment at all: the sentence, and no empty table, choice, key or method."""
    content = _text(viewer_client.get(pack_url(partnership)).content)
    assert NOTHING_SIGNED in content
    assert "Choose assessments" not in content and "Show these assessments" not in content
    for part in EMPTY_PARTS:
        assert part not in content, part


def test_page_with_only_a_draft_offers_it_and_says_none_is_signed_off(
    viewer_client, partnership, two_services, lead
):
    """A draft can be chosen; the default choice says none is signed off yet."""
    draft = start(user=lead, service=two_services[0])
    rate(user=lead, assessment=draft, code="NV-01", value=3)
    content = _text(viewer_client.get(pack_url(partnership)).content)
    assert NOTHING_SIGNED in content
    assert "Choose assessments" in content
    assert "You can show an assessment that is not signed off yet" in content
    assert '<option value="">None signed off yet</option>' in content
    assert "Latest signed-off assessment" not in content
    assert "Headline scores" not in content and "The key to the scores" not in content


def test_pdf_with_nothing_signed_off_is_one_page_that_says_so(partnership, two_services, lead):
    """The PDF makes no claim of signed-off assessments: one page, the same sentence."""
    start(user=lead, service=two_services[0])
    pages = _pdf(partnership)
    assert len(pages) == 1
    assert NOTHING_SIGNED in pages[0]
    assert "Signed-off assessments" not in pages[0]
    assert "with an assessment shown" not in pages[0]
    assert "Contents" not in pages[0] and "How the scores are worked out" not in pages[0]


def test_page_and_pdf_of_a_partnership_with_no_services_say_so(viewer_client, partnership):
    """No services: no headline table without rows, on the page or in the PDF."""
    content = _text(viewer_client.get(pack_url(partnership)).content)
    assert NO_SERVICES in content
    for part in EMPTY_PARTS:
        assert part not in content, part
    assert "Choose assessments" not in content
    pages = _pdf(partnership)
    assert len(pages) == 1
    assert NO_SERVICES in pages[0] and "Signed-off assessments" not in pages[0]
    assert "Headline score of each service" not in pages[0]


# What happened to the improvement actions: targets ----------------------------------------


def _signed_with_targets(service, people, targets):
    """A signed-off assessment rated 3 throughout, with ``targets`` ({code: level})."""
    lead = people[Role.LEAD]
    assessment = start(user=lead, service=service)
    complete(user=lead, assessment=assessment, value=3)
    if targets:
        set_targets(user=lead, assessment=assessment, targets=targets)
    submit(user=lead, assessment=assessment)
    return sign_off(user=people[Role.APPROVER], assessment=assessment)


@pytest.mark.parametrize(
    ("targets", "expected", "not_expected"),
    [
        ({}, "No service has set targets.", "rated below a target it set"),
        ({"NV-01": 3}, "No service is rated below a target it set.", "has set targets"),
    ],
)
def test_no_service_below_target_says_whether_any_set_one(
    viewer_client, partnership, people, two_services, targets, expected, not_expected
):
    """With no targets set, the pack says so, not that no service is below one."""
    _signed_with_targets(two_services[0], people, targets)
    content = _text(viewer_client.get(pack_url(partnership)).content)
    assert expected in content and not_expected not in content
    pack = build_board_pack(partnership, PrincipleSet.objects.get(slug=NV))
    html = " ".join(board_pack_html(pack).split())
    assert expected in html and not_expected not in html
