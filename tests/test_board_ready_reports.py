"""The report a board reads: page one, contents, targets, "No action", charts that show
weakness; and the board pack's follow-through of actions, targets and old assessments."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from actions.services import UpdateInput, action_update_record
from assessments.models import ActionStatus, ImprovementAction
from partnerships.models import Role
from principles.models import PrincipleSet
from reporting import board_pack
from reporting.documents import board_pack_html
from reporting.pack_actions import outcome_of
from reporting.page_one import strongest
from reporting.reports import build_report
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
from tests.factories import ServiceFactory
from tests.pdftext import pdf_text

pytestmark = pytest.mark.django_db

DUE = datetime.date(2027, 3, 31)


@pytest.fixture
def board_ready(draft, people):
    """Signed off: NV-01 at 5, NV-02 at 1 with an open action, NV-03 at 2 with no action
    (reason given), NV-04 at 4 with a target of 5, NV-05 not applicable, the rest at 3;
    with the lead's summary and the board's ask."""
    lead = people[Role.LEAD]
    complete(user=lead, assessment=draft)
    rate(user=lead, assessment=draft, code="NV-01", value=5)
    rate(
        user=lead,
        assessment=draft,
        code="NV-02",
        value=1,
        actions=[new_action(description="Joint huddle", owner="Head of discharge", due_date=DUE)],
    )
    rate(user=lead, assessment=draft, code="NV-03", value=2)
    rate(user=lead, assessment=draft, code="NV-04", value=4)
    rate(user=lead, assessment=draft, code="NV-05", value=None, na=True, reason="None here")
    set_targets(user=lead, assessment=draft, targets={"NV-04": 5, "NV-01": 4})
    prepare_for_board(
        user=lead,
        assessment=draft,
        summary="Progress on discharge.\n\nCarers are the gap.",
        board_ask="Approve the actions.",
    )
    submit(user=lead, assessment=draft, no_action_reasons={"NV-03": "Council plan covers it."})
    return sign_off(user=people[Role.APPROVER], assessment=draft)


def test_page_one_answers_how_are_we_doing_where_weak_and_what_next(board_ready):
    """Headline in the scale's words; strongest; weakest with their open actions or "No
    action" and its reason; targets with their gaps."""
    page = build_report(board_ready).page_one
    assert page.headline == board_ready_report_band(board_ready)
    # The weakest are at least three with ties: NV-02, NV-03 and all seven at 50%. So the
    # strongest are what is left, and no principle is in both lists.
    assert [r.rating.code for r in page.strongest] == ["NV-01", "NV-04"]
    weakest = {w.row.rating.code: w for w in page.weakest}
    assert [a.description for a in weakest["NV-02"].open_actions] == ["Joint huddle"]
    assert weakest["NV-03"].no_action and weakest["NV-03"].no_action_reason == (
        "Council plan covers it."
    )
    assert [r.rating.code for r in page.no_action] == ["NV-03"]
    gaps = {t.row.rating.code: t.gap for t in page.targets}
    assert gaps == {"NV-01": 0, "NV-04": 1}
    assert [t.row.rating.code for t in page.below_target] == ["NV-04"]


def board_ready_report_band(assessment) -> str:
    return build_report(assessment).score.band


def test_strongest_keeps_ties_and_leaves_out_zero(board_ready):
    """Strongest mirrors the lowest-scoring rule: at least three, ties kept, 0% never."""
    rows = build_report(board_ready).rows
    codes = [r.rating.code for r in strongest(rows, count=1)]
    assert codes == ["NV-01"]
    assert "NV-02" not in [r.rating.code for r in strongest(rows, count=20)]


def test_no_principle_is_listed_as_both_strongest_and_weakest(draft, people):
    """With only two principles rated, each is among the weakest, so neither is strongest."""
    lead = people[Role.LEAD]
    rate(user=lead, assessment=draft, code="NV-01", value=4)
    rate(user=lead, assessment=draft, code="NV-02", value=3)
    page = build_report(draft).page_one
    assert [w.row.rating.code for w in page.weakest] == ["NV-02", "NV-01"]
    assert page.strongest == []


def test_strongest_leaves_out_principles_among_the_weakest(draft, people):
    """With four rated, the weakest three take NV-02 and NV-03: only NV-01 is strongest."""
    lead = people[Role.LEAD]
    for code, value in (("NV-01", 5), ("NV-02", 4), ("NV-03", 4), ("NV-04", 3)):
        rate(user=lead, assessment=draft, code=code, value=value)
    page = build_report(draft).page_one
    assert [w.row.rating.code for w in page.weakest] == ["NV-04", "NV-02", "NV-03"]
    assert [r.rating.code for r in page.strongest] == ["NV-01"]


def test_report_says_how_strongest_are_chosen_and_why_none_are_listed(client, people, draft):
    """On screen and in the PDF: the rule beside the list, and a reason when it is empty."""
    complete(user=people[Role.LEAD], assessment=draft, value=3)
    client.force_login(people[Role.VIEWER])
    screen = client.get(reverse("assessments:report", args=[draft.pk])).content.decode()
    pdf = pdf_text(client.get(reverse("assessments:report_pdf", args=[draft.pk])).content)
    for text in (" ".join(screen.split()), pdf):
        assert "The rated principles with the highest scores above 0%" in text
        assert "A principle listed among the weakest is not listed here." in text
        assert "None: every rated principle is at the lowest level or among the weakest." in text
    # A sentence after the rule, not item "1." of a numbered list.
    assert "<li>None" not in screen and "is not listed here. None: every rated" in pdf


def test_report_page_starts_with_page_one_then_contents(client, people, board_ready):
    """On screen: page one's sections come before the contents and the detail."""
    client.force_login(people[Role.VIEWER])
    content = client.get(reverse("assessments:report", args=[board_ready.pk])).content.decode()
    order = [
        'id="board-ask"',
        'id="lead-summary"',
        'id="strongest"',
        'id="weakest"',
        'id="contents-heading"',
        'id="scores"',
        'id="actions"',
    ]
    positions = [content.index(marker) for marker in order]
    assert positions == sorted(positions)
    assert "Carers are the gap." in content and "Approve the actions." in content
    assert "Council plan covers it." in content
    assert "1 level below" in content  # NV-04's gap to its target
    assert "0% is at the centre" in content  # as the chart draws it (not "the inner ring")
    # Each chart has a list of the same figures for narrow screens.
    assert content.count('class="app-chart-list"') == 2  # the radar and the one section


def test_pdf_page_one_is_the_summary_and_contents_follow_with_page_numbers(
    client, people, board_ready
):
    """Page 1 has the headline, weakest principles and the lead's words; the contents with
    page numbers come next; there is no near-empty cover or contents page."""
    client.force_login(people[Role.VIEWER])
    content = client.get(reverse("assessments:report_pdf", args=[board_ready.pk])).content
    reader = PdfReader(io.BytesIO(content))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    first = pages[0]
    for text in ("Discharge to assess 2026/27", "Strongest principles", "Joint huddle"):
        assert text in first
    assert "Carers are the gap." in first and "Approve the actions." in first
    contents = next(i for i, text in enumerate(pages) if " Contents " in f" {text} ")
    assert contents <= 2
    assert re.search(r"Summary \.[ .]* 1 ", pages[contents])  # dot leaders, page numbers
    assert len(pages[contents]) > 400  # the contents share their page with the scores
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/Lang"] == "en-GB"


def test_signed_off_report_keeps_actions_as_signed_off(client, people, board_ready):
    """An update after sign-off changes the Actions page, never the signed-off report."""
    action = ImprovementAction.objects.get(description="Joint huddle")
    action_update_record(
        user=people[Role.LEAD],
        action_id=action.pk,
        expected_version=0,
        update=UpdateInput(
            status=ActionStatus.COMPLETED, due_date=DUE, noted_on=datetime.date(2026, 1, 5)
        ),
    )
    page = build_report(board_ready).page_one
    weakest = {w.row.rating.code: w for w in page.weakest}
    assert weakest["NV-02"].open_actions[0].status == ActionStatus.PROPOSED
    client.force_login(people[Role.VIEWER])
    content = client.get(reverse("assessments:report", args=[board_ready.pk])).content.decode()
    assert "their progress since is on the" in content


# Board pack ------------------------------------------------------------------------------


def _pack(partnership):
    principle_set = PrincipleSet.objects.get(slug="national-voices")
    return board_pack.build_board_pack(partnership, principle_set)


def test_board_pack_follows_last_cycles_actions_through_the_year_and_carry_forward(
    partnership, people, service
):
    """Last cycle's four actions: one completed, one dropped, one carried forward and still
    open, one overdue; this cycle's two: one in progress, one overdue."""
    lead, approver = people[Role.LEAD], people[Role.APPROVER]
    last = start(user=lead, service=service, period="2025/26")
    complete(user=lead, assessment=last)
    rate(
        user=lead,
        assessment=last,
        code="NV-01",
        actions=[
            new_action(description=f"Last {n}", due_date=datetime.date(2027, 12, 31))
            for n in range(4)
        ],
    )
    submit(user=lead, assessment=last)
    sign_off(user=approver, assessment=last)
    done, dropped, _carried, late = ImprovementAction.objects.filter(
        rating__assessment=last
    ).order_by("pk")
    for action, status, due, extra in (
        (done, ActionStatus.COMPLETED, done.due_date, {}),
        (dropped, ActionStatus.DROPPED, dropped.due_date, {"dropped_reason": "Merged"}),
        (late, ActionStatus.AGREED, datetime.date(2021, 1, 1), {"due_date_reason": "Typo"}),
    ):
        action_update_record(
            user=lead,
            action_id=action.pk,
            expected_version=0,
            update=UpdateInput(
                status=status, due_date=due, noted_on=datetime.date(2026, 1, 1), **extra
            ),
        )
    this = start(user=lead, service=service, period="2026/27", carry_forward=True)
    complete(user=lead, assessment=this)
    rate(
        user=lead,
        assessment=this,
        code="NV-02",
        actions=[new_action(description="New", due_date=datetime.date(2021, 6, 1))],
    )
    submit(user=lead, assessment=this)
    sign_off(user=approver, assessment=this)

    (row,) = _pack(partnership).follow_through.services
    last_cycle, this_cycle = row.last_cycle, row.this_cycle
    assert (last_cycle.period, last_cycle.completed, last_cycle.dropped) == ("2025/26", 1, 1)
    assert (last_cycle.in_progress, last_cycle.overdue) == (1, 1)
    # This cycle: the two carried copies (in progress and overdue) and the new overdue one.
    assert (this_cycle.period, this_cycle.in_progress, this_cycle.overdue) == ("2026/27", 1, 2)
    # The copies are in both rows, and the pack says so rather than leave it to be summed.
    assert this_cycle.carried_forward == 2 and last_cycle.carried_forward == 0
    html = " ".join(board_pack_html(_pack(partnership)).split())
    assert "2026/27 (this cycle; 2 carried forward from 2025/26)</td>" in html
    assert "An action carried forward is in both rows" in html


def test_board_pack_flags_an_old_assessment_and_lists_services_below_target(
    client, partnership, people, service
):
    """A service whose latest signed-off assessment is a year behind is flagged; principles
    below their target are listed with the gap."""
    lead, approver = people[Role.LEAD], people[Role.APPROVER]
    behind = service
    ahead = ServiceFactory(partnership=partnership, name="Zeta reablement")
    for svc, period in ((behind, "2025/26"), (ahead, "2026/27")):
        assessment = start(user=lead, service=svc, period=period)
        complete(user=lead, assessment=assessment)
        if svc == ahead:
            set_targets(user=lead, assessment=assessment, targets={"NV-06": 5})
        submit(user=lead, assessment=assessment)
        sign_off(user=approver, assessment=assessment)
    ft = _pack(partnership).follow_through
    assert [s.service.name for s in ft.stale] == [behind.name]
    (gaps,) = [s.below_target for s in ft.below_target]
    assert [(g.code, g.levels_below) for g in gaps] == [("NV-06", 2)]
    client.force_login(people[Role.VIEWER])
    content = client.get(
        reverse("assessments:board_pack", args=[partnership.slug, "national-voices"])
    ).content.decode()
    stale = f"Out of date: {behind.name}'s latest signed-off assessment is for 2025/26"
    assert stale in content
    assert "Services below their targets" in content
    assert 'class="app-chart-list"' in content


def test_heat_map_marks_not_applicable_as_a_pattern(client, partnership, people, board_ready):
    """Not applicable is hatched (its own class), never a shade; the weakest is shade 0."""
    client.force_login(people[Role.VIEWER])
    content = client.get(
        reverse("assessments:board_pack", args=[partnership.slug, "national-voices"])
    ).content.decode()
    assert 'class="heat heat-na">N/A' in content
    assert re.search(r'class="heat heat-0">0%', content)


@pytest.mark.parametrize(
    ("status", "due", "expected"),
    [
        (ActionStatus.COMPLETED, datetime.date(2020, 1, 1), "completed"),
        (ActionStatus.DROPPED, datetime.date(2020, 1, 1), "dropped"),
        (ActionStatus.AGREED, datetime.date(2020, 1, 1), "overdue"),
        (ActionStatus.DEFERRED, datetime.date(2099, 1, 1), "in_progress"),
        (ActionStatus.PROPOSED, datetime.date(2026, 5, 1), "in_progress"),
    ],
)
def test_outcomes(status, due, expected):
    """Open actions are overdue after their due date; completed and dropped never are."""
    assert outcome_of(status, due, datetime.date(2026, 5, 1)) == expected
