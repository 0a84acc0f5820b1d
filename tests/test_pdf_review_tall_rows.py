"""A weak principle with many actions runs on from page one's weakest principles without
nearly blank pages, and the table's header row is on every page it crosses; ordinary tables
keep each row on one page, as before."""

import datetime
from types import SimpleNamespace

import pytest

from partnerships.models import Role
from reporting.documents import assessment_report_html
from reporting.pdf import html_to_pdf
from reporting.templatetags.report_tags import has_tall_row
from tests.builders import complete, new_action, rate, start
from tests.test_pdf_edges_wrap import visible_pages

pytestmark = pytest.mark.django_db

CAPTION = "Theweakestprinciples,theirratingsandopenimprovementactions"
# The header row's cells, which pdftotext may read with the running header between them.
HEADER_ROW = ("Principle", "Rating", "Openimprovementactions")
DESCRIPTION = (
    "Agree and publish a joint protocol with primary care, community nursing and the "
    "voluntary sector partners "
) * 2
OWNER = "Head of Integrated Community Services and Transformation Programme Lead"


def _actions(count):
    return [
        new_action(
            description=f"Action {n}: {DESCRIPTION}",
            owner=OWNER,
            due_date=datetime.date(2027, 1 + n % 12, 28),
            status="agreed",
        )
        for n in range(count)
    ]


@pytest.fixture
def many_actions(service, people):
    """A draft whose weakest principle, NV-01 at 1, has 25 open actions of about 3 lines."""
    lead = people[Role.LEAD]
    draft = start(user=lead, service=service)
    complete(user=lead, assessment=draft)
    rate(user=lead, assessment=draft, code="NV-01", value=1, actions=_actions(25))
    return draft


def test_many_actions_leave_no_nearly_blank_page_and_repeat_the_header_row(many_actions):
    """The caption, the rule's note, the header row and the first actions share a page, and
    every page of the table until the contents has the header row and rows."""
    pages = visible_pages(html_to_pdf(assessment_report_html(many_actions)))
    start = next(n for n, page in enumerate(pages) if CAPTION in page)
    end = next(n for n, page in enumerate(pages) if "Contents" in page and "Summary" in page)
    first = pages[start]
    assert "Ratedinthelowesttwolevels" in first or "Weakestprinciplesandwhat" in first
    assert all(cell in first.replace(CAPTION, "") for cell in HEADER_ROW)
    assert "Action0:Agreeandpublish" in first
    assert end - start > 1  # the table crosses pages
    for page in pages[start:end]:
        assert all(cell in page.replace(CAPTION, "") for cell in HEADER_ROW)
        assert "Agreeandpublishajointprotocol" in page or "Noneopen" in page  # rows, not blank


def _weak(actions, reason=""):
    return SimpleNamespace(
        open_actions=[SimpleNamespace(description=DESCRIPTION, owner=OWNER)] * actions,
        no_action_reason=reason,
    )


def test_only_a_row_that_may_be_taller_than_a_page_lets_the_table_break_rows():
    """A few actions keep each row whole; 25 of about 3 lines, or a very long reason, do not."""
    assert not has_tall_row([_weak(3), _weak(0, "Covered by the council's plan."), _weak(1)])
    assert has_tall_row([_weak(1), _weak(25)])
    assert has_tall_row([_weak(0, "A long reason.\n" * 45)])
