"""Text with no break point never runs off a PDF's page: a file name in an action, a long
service name or title breaks where it must, every table column stays on the page, and the
text copied out of the PDF is the text typed. Ordinary text is left exactly as it was."""

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.template import Context, Template

from partnerships.models import Role
from reporting.board_pack import build_board_pack
from reporting.documents import assessment_report_html, board_pack_html
from reporting.pdf import html_to_pdf
from reporting.templatetags.report_tags import UNBROKEN_RUN, unbroken
from tests.board_pack_data import signed
from tests.builders import complete, new_action, rate, start
from tests.factories import ServiceFactory
from tests.test_pdf_list_structure import Element, structure

pytestmark = pytest.mark.django_db

FILE = "Riverside_Discharge_to_Assess_Audit_Report_Final_v3_2026_with_appendices_and_comments.docx"
OWNER = "Discharge_Team_Manager"


def visible_pages(pdf: bytes, *, top: int | None = None) -> list[str]:
    """Each page's text as poppler's pdftotext reads it, without white space: only what is
    on the page (text run off its edge is left out, as a reader never sees it), or only
    what is in its ``top`` points. Table cells come in no dependable order."""
    pdftotext = shutil.which("pdftotext")
    if not pdftotext:
        pytest.skip("pdftotext is not installed: sudo apt-get install poppler-utils")
    crop = ["-x", "0", "-y", "0", "-W", "1000", "-H", str(top)] if top else []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(
            [pdftotext, *crop, str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    return ["".join(page.split()) for page in text.split("\f")[:-1]]


def _squeezed(text: str) -> str:
    return "".join(text.split())


@pytest.fixture
def file_named(service, people):
    """A draft whose every principle has an action naming a document by its file name."""
    lead = people[Role.LEAD]
    draft = start(user=lead, service=service, title="Annual self-assessment 2026/27")
    complete(user=lead, assessment=draft, value=2)
    action = new_action(description=f"Act on the recommendations in {FILE}", owner=OWNER)
    for code in ("NV-01", "NV-02", "NV-03"):
        rate(user=lead, assessment=draft, code=code, value=1, actions=[action])
    return draft


def test_a_file_name_in_an_action_leaves_every_column_on_the_page(file_named):
    """The actions table shows each whole owner and the Due and Status columns, which the
    file name pushed off the page."""
    pages = visible_pages(html_to_pdf(assessment_report_html(file_named)))
    (actions,) = [p for p in pages if "Everyimprovementaction,withitsprinciple" in p]
    for heading in ("Principle", "Action", "Owner", "Due", "Status"):
        assert heading in actions
    for shown in (OWNER, "31Mar", "Proposed", "with_appendices_and_comments.docx"):
        assert actions.count(shown) == 3, shown


def test_text_copied_from_the_pdf_is_the_text_typed(file_named):
    """The action's cell breaks the file name without adding a character (no hyphen, no
    zero-width space) and is tagged as a table cell."""
    tree = structure(html_to_pdf(assessment_report_html(file_named)))
    typed = _squeezed(f"Act on the recommendations in {FILE}")
    cells = [e.text for e in _walk(tree) if e.role == "/TD" and FILE[:20] in _squeezed(e.text)]
    # In the actions table, the action alone; on page one, with its owner and due date.
    assert [_squeezed(text) for text in cells].count(typed) == 3
    assert all(_squeezed(text).startswith(typed) for text in cells)
    assert all("\u200b" not in text and "\u00ad" not in text for text in cells)


def _walk(element: Element):
    yield element
    for child in element.children:
        yield from _walk(child)


def test_a_long_unbroken_service_name_leaves_the_headline_table_whole(partnership, people):
    """A name of 192 characters with no spaces (its assessment's title adds the year, to the
    200 a title may have) breaks in its column, and every other column of the board pack's
    headline table stays on the page."""
    name = "W" * 192
    signed(ServiceFactory(partnership=partnership, name=name), people, "2026/27")
    pack = build_board_pack(partnership, partnership.default_principle_set)
    pages = visible_pages(html_to_pdf(board_pack_html(pack)))
    (summary,) = [p for p in pages if "Headlinescoreofeachservice" in p]
    for heading in ("Service", "Year", "Status", "Overall", "Weighted", "Coverage", "Change"):
        assert heading in summary
    for figure in ("2026/27", "Growing", "50%", "12of12", "100%", "Noearlier"):
        assert figure in summary, figure


def test_a_long_unbroken_title_wraps_in_the_heading_and_the_running_header(service, people):
    """The title's heading and the running header break it; the state beside the header
    stays whole on every page after the first."""
    title = "T" * 190
    draft = start(user=people[Role.LEAD], service=service, title=title)
    pdf = html_to_pdf(assessment_report_html(draft))
    assert title in visible_pages(pdf)[0]
    headers = visible_pages(pdf, top=62)  # the top margin, 22 mm
    assert len(headers) > 5
    for header in headers[1:]:
        assert "DRAFT–notsignedoff" in header, header
        assert header.replace("DRAFT–notsignedoff", "") == title, header


def test_ordinary_text_is_left_as_it_was():
    """Text with no run longer than 30 characters without a break comes back as it came, to
    be escaped as always, whatever it holds: a web address breaks at its slashes, Chinese
    between its characters."""
    for text in [
        "Agree one plan with the discharge team",
        "Discharge_Team_Manager",
        "https://www.riverside.nhs.uk/services/discharge-to-assess/leaflets/2026/final.pdf",
        "出院评估审计报告" * 10,
        "x" * UNBROKEN_RUN,
    ]:
        assert unbroken(text) is text
    assert unbroken(None) is None


def test_only_a_long_run_is_marked_and_everything_is_escaped():
    """The run alone goes in a span print.css lets break anywhere; the words round it do not."""
    text = f'Read {FILE} & "{"x" * 28}" <{"y" * 31}>'
    rendered = Template("{% load report_tags %}{{ text|unbroken }}").render(Context({"text": text}))
    assert rendered == (
        f'Read <span class="unbroken">{FILE}</span> &amp; &quot;{"x" * 28}&quot; '
        f'<span class="unbroken">&lt;{"y" * 31}&gt;</span>'
    )
    reference = "REF-2026-0001-0002-0003-0004-0005"  # no break before a digit
    assert unbroken(reference) == f'<span class="unbroken">{reference}</span>'


def test_a_run_of_more_than_100_characters_comes_in_parts_of_20():
    """Inline blocks of 20 characters, cheap for WeasyPrint to measure, which lines break
    between; an accent stays with its letter."""
    run = "a" * 19 + "e\u0301" + "b" * 100
    parts = re.findall(r'<span class="unbroken-part">([^<]*)</span>', unbroken(run))
    assert "".join(parts) == run
    assert parts[0] == "a" * 19 + "e\u0301"
    assert [len(part) for part in parts[1:]] == [20, 20, 20, 20, 20]


def test_an_action_of_a_thousand_characters_without_a_space_stays_on_the_page(service, people):
    """The longest run an action can have, and the longest owner, are shown whole, with the
    Due and Status columns beside them."""
    lead = people[Role.LEAD]
    draft = start(user=lead, service=service)
    action = new_action(description="Z" * 1000, owner="Q" * 200)
    rate(user=lead, assessment=draft, code="NV-01", value=1, actions=[action])
    pages = visible_pages(html_to_pdf(assessment_report_html(draft)))
    actions = "".join(p for p in pages if "Everyimprovementaction,withitsprinciple" in p)
    assert actions.count("Z") == 1000 and actions.count("Q") == 200
    assert "Due" in actions and "2027" in actions and "Proposed" in actions
