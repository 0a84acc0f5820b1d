"""The board pack counts every open action the Actions page follows: one from an older
signed-off assessment, never carried forward, stays in a service's open actions and in the
follow-through ("Still open from …") until it is closed, however many years follow it."""

import datetime

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from actions.selectors import Filters, partnership_actions
from actions.services import UpdateInput, action_update_record
from assessments.models import ActionStatus, ImprovementAction
from partnerships.models import Role
from principles.models import PrincipleSet
from reporting import board_pack
from reporting.documents import board_pack_html
from reporting.pack_actions import OpenActions
from reporting.pdf import pdf_key
from tests.board_pack_data import NV, pack_url
from tests.builders import complete, new_action, rate, sign_off, start, submit
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

PAST = datetime.date(2026, 6, 30)  # before today in every run: overdue
LATER = datetime.date(2030, 3, 31)


def _pack(partnership, **kwargs):
    return board_pack.build_board_pack(partnership, PrincipleSet.objects.get(slug=NV), **kwargs)


def _text(html: str) -> str:
    return " ".join(html.split())


def _signed(service, people, period, due_dates=(), *, carry_forward=False):
    """A signed-off assessment of ``service`` with an in-progress action on NV-02 for each
    of ``due_dates``."""
    lead = people[Role.LEAD]
    assessment = start(user=lead, service=service, period=period, carry_forward=carry_forward)
    complete(user=lead, assessment=assessment)
    if due_dates:
        rate(
            user=lead,
            assessment=assessment,
            code="NV-02",
            actions=[
                new_action(description=f"{period} {n}", due_date=due, status="in_progress")
                for n, due in enumerate(due_dates)
            ],
        )
    submit(user=lead, assessment=assessment)
    return sign_off(user=people[Role.APPROVER], assessment=assessment)


def _complete(action, user):
    """Record the action as completed today."""
    action_update_record(
        user=user,
        action_id=action.pk,
        expected_version=0,
        update=UpdateInput(
            status=ActionStatus.COMPLETED,
            due_date=action.due_date,
            noted_on=timezone.localdate(),
        ),
    )


def _actions_line(html: str) -> list[str]:
    """Each service's "Actions" line in the PDF's services section."""
    marker = '<strong class="term">Actions</strong> '
    return [part.split("</li>")[0] for part in _text(html).split(marker)[1:]]


def test_open_overdue_action_of_an_older_assessment_counts_for_the_service(
    partnership, people, service
):
    """A 2025/26 action, overdue and never carried forward, is counted in the 2026/27
    summary and said to be from 2025/26."""
    _signed(service, people, "2025/26", [PAST])
    _signed(service, people, "2026/27")
    pack = _pack(partnership)
    (summary,) = pack.included
    assert summary.assessment.period == "2026/27"
    assert (summary.open_actions, summary.overdue_actions) == (1, 1)
    assert _actions_line(board_pack_html(pack)) == ["1 open (from 2025/26), of which 1 overdue"]


def test_open_action_stays_counted_after_two_more_years_are_signed_off(
    partnership, people, service
):
    """With 2026/27 and 2027/28 signed off after it, the open 2025/26 action is still in
    the summary and in a "Still open from 2025/26" row of the follow-through."""
    _signed(service, people, "2025/26", [PAST])
    _signed(service, people, "2026/27")
    _signed(service, people, "2027/28")
    pack = _pack(partnership)
    (summary,) = pack.included
    assert (summary.open_actions, summary.overdue_actions) == (1, 1)
    (row,) = pack.follow_through.services
    assert row.last_cycle.period == "2026/27"
    assert (row.earlier.period, row.earlier.in_progress, row.earlier.overdue) == ("2025/26", 0, 1)
    html = _text(board_pack_html(pack))
    assert (
        '<td>Still open from 2025/26</td><td class="num">–</td><td class="num">0</td>'
        '<td class="num">1</td><td class="num">–</td></tr>' in html
    )
    assert 'is in a row of its own ("Still open from")' in html


def test_the_web_page_lists_actions_still_open_from_earlier_cycles(
    viewer_client, partnership, people, service
):
    """The page's follow-through has the same "Still open from" row as the PDF."""
    _signed(service, people, "2024/25", [PAST, LATER])
    _signed(service, people, "2025/26")
    _signed(service, people, "2026/27")
    content = _text(viewer_client.get(pack_url(partnership)).content.decode())
    assert (
        '<td>Still open from 2024/25</td><td class="num">–</td><td class="num">1</td>'
        '<td class="num">1</td><td class="num">–</td></tr>' in content
    )


def test_own_and_earlier_open_actions_read_as_one_count(partnership, people, service):
    """Two open actions of the assessment shown and one from 2025/26 read "3 open
    (including 1 from 2025/26), of which 1 overdue"."""
    _signed(service, people, "2025/26", [PAST])
    _signed(service, people, "2026/27", [LATER, LATER])
    html = board_pack_html(_pack(partnership))
    assert _actions_line(html) == ["3 open (including 1 from 2025/26), of which 1 overdue"]


def test_closed_or_carried_forward_earlier_actions_are_not_counted_again(
    partnership, people, service
):
    """A completed 2024/25 action is not counted, and one carried forward is counted once,
    as its copy."""
    lead = people[Role.LEAD]
    first = _signed(service, people, "2024/25", [LATER, LATER])
    done, _carried = ImprovementAction.objects.filter(rating__assessment=first).order_by("pk")
    _complete(done, lead)
    _signed(service, people, "2025/26", carry_forward=True)
    pack = _pack(partnership)
    (summary,) = pack.included
    assert (summary.open_actions, summary.overdue_actions, summary.open_earlier) == (1, 0, "")
    (row,) = pack.follow_through.services
    assert row.earlier is None
    # Nothing still open from earlier: the follow-through reads as it did before.
    assert "Still open from" not in board_pack_html(pack)


def test_an_older_assessment_chosen_leaves_out_later_years_actions(partnership, people, service):
    """With 2025/26 chosen, the actions agreed in 2026/27 are not counted for it."""
    chosen = _signed(service, people, "2025/26", [LATER])
    _signed(service, people, "2026/27", [LATER, LATER])
    (summary,) = _pack(partnership, chosen=[str(chosen.pk)]).included
    assert (summary.open_actions, summary.open_earlier) == (1, "")


def test_open_actions_are_those_the_actions_page_follows(partnership, people, service):
    """The summary counts the service's open actions on the Actions page, over four years
    with one carried forward, one left behind and one completed."""
    lead = people[Role.LEAD]
    _signed(service, people, "2023/24", [PAST, LATER])
    second = _signed(service, people, "2024/25", [LATER, LATER], carry_forward=True)
    _complete(ImprovementAction.objects.filter(rating__assessment=second).last(), lead)
    _signed(service, people, "2025/26")
    _signed(service, people, "2026/27", [LATER])
    (summary,) = _pack(partnership).included
    on_page = partnership_actions(partnership, filters=Filters(), today=timezone.localdate())
    open_on_page = [a for a in on_page if a.current_status not in ("completed", "dropped")]
    assert summary.open_actions == len(open_on_page) == 4
    assert summary.overdue_actions == sum(a.overdue for a in on_page) == 1
    assert summary.open_earlier == "including 3 from 2024/25"


def test_pdf_is_made_again_when_an_earlier_action_is_completed(partnership, people, service):
    """Completing the 2025/26 action changes the PDF's HTML, so its cache key: the cached
    PDF saying "1 open" is never downloaded after."""
    first = _signed(service, people, "2025/26", [PAST])
    _signed(service, people, "2026/27")
    before = board_pack_html(_pack(partnership))
    _complete(ImprovementAction.objects.get(rating__assessment=first), people[Role.LEAD])
    after = board_pack_html(_pack(partnership))
    assert _actions_line(after) == ["No open actions"]
    assert pdf_key(before) != pdf_key(after)


def test_counting_earlier_actions_reads_no_more_as_services_grow(partnership, people):
    """The PDF's pack makes the same number of queries for one service as for three, each
    with an action left open two years back."""
    counts = []
    for n in range(3):
        service = ServiceFactory(partnership=partnership, name=f"Service {n}")
        for period, due in (("2024/25", [PAST]), ("2025/26", [LATER]), ("2026/27", [])):
            _signed(service, people, period, due)
        if n in (0, 2):
            with CaptureQueriesContext(connection) as queries:
                pack = _pack(partnership)
            assert [s.open_actions for s in pack.included] == [2] * (n + 1)
            assert all(s.earlier for s in pack.follow_through.services)
            counts.append(len(queries))
    assert counts[0] == counts[1], counts


@pytest.mark.parametrize(
    ("counts", "words", "line"),
    [
        (OpenActions(2, 0), "", "2 open"),
        (
            OpenActions(1, 1, (("2025/26", 1),)),
            "from 2025/26",
            "1 open (from 2025/26), of which 1 overdue",
        ),
        (
            OpenActions(3, 0, (("2025/26", 1),)),
            "including 1 from 2025/26",
            "3 open (including 1 from 2025/26)",
        ),
        (
            OpenActions(3, 1, (("2024/25", 1), ("2025/26", 2))),
            "1 from 2024/25 and 2 from 2025/26",
            "3 open (1 from 2024/25 and 2 from 2025/26), of which 1 overdue",
        ),
        (
            OpenActions(5, 0, (("2023/24", 1), ("2024/25", 1), ("2025/26", 1))),
            "including 1 from 2023/24, 1 from 2024/25 and 1 from 2025/26",
            "5 open (including 1 from 2023/24, 1 from 2024/25 and 1 from 2025/26)",
        ),
    ],
)
def test_open_actions_say_which_cycles_they_are_from(counts, words, line):
    """The open count says how many are from which earlier cycle, the overdue among all."""
    assert counts.earlier_words == words
    summary = {
        "open_actions": counts.open,
        "overdue_actions": counts.overdue,
        "open_earlier": words,
    }
    assert render_to_string("reports/_open_actions.html", {"summary": summary}) == line
