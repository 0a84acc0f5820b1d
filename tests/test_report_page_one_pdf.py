"""The report PDF's pages: page one carries what the board is asked to do, however much
follows about weak principles and their actions, and no caption or term is left alone at
the foot of a page."""

import pytest
import weasyprint
from django.core.management import call_command
from django.urls import reverse

from assessments.models import Assessment
from partnerships.models import Role
from principles.models import PrincipleSet
from reporting.documents import assessment_report_html
from reporting.pdf import BASE_URL, NO_NETWORK_TLS, OwnStaticFilesFetcher, html_to_pdf
from tests.builders import (
    complete,
    new_action,
    prepare_for_board,
    rate,
    sign_off,
    start,
    submit,
)
from tests.pdftext import pdf_pages

pytestmark = pytest.mark.django_db

ASK = "Approve the improvement plan and ask for a progress report in six months."
SUMMARY = (
    "The service has one plan that every team works to.\n\n"
    "It is weakest where people move between services.\n\n"
    "The ratings were agreed at a workshop with partners."
)
ACTION = (
    "Agree one shared record for people leaving hospital, tested with the ward teams and "
    "the community teams, and reviewed with people who use the service after three months."
)


@pytest.fixture
def crowded(draft, people):
    """Signed off with six principles at the lowest level, each with three long actions."""
    lead = people[Role.LEAD]
    complete(user=lead, assessment=draft)
    for number in range(1, 7):
        actions = [
            new_action(description=f"{ACTION} Step {number}.{step}.", owner="Service manager")
            for step in range(1, 4)
        ]
        rate(user=lead, assessment=draft, code=f"NV-{number:02d}", value=1, actions=actions)
    prepare_for_board(user=lead, assessment=draft, summary=SUMMARY, board_ask=ASK)
    submit(user=lead, assessment=draft)
    return sign_off(user=people[Role.APPROVER], assessment=draft)


def downloaded_pages(client, user, assessment) -> list[str]:
    """Each page's text of the report PDF as ``user`` downloads it."""
    client.force_login(user)
    return pdf_pages(client.get(reverse("assessments:report_pdf", args=[assessment.pk])).content)


def test_board_ask_and_lead_summary_are_on_page_one_when_the_summary_runs_on(
    client, people, crowded
):
    """The ask and the lead's summary come before the weakest principles, which run on."""
    pages = downloaded_pages(client, people[Role.VIEWER], crowded)
    first = pages[0]
    assert "The board is asked to" in first and ASK in first
    assert "It is weakest where people move between services." in first
    # Page one really is full: the last weak principle's actions are on a later page.
    assert "Step 6.3." not in first
    assert any("Step 6.3." in page for page in pages[1:3])


def test_headline_figures_are_not_repeated_in_the_facts(client, people, crowded):
    """Page one states the overall level and weighted score once, in the headline."""
    first = downloaded_pages(client, people[Role.VIEWER], crowded)[0]
    assert first.count("eighted score") == 1
    assert "Overall:" not in first and "Overall" in first


def test_a_report_without_an_ask_says_the_lead_has_not_given_one(client, people, submitted):
    """Signed off with no ask: page one says so plainly, on screen and in the PDF."""
    signed_off = sign_off(user=people[Role.APPROVER], assessment=submitted)
    said = "The lead has not said what the board is asked to do."
    assert said in downloaded_pages(client, people[Role.VIEWER], signed_off)[0]
    page = client.get(reverse("assessments:report", args=[signed_off.pk])).content.decode()
    assert said in page


@pytest.fixture
def demo(settings, principle_sets) -> None:
    """The demo data, as ``make run`` makes it."""
    settings.DEBUG = True
    call_command("setup_demo")


@pytest.fixture
def demo_report(demo) -> list[str]:
    """The text of each page of the demo's report PDF, made as the worker makes it."""
    assessment = Assessment.objects.get(title="Hospital discharge to assess 2025/26")
    return pdf_pages(html_to_pdf(assessment_report_html(assessment)))


def first_page_boxes(html: str):
    """WeasyPrint's laid-out boxes of page one, with the fetcher and base the PDFs use."""
    fetcher = OwnStaticFilesFetcher(ssl_context=NO_NETWORK_TLS)
    document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render()
    return list(document.pages[0]._page_box.descendants())


def has_class(box, name: str) -> bool:
    element = getattr(box, "element", None)
    return element is not None and name in (element.get("class") or "").split()


def overlap(a, b) -> bool:
    """Whether two boxes' border areas share any part of the page."""
    ax, ay, aw, ah = a.border_box_x(), a.border_box_y(), a.border_width(), a.border_height()
    bx, by, bw, bh = b.border_box_x(), b.border_box_y(), b.border_width(), b.border_height()
    return ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah


def test_the_headline_figures_never_run_under_the_radar(demo):
    """With a previous year there are two figures and a note: "Since 2025/26" used to be
    printed over the radar beside it; now the figures wrap below one another in the space
    left, and the note's lines keep clear of the radar too."""
    assessment = Assessment.objects.get(title="Hospital discharge to assess 2026/27")
    boxes = first_page_boxes(assessment_report_html(assessment))
    radar = next(b for b in boxes if has_class(b, "page-one-radar"))
    headline = next(b for b in boxes if has_class(b, "headline")).element
    children = {id(element) for element in headline if element.tag == "div"}
    figures = {}  # each figure's outermost box (descendants come parent first)
    for box in boxes:
        if id(getattr(box, "element", None)) in children:
            figures.setdefault(id(box.element), box)
    assert len(figures) == 2  # overall, and the change since 2025/26
    figures = list(figures.values())
    assert not [b for b in figures if overlap(b, radar)]
    (note,) = [element for element in headline if element.tag == "p"]
    lines = [b for b in boxes if type(b).__name__ == "LineBox" and b.element is note]
    assert lines and not [b for b in lines if overlap(b, radar)]


def test_the_weakest_table_starts_on_the_page_of_its_heading_and_caption(demo_report):
    """In the demo's report the weakest principles' table used to leave its heading and
    caption alone at the foot of page one; now they move over with the table."""
    (where,) = [n for n, text in enumerate(demo_report) if "Weakest principles and what is" in text]
    assert (
        "The weakest principles, their ratings and open improvement actions" in demo_report[where]
    )
    assert "Open improvement actions" in demo_report[where]  # the table's header row


def test_a_term_at_the_foot_of_a_page_keeps_the_first_line_of_its_text(demo_report):
    """NV-05's "Evidence" used to end a page with all its text on the next one."""
    heading = next(
        n for n, text in enumerate(demo_report) if "all communities Integrated care must" in text
    )
    evidence = next(n for n, text in enumerate(demo_report) if "Equality monitoring shows" in text)
    assert evidence == heading


def test_scotlands_main_purpose_is_on_page_one_and_in_the_board_pack(client, people, service):
    """A board reads the main purpose on the report's first page, and in the board pack
    (page and PDF), whose principles apply in so far as they serve it."""
    scotland = PrincipleSet.objects.get(slug="scotland-integration-principles")
    lead = people[Role.LEAD]
    assessment = start(user=lead, service=service, principle_set=scotland)
    complete(user=lead, assessment=assessment)
    submit(user=lead, assessment=assessment)
    sign_off(user=people[Role.APPROVER], assessment=assessment)
    purpose = " ".join(scotland.main_purpose.split())
    pages = downloaded_pages(client, people[Role.VIEWER], assessment)
    assert purpose in pages[0]
    assert sum(page.count(purpose) for page in pages) == 1
    pack = reverse("assessments:board_pack", args=[service.partnership.slug, scotland.slug])
    assert scotland.main_purpose in client.get(pack).content.decode()
    pdf_url = reverse("assessments:board_pack_pdf", args=[service.partnership.slug, scotland.slug])
    pack_pages = pdf_pages(client.get(pdf_url).content)
    assert purpose in pack_pages[0]
