"""We say, people say in the board pack after a review: quotes and the method under headings
of their own, and the shown services that did not ask people named."""

import html
import re
from types import SimpleNamespace

import pytest
from django.utils.html import strip_tags

from partnerships.models import Role
from tests import builders
from tests.board_pack_data import pack_url
from tests.factories import ServiceFactory
from tests.pdftext import pdf_text
from tests.voice_builders import open_round, respond
from voice import board, services
from voice.models import FeedbackAnswer

pytestmark = pytest.mark.django_db

QUOTED = "They listened to what matters to me"
NOT_ASKED = "did not ask people who use"


def words(content: bytes) -> str:
    """The page's text without its markup."""
    return " ".join(html.unescape(strip_tags(content.decode())).split())


def signed_off(*, people, service, answered: bool):
    """A signed-off assessment of ``service``; with ``answered``, six people answered its form
    and one comment is quoted."""
    lead = people[Role.LEAD]
    assessment = builders.start(user=lead, service=service)
    builders.complete(user=lead, assessment=assessment)
    if answered:
        feedback_round = open_round(user=lead, assessment=assessment)
        for n in range(6):
            respond(feedback_round=feedback_round, comments={"NV-01": QUOTED} if n == 0 else {})
        answer = FeedbackAnswer.objects.get(comment=QUOTED)
        services.feedback_answer_mark_quotable(user=lead, answer_id=answer.pk, quotable=True)
    builders.submit(user=lead, assessment=assessment)
    return builders.sign_off(user=people[Role.APPROVER], assessment=assessment)


@pytest.fixture
def pack(partnership, people, service):
    """Hospital discharge asked people; Community rehab and Falls prevention did not."""
    signed_off(people=people, service=service, answered=True)
    for name in ("Community rehab", "Falls prevention"):
        signed_off(
            people=people,
            service=ServiceFactory(partnership=partnership, name=name),
            answered=False,
        )
    return partnership


def test_the_page_heads_the_quotes_and_the_method(viewer_client, pack):
    """Quotes under "What people said" in the service; the method not under its heading."""
    content = viewer_client.get(pack_url(pack)).content.decode()
    section = content[content.rindex("<h2", 0, content.index('id="people-say"')) :]
    headings = re.findall(r"<(h[234])[^>]*>([^<]*)</h[234]>", section)
    assert headings[:4] == [
        ("h2", "We say, people say"),
        ("h3", "Hospital discharge to assess"),
        ("h4", "What people said"),
        ("h3", "How these figures are worked out"),
    ]
    assert section.index("What people said") < section.index(QUOTED)


def test_the_pdf_heads_the_quotes_and_the_method(viewer_client, pack):
    """The same headings in the board pack PDF, in the same order."""
    text = pdf_text(viewer_client.get(pack_url(pack, "board_pack_pdf")).content)
    section = text[text.rindex("We say, people say") :]
    assert section.index("What people said") < section.index(QUOTED)
    assert section.index(QUOTED) < section.index("How these figures are worked out")


def test_the_pack_names_the_services_that_did_not_ask(viewer_client, pack):
    """Page and PDF: the shown services without a feedback form, by name, once."""
    expected = (
        "Community rehab and Falls prevention did not ask people who use them for feedback "
        "for the assessments shown."
    )
    page = words(viewer_client.get(pack_url(pack)).content)
    assert page.count(expected) == 1
    pdf = pdf_text(viewer_client.get(pack_url(pack, "board_pack_pdf")).content)
    assert pdf.count(expected) == 1


def test_a_pack_where_every_service_asked_names_none(viewer_client, partnership, people, service):
    """No sentence when every shown service asked; none either for a service with nothing
    shown; and one service that did not ask is named alone."""
    signed_off(people=people, service=service, answered=True)
    ServiceFactory(partnership=partnership, name="Not yet assessed")
    page = words(viewer_client.get(pack_url(partnership)).content)
    assert "We say, people say" in page and NOT_ASKED not in page
    signed_off(
        people=people,
        service=ServiceFactory(partnership=partnership, name="Community rehab"),
        answered=False,
    )
    page = words(viewer_client.get(pack_url(partnership)).content)
    assert (
        "Community rehab did not ask people who use it for feedback for the assessment shown."
    ) in page
    assert "Not yet assessed did not" not in page


def test_the_names_come_in_the_packs_order_from_what_it_holds():
    """Worked out from the pack's shown services and its people's voice, with no queries."""
    shown = [
        SimpleNamespace(service=SimpleNamespace(name=name), assessment=SimpleNamespace(pk=pk))
        for pk, name in enumerate(["Alpha", "Beta", "Gamma", "Delta"], start=1)
    ]
    voice = [(shown[1], object())]
    assert board.not_asked(shown, voice) == ["Alpha", "Gamma", "Delta"]
    assert board.not_asked_text(shown, voice) == (
        "Alpha, Gamma and Delta did not ask people who use them for feedback for the "
        "assessments shown."
    )
    assert board.not_asked_text(shown[1:2], voice) == ""
