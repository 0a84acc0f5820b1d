"""Carried-forward answers count as not yet rated on every surface (issue 10, item 8)."""

import pytest

from partnerships.models import Role
from reporting import exports
from reporting.board_pack import build_board_pack
from reporting.documents import assessment_report_html
from reporting.reports import build_report
from tests import builders
from tests.figures import assess, page, signed
from tests.voice_builders import open_round, respond

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
    # The title already says the year, so it is not given again in brackets.
    assert last_year.title.endswith(" 2025/26") and "(2025/26)" not in start
    assert f"{last_year.title}, signed off on 4 March 2027" in start
    history = page(client, "history", carried["draft"].pk)
    assert f"copying answers from {last_year.title}, signed off on 4 March 2027" in history


def test_carried_forward_answers_count_as_not_rated_in_the_report(carried, viewer_client):
    """With nothing reviewed, the report scores nothing, covers nothing, compares nothing,
    and says how many answers were carried forward."""
    draft = carried["draft"]
    report = build_report(draft)
    assert report.score.weighted_score is None and report.score.coverage == 0
    assert report.score.change is None and report.score.carried_forward_count == 12
    content = page(viewer_client, "report", draft.pk)
    assert '<strong class="govuk-!-font-size-36">Not scored</strong>' in content
    assert "0 of 12, 12 carried forward and not yet confirmed" in content
    assert "12 of the 12 answers were carried forward from" in content
    assert "Up " not in content and "Down " not in content
    assert "Not rated yet: carried forward and not confirmed" in assessment_report_html(draft)


def test_carried_forward_answers_count_as_not_rated_in_the_task_list_and_board_pack(
    carried, people, viewer_client, partnership
):
    """The task list tags them "Check answer"; the board pack's cells are dashes."""
    draft = carried["draft"]
    overview = page(viewer_client, "overview", draft.pk)
    assert "0 of 12 principles completed." in overview  # a viewer completes nothing
    assert overview.count(">Check answer</strong>") == 12
    assert "In progress" not in overview and "carried forward: review it" not in overview
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


@pytest.fixture
def carried_weak(lead, service, people):
    """2025/26 signed off with NV-01 at 1 and no action (the reason given at submission) and
    NV-02 at 5; 2026/27 started from it, nothing reviewed."""
    last_year = assess(lead, service, period="2025/26", levels={"NV-01": 1, "NV-02": 5})
    builders.submit(user=lead, assessment=last_year, no_action_reasons={"NV-01": "Covered."})
    builders.sign_off(user=people[Role.APPROVER], assessment=last_year)
    return builders.start(user=lead, service=service, period="2026/27", carry_forward=True)


def test_an_unconfirmed_weak_answer_is_not_listed_as_having_no_action(carried_weak):
    """Page one's "No action" list names only principles someone has rated this time."""
    page_one = build_report(carried_weak).page_one
    assert page_one.no_action == []
    builders.rate(user=carried_weak.created_by, assessment=carried_weak, code="NV-01", value=1)
    assert [row.rating.code for row in build_report(carried_weak).page_one.no_action] == ["NV-01"]


def test_we_say_is_not_an_unconfirmed_answer(carried_weak, lead):
    """ "We say" reads a carried-forward answer as not rated, so people disagreeing with last
    year's 5 is not flagged until someone confirms that 5."""
    feedback_round = open_round(user=lead, assessment=carried_weak)
    for _ in range(6):
        respond(feedback_round=feedback_round, answer="disagree")
    rows = {row.team.code: row for row in build_report(carried_weak).voice.rows}
    assert rows["NV-02"].team.answer == "Not rated yet: carried forward and not confirmed"
    assert rows["NV-02"].team.level_value is None and not rows["NV-02"].flagged
    builders.rate(user=lead, assessment=carried_weak, code="NV-02", value=5)
    confirmed = {row.team.code: row for row in build_report(carried_weak).voice.rows}
    assert confirmed["NV-02"].team.answer == "5 – Embedded" and confirmed["NV-02"].flagged


def test_the_level_table_counts_every_principle_in_the_scales_words(carried_weak, lead):
    """Each level with its word, then not rated (with carried forward) and not applicable,
    adding up to every principle; a principle's detail gives no score it does not have."""
    builders.rate(user=lead, assessment=carried_weak, code="NV-03", value=4)
    builders.rate(user=lead, assessment=carried_weak, code="NV-04", value=None, na=True)
    report = build_report(carried_weak)
    assert report.levels == [
        ("1 – Not evident", 0),
        ("2 – Limited", 0),
        ("3 – Growing", 0),
        ("4 – Strengthening", 1),
        ("5 – Embedded", 0),
        ("Not rated, or carried forward and not confirmed", 10),
        ("Not applicable", 1),
    ]
    html = " ".join(assessment_report_html(carried_weak).split())
    assert '<th scope="row">All principles</th><td class="num">12</td>' in html
    assert "(score Not scored)" not in html
    assert "Not rated yet: carried forward and not confirmed</li>" in html
