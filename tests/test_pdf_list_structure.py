"""The PDFs' lists are tagged as PDF/UA-1 allows, with each label and its value one list item.

ISO 32000-1 Table 336 (Matterhorn Protocol checkpoints 09-004 and 09-005): a list (L) holds
only list items (LI), lists and a caption; a list item holds only a label (Lbl) and a body
(LBody). WeasyPrint tags a <dl> as a list whose terms and definitions are separate items, a
<div> round a term and its definition as a Div inside the list, and white space between
inline list items as a Span inside it.
"""

import datetime
import io
from collections import Counter
from typing import NamedTuple

import pytest
from pypdf import PdfReader

from partnerships.models import Role
from principles.models import PrincipleSet
from reporting.board_pack import build_board_pack
from reporting.documents import assessment_report_html, board_pack_html
from reporting.pdf import html_to_pdf
from tests.board_pack_data import NV, hand_checked_services, signed
from tests.builders import (
    complete,
    new_action,
    prepare_for_board,
    rate,
    set_targets,
    sign_off,
    start,
    submit,
)
from tests.team_data import agreed_and_submitted

pytestmark = pytest.mark.django_db

# What each list role may hold, and what may hold it (ISO 32000-1 Table 336).
MAY_HOLD = {"/L": {"/L", "/LI", "/Caption"}, "/LI": {"/Lbl", "/LBody"}}
HELD_BY = {"/LI": {"/L"}, "/Lbl": {"/LI"}, "/LBody": {"/LI"}}


class Element(NamedTuple):
    """A structure element: its role ("/LI"), its children and all the text within it."""

    role: str
    children: list
    text: str


def structure(pdf: bytes) -> Element:
    """The PDF's structure tree, from /StructTreeRoot, with the text of each element."""
    reader = PdfReader(io.BytesIO(pdf))
    page_numbers = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}
    texts = [_marked_text(page) for page in reader.pages]

    def build(node, page: int) -> Element:
        if "/Pg" in node:
            page = page_numbers[node.raw_get("/Pg").idnum]
        kids = node.get("/K", [])
        kids = kids.get_object() if hasattr(kids, "get_object") else kids
        children, words = [], []
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, int):  # marked content on the element's page
                words.append(texts[page].get(kid, ""))
            elif "/S" in kid:
                children.append(child := build(kid, page))
                words.append(child.text)
            elif "/MCID" in kid:  # marked content on a page of its own
                on = page_numbers[kid.raw_get("/Pg").idnum] if "/Pg" in kid else page
                words.append(texts[on].get(kid["/MCID"], ""))
        return Element(str(node.get("/S", "")), children, " ".join(" ".join(words).split()))

    return build(reader.trailer["/Root"]["/StructTreeRoot"], 0)


def _marked_text(page) -> dict[int, str]:
    """The text of each marked-content sequence on ``page``, by its MCID."""
    texts: dict[int, str] = {}
    open_ids: list[int | None] = []

    def before(operator, operands, cm, tm):
        if operator == b"BDC":
            properties = operands[1]
            open_ids.append(properties.get("/MCID") if hasattr(properties, "get") else None)
        elif operator == b"BMC":
            open_ids.append(None)
        elif operator == b"EMC" and open_ids:
            open_ids.pop()

    def text(content, cm, tm, font, size):
        if open_ids and open_ids[-1] is not None:
            texts[open_ids[-1]] = texts.get(open_ids[-1], "") + content

    page.extract_text(visitor_operand_before=before, visitor_text=text)
    return texts


def list_faults(root: Element) -> dict[str, int]:
    """Each "parent > child" pair of roles that breaks Table 336's rules for lists, counted."""
    faults: Counter = Counter()
    stack = [root]
    while stack:
        element = stack.pop()
        for child in element.children:
            may_hold, held_by = MAY_HOLD.get(element.role), HELD_BY.get(child.role)
            if (may_hold and child.role not in may_hold) or (
                held_by and element.role not in held_by
            ):
                faults[f"{element.role[1:]} > {child.role[1:]}"] += 1
            stack.append(child)
    return dict(faults)


def list_items(root: Element) -> list[str]:
    """The text of every list item, in the order they are read."""
    items, stack = [], [root]
    while stack:
        element = stack.pop()
        if element.role == "/LI":
            items.append(element.text)
        stack.extend(reversed(element.children))
    return items


@pytest.fixture
def board_ready(service, people):
    """Signed off against last year's: NV-02 at 1 with an action, NV-03 at 2 with no action
    (reason given), NV-04 at 4 with a target, NV-05 not applicable, the rest at 3."""
    lead = people[Role.LEAD]
    signed(service, people, "2025/26")
    draft = start(user=lead, service=service, period="2026/27")
    complete(user=lead, assessment=draft)
    due = datetime.date(2027, 3, 31)
    action = new_action(description="Joint huddle", owner="Head of discharge", due_date=due)
    rate(user=lead, assessment=draft, code="NV-02", value=1, actions=[action])
    rate(user=lead, assessment=draft, code="NV-03", value=2)
    rate(user=lead, assessment=draft, code="NV-04", value=4)
    rate(user=lead, assessment=draft, code="NV-05", value=None, na=True, reason="None here")
    set_targets(user=lead, assessment=draft, targets={"NV-04": 5})
    prepare_for_board(user=lead, assessment=draft, summary="Carers.", board_ask="Approve.")
    submit(user=lead, assessment=draft, no_action_reasons={"NV-03": "Council plan covers it."})
    return sign_off(user=people[Role.APPROVER], assessment=draft)


def test_report_pdf_lists_hold_only_list_items_and_each_fact_is_one_item(board_ready):
    """The report PDF's lists break no rule, and each fact and principle detail is one item."""
    tree = structure(html_to_pdf(assessment_report_html(board_ready)))
    assert list_faults(tree) == {}
    items = list_items(tree)
    assert any(item.startswith("Service: Hospital discharge to assess (") for item in items)
    assert "Year: 2026/27" in items
    assert any(item.startswith("Produced: ") for item in items)
    assert "Rating 1 – Not evident (score 0%)" in items
    assert "Last time 3 – Growing. Down 50 points." in items
    assert "Target 5 – Embedded: 1 level below" in items
    assert any(i.startswith("Actions Joint huddle (Head of discharge; due 31 March") for i in items)
    assert any(item.startswith("Actions No action") for item in items)


def test_team_report_pdf_lists_hold_only_list_items(service, people, raters):
    """A team's report PDF, with each principle's spread and what raters said, breaks no rule."""
    tree = structure(
        html_to_pdf(assessment_report_html(agreed_and_submitted(service, people, raters)))
    )
    assert list_faults(tree) == {}
    items = list_items(tree)
    assert any(item.startswith("Team's individual ratings 3 ratings: median") for item in items)
    assert sum(item.startswith("• ") and " on NV-02 (" in item for item in items) == 3


def test_board_pack_pdf_lists_hold_only_list_items_and_each_fact_is_one_item(partnership, people):
    """The board pack PDF's lists (cover, heat map key, service summaries) break no rule."""
    hand_checked_services(partnership, people)
    pack = build_board_pack(partnership, PrincipleSet.objects.get(slug=NV))
    tree = structure(html_to_pdf(board_pack_html(pack)))
    assert list_faults(tree) == {}
    items = list_items(tree)
    assert "Services 2 of 3 with an assessment shown" in items
    assert any(item.startswith("Produced ") for item in items)
    assert "Weighted score 69%" in items
    assert "Change Up 19 points since 2025/26 (was 50%)" in items
    assert "Actions No open actions" in items
