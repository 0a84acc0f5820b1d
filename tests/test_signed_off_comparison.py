"""A signed-off report compares with what was signed off before it was: signing off an
earlier year afterwards never changes its figures; a draft compares with the latest earlier
signed-off assessment, whenever that was signed off."""

import pytest

from reporting.board_pack import build_board_pack
from reporting.reports import build_report
from tests import builders

pytestmark = pytest.mark.django_db


def _signed_off(people, service, period: str, value: int):
    """An assessment of ``service`` for ``period``, every principle at ``value``, signed off."""
    draft = builders.start(user=people["lead"], service=service, period=period)
    builders.complete(user=people["lead"], assessment=draft, value=value)
    builders.submit(user=people["lead"], assessment=draft)
    return builders.sign_off(user=people["approver"], assessment=draft)


def _pack_previous(service, chosen) -> int | None:
    """The id of the assessment the board pack compares ``chosen`` with."""
    pack = build_board_pack(service.partnership, chosen.principle_set, chosen=[str(chosen.pk)])
    (summary,) = [s for s in pack.services if s.service.pk == service.pk]
    assert summary.assessment.pk == chosen.pk
    return summary.previous.pk if summary.previous else None


def test_an_earlier_year_signed_off_afterwards_leaves_a_signed_off_report_as_it_was(
    people, service
):
    """2025/26 signed off with nothing before it; 2024/25 signed off later changes nothing."""
    later = _signed_off(people, service, "2025/26", 4)
    before = build_report(later)
    assert before.previous is None
    _signed_off(people, service, "2024/25", 2)
    after = build_report(later)
    assert after.previous is None
    assert after.score.change is None and after.score == before.score
    assert [row.previous_answer for row in after.rows] == [""] * len(after.rows)
    assert _pack_previous(service, later) is None


def test_a_signed_off_report_keeps_the_year_it_was_compared_with(people, service):
    """2026/27 compared with 2024/25 at sign-off still is once 2025/26 is signed off."""
    first = _signed_off(people, service, "2024/25", 2)
    latest = _signed_off(people, service, "2026/27", 4)
    assert build_report(latest).previous == first
    _signed_off(people, service, "2025/26", 3)
    report = build_report(latest)
    assert report.previous == first
    assert {row.previous_answer.split(" – ")[0] for row in report.rows} == {"2"}
    assert _pack_previous(service, latest) == first.pk


def test_a_draft_compares_with_the_latest_earlier_year_whenever_it_was_signed_off(people, service):
    """A draft's comparison is live: an earlier year signed off later is the one before it."""
    _signed_off(people, service, "2024/25", 2)
    draft = builders.start(user=people["lead"], service=service, period="2026/27")
    builders.complete(user=people["lead"], assessment=draft, value=4)
    middle = _signed_off(people, service, "2025/26", 3)
    assert build_report(draft).previous == middle
    assert _pack_previous(service, draft) == middle.pk
