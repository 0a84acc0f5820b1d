"""Carried-forward answers count as not yet rated on every surface (issue 10, item 8)."""

import pytest

from partnerships.models import Role
from reporting import exports
from reporting.board_pack import build_board_pack
from reporting.documents import assessment_report_html
from reporting.reports import build_report
from tests import builders
from tests.figures import assess, page, signed

pytestmark = pytest.mark.django_db


@pytest.fixture
def carried(lead, service, people):
    """2025/26 signed off, all at 3; a 2026/27 draft abandoned at 3 of 12 with level 5; and
    2027/28 started from the previous assessment, nothing reviewed."""
    last_year = signed(assess(lead, service, period="2025/26"), people)
    abandoned = builders.start(user=lead, service=service, period="2026/27")
    for code in ("NV-01", "NV-02", "NV-03"):
        builders.rate(user=lead, assessment=abandoned, code=code, value=5)
    draft = builders.start(user=lead, service=service, period="2027/28", carry_forward=True)
    return {"last_year": last_year, "abandoned": abandoned, "draft": draft}


def test_start_copies_only_the_latest_signed_off_assessment(carried):
    """The later draft is never copied: the answers come from the signed-off one."""
    draft = carried["draft"]
    assert draft.previous == carried["last_year"]
    rating = builders.rating_for(assessment=draft, code="NV-01")
    assert rating.level.value == 3 and rating.carried_forward


def test_start_page_and_history_name_the_assessment_copied(carried, people, client):
    """The start page says which assessment would be copied; the history names it."""
    client.force_login(people[Role.LEAD])
    last_year = carried["last_year"]
    start = page(client, "start")
    assert f"{last_year.title} (2025/26), signed off on 4 March 2027" in start
    history = page(client, "history", carried["draft"].pk)
    assert f"copying answers from {last_year.title} (2025/26), signed off on 4 March 2027" in (
        history
    )


def test_carried_forward_answers_count_as_not_rated_in_the_report(carried, viewer_client):
    """With nothing reviewed, the report scores nothing, covers nothing, compares nothing,
    and says how many answers were carried forward."""
    draft = carried["draft"]
    report = build_report(draft)
    assert report.score.weighted_score is None and report.score.coverage == 0
    assert report.score.change is None and report.score.carried_forward_count == 12
    content = page(viewer_client, "report", draft.pk)
    assert '<strong class="govuk-!-font-size-36">Not scored</strong>' in content
    assert "0 of 12 answered, 12 carried forward and not yet confirmed" in content
    assert "12 of the 12 answers were carried forward from" in content
    assert "Up " not in content and "Down " not in content
    assert "Not rated yet: carried forward and not confirmed" in assessment_report_html(draft)


def test_carried_forward_answers_count_as_not_rated_in_the_task_list_and_board_pack(
    carried, people, viewer_client, partnership
):
    """The task list shows them in progress; the board pack's cells are dashes."""
    draft = carried["draft"]
    overview = page(viewer_client, "overview", draft.pk)
    assert "You have completed 0 of 12 principles." in overview
    assert overview.count("(carried forward: review it)") == 12
    pack = build_board_pack(partnership, draft.principle_set, chosen=[str(draft.pk)])
    summary = pack.included[0]
    assert summary.score.weighted_score is None
    assert {cell.text for cell in summary.cells} == {"–"}


def test_carried_forward_answers_count_as_not_rated_in_the_exports(carried, lead):
    """Spreadsheets leave a carried-forward answer's level, label and score blank and say it
    is carried forward, until someone confirms it."""
    draft = carried["draft"]
    builders.rate(user=lead, assessment=draft, code="NV-01", value=4)  # reviewed
    rows = {row[7]: row for row in exports.assessment_rows(draft)}
    column = exports.COLUMNS.index
    carried_row, reviewed = rows["NV-02"], rows["NV-01"]
    assert carried_row[column("Level")] is None and carried_row[column("Level label")] == ""
    assert carried_row[column("Score (%)")] is None
    assert carried_row[column("Carried forward, not yet confirmed")] == "Yes"
    assert reviewed[column("Level")] == 4 and reviewed[column("Score (%)")] == 75
    assert reviewed[column("Carried forward, not yet confirmed")] == "No"
