"""The board pack's counts agree and say only what is true: carried-forward actions counted
as their newest copy everywhere, last cycle taken from the assessments themselves, and an
out-of-date warning that names each service's own year."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import ActionStatus, ImprovementAction
from partnerships.models import Role
from principles.models import PrincipleSet
from reporting import board_pack
from reporting.documents import board_pack_html
from reporting.follow_through import previous_cycle
from tests.board_pack_data import pack_url, signed
from tests.builders import complete, new_action, rate, sign_off, start, submit
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

LATER = datetime.date(2030, 3, 31)


def _pack(partnership, **kwargs):
    return board_pack.build_board_pack(
        partnership, PrincipleSet.objects.get(slug="national-voices"), **kwargs
    )


def _signed_with_actions(service, people, period, count, *, carry_forward=False):
    """A signed-off assessment of ``service`` with ``count`` new open actions on NV-01."""
    lead = people[Role.LEAD]
    assessment = start(user=lead, service=service, period=period, carry_forward=carry_forward)
    complete(user=lead, assessment=assessment)
    if count:
        rate(
            user=lead,
            assessment=assessment,
            code="NV-02",
            actions=[new_action(description=f"{period} {n}", due_date=LATER) for n in range(count)],
        )
    submit(user=lead, assessment=assessment)
    return sign_off(user=people[Role.APPROVER], assessment=assessment)


def _carried_with_one_completed(service, people):
    """2025/26 signed off with two open actions; the 2026/27 draft carries both forward and
    marks one copy completed."""
    lead = people[Role.LEAD]
    last = _signed_with_actions(service, people, "2025/26", 2)
    this = start(user=lead, service=service, period="2026/27", carry_forward=True)
    first, second = ImprovementAction.objects.filter(rating__assessment=this).order_by("pk")
    rate(
        user=lead,
        assessment=this,
        code="NV-02",
        actions=[
            new_action(
                id=first.pk,
                description=first.description,
                due_date=first.due_date,
                status=ActionStatus.COMPLETED,
            ),
            new_action(
                id=second.pk,
                description=second.description,
                due_date=second.due_date,
                status=second.status,
            ),
        ],
    )
    return last


# Defect 1: one count of a service's actions ------------------------------------------------


def test_open_actions_count_a_carried_forward_action_as_its_newest_copy(
    partnership, people, service
):
    """An action whose carried copy is completed is not counted open in the summary."""
    last = _carried_with_one_completed(service, people)
    pack = _pack(partnership)
    (summary,) = pack.included
    assert summary.assessment.pk == last.pk
    assert (summary.open_actions, summary.overdue_actions) == (1, 0)


def test_summary_and_follow_through_give_the_same_counts(partnership, people, service):
    """The summary's open actions are the follow-through's in progress and overdue."""
    _carried_with_one_completed(service, people)
    pack = _pack(partnership)
    (summary,) = pack.included
    (row,) = pack.follow_through.services
    cycle = row.this_cycle
    assert (cycle.completed, cycle.in_progress + cycle.overdue) == (1, summary.open_actions)
    html = " ".join(board_pack_html(pack).split())
    assert '<strong class="term">Actions</strong> 1 open</li>' in html


def test_counting_carried_forward_actions_reads_no_more_as_services_grow(partnership, people):
    """The PDF's pack makes the same number of queries for one service as for three, each
    with actions carried forward."""
    counts = []
    for n in range(3):
        _carried_with_one_completed(
            ServiceFactory(partnership=partnership, name=f"Service {n}"), people
        )
        if n in (0, 2):
            with CaptureQueriesContext(connection) as queries:
                pack = _pack(partnership)
            assert [s.open_actions for s in pack.included] == [1] * (n + 1)
            counts.append(len(queries))
    assert counts[0] == counts[1], counts


# Defect 2: last cycle is the assessment before the one shown -------------------------------


def test_last_cycle_is_the_previous_signed_off_assessment_even_with_no_actions(
    partnership, people, service
):
    """With 2023/24 (3 actions), 2024/25 (none) and 2025/26, last cycle is 2024/25, said to
    have agreed no actions; 2023/24 is no cycle row, only its actions still open."""
    _signed_with_actions(service, people, "2023/24", 3)
    _signed_with_actions(service, people, "2024/25", 0)
    _signed_with_actions(service, people, "2025/26", 1)
    pack = _pack(partnership)
    (row,) = pack.follow_through.services
    assert (row.last_cycle.period, row.last_cycle.total) == ("2024/25", 0)
    html = " ".join(board_pack_html(pack).split())
    assert (
        '<td>2024/25 (last cycle)</td><td colspan="4">No improvement actions were agreed</td>'
        in html
    )
    assert "2023/24 (last cycle)" not in html
    # Never carried forward, its three actions are still open (tests/test_actions_review_pack.py).
    assert '<td>Still open from 2023/24</td><td class="num">–</td><td class="num">3</td>' in html


def test_no_last_cycle_row_without_an_earlier_signed_off_assessment(partnership, people, service):
    """A service's first signed-off assessment has no last cycle."""
    _signed_with_actions(service, people, "2025/26", 1)
    (row,) = _pack(partnership).follow_through.services
    assert row.last_cycle is None


def test_previous_cycle_skips_drafts_and_later_periods(partnership, people, service):
    """Last cycle is the latest signed-off assessment before the one shown, by period."""
    older = _signed_with_actions(service, people, "2022/23", 0)
    start(user=people[Role.LEAD], service=service, period="2023/24")  # a draft
    shown = _signed_with_actions(service, people, "2024/25", 0)
    _signed_with_actions(service, people, "2025/26", 0)
    (summary,) = _pack(partnership, chosen=[str(shown.pk)]).included
    assert previous_cycle(summary.assessment, summary.choices).pk == older.pk


def test_carried_forward_names_the_cycle_the_copies_came_from(partnership, people, service):
    """Copies carried from 2023/24 into 2025/26 are said to come from 2023/24, even when
    2024/25 was signed off in between."""
    lead = people[Role.LEAD]
    _signed_with_actions(service, people, "2023/24", 2)
    this = start(user=lead, service=service, period="2025/26", carry_forward=True)
    _signed_with_actions(service, people, "2024/25", 0)
    complete(user=lead, assessment=this)
    submit(user=lead, assessment=this)
    sign_off(user=people[Role.APPROVER], assessment=this)
    pack = _pack(partnership)
    (row,) = pack.follow_through.services
    assert (row.last_cycle.period, row.this_cycle.carried_forward) == ("2024/25", 2)
    html = " ".join(board_pack_html(pack).split())
    assert "2025/26 (this cycle; 2 carried forward from 2023/24)</td>" in html


# Defect 3: the out-of-date warning -------------------------------------------------------


def test_out_of_date_warning_names_each_services_year_and_the_newest(client, partnership, people):
    """Services behind at different years are each named with their own year, beside the
    newest signed-off year in the pack; services with none are not said to have one."""
    for name, period in (
        ("Alpha", "2025/26"),
        ("Beta", "2024/25"),
        ("Gamma", "2026/27"),
        ("Delta", None),
    ):
        service = ServiceFactory(partnership=partnership, name=name)
        if period:
            signed(service, people, period)
    client.force_login(people[Role.VIEWER])
    content = " ".join(client.get(pack_url(partnership)).content.decode().split())
    assert (
        "Out of date: Alpha's latest signed-off assessment is for 2025/26; Beta's latest "
        "signed-off assessment is for 2024/25. The newest signed-off assessment in this pack "
        "is for 2026/27." in content
    )
    assert "other services" not in content


def test_out_of_date_warning_says_when_an_older_assessment_was_chosen(client, partnership, people):
    """A service shown by an older assessment a reader chose is not said to be at its latest."""
    alpha = ServiceFactory(partnership=partnership, name="Alpha")
    older = signed(alpha, people, "2024/25")
    signed(alpha, people, "2025/26")
    signed(ServiceFactory(partnership=partnership, name="Beta"), people, "2025/26")
    client.force_login(people[Role.VIEWER])
    content = " ".join(
        client.get(pack_url(partnership), {"assessment": older.pk}).content.decode().split()
    )
    assert (
        "Out of date: Alpha's assessment chosen here is for 2024/25. The newest signed-off "
        "assessment in this pack is for 2025/26." in content
    )
