"""Review fixes: comments grouped by statement, a draft's PDF never named as signed off, the
spreadsheet's UK submission date, and the export's "Spread" worded as the report's."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse

from assessments.models import Assessment
from partnerships.models import Role
from reporting import exports
from reporting import pdf as pdf_module
from tests import test_pdf_jobs
from tests.builders import reload, sign_off
from tests.team_data import agreement_phase, three_raters
from tests.voice_builders import open_round, respond
from voice.selectors import comments_for_round, statement_principles

pytestmark = pytest.mark.django_db

# The queue that keeps tasks until a worker takes them, and the worker's step, as there.
queue = test_pdf_jobs.queue
run = test_pdf_jobs.run


@pytest.fixture
def renders(monkeypatch):
    """Every HTML WeasyPrint is asked to render; each PDF says which render it was."""
    made = []

    def stub(html):
        made.append(html)
        return f"%PDF-stub {len(made)}".encode()

    monkeypatch.setattr(pdf_module, "html_to_pdf", stub)
    return made


# Defect 1: the comments page groups comments by statement, never by person ---------------------


@pytest.fixture
def two_people_commenting(draft, people):
    """Two people, each commenting on the set's first two statements."""
    feedback_round = open_round(user=people[Role.LEAD], assessment=draft)
    codes = [p.code for p in statement_principles(draft.principle_set)][:2]
    for person in ("Ann", "Bob"):
        respond(
            feedback_round=feedback_round, comments={code: f"{person} on {code}" for code in codes}
        )
    return feedback_round, codes


def test_the_selector_gives_each_statement_once_in_the_sets_order(two_people_commenting):
    """Two people's comments on two statements come as two groups, in the set's order."""
    feedback_round, codes = two_people_commenting
    groups = comments_for_round(feedback_round)
    assert [group.principle.code for group in groups] == codes
    assert [[a.comment for a in group.answers] for group in groups] == [
        [f"Ann on {code}", f"Bob on {code}"] for code in codes
    ]


def test_the_comments_page_heads_each_statement_once_in_the_sets_order(
    client, people, two_people_commenting
):
    """The page shows each statement's heading once, so one person's comments never sit together."""
    feedback_round, codes = two_people_commenting
    client.force_login(people[Role.VIEWER])
    response = client.get(reverse("voice:comments", args=[feedback_round.assessment_id]))
    headings = re.findall(r'<h2 class="govuk-heading-m">(\S+) ', response.content.decode())
    assert headings == codes


# Defect 2: a PDF asked for before a sign-off is never downloaded under the signed-off name -----


def _filename(response) -> str:
    return response["Content-Disposition"].split("filename=")[1].strip('"')


def _made_from(response, renders) -> str:
    """The HTML the downloaded stub PDF was rendered from."""
    return renders[int(response.content.decode().split()[-1]) - 1]


def _download_once_made(client, url, queue, query=None):
    """The download, once the worker has made what it queued."""
    response = client.get(url, query or {})
    if response.status_code == 202:
        run(queue[-1])
        response = client.get(url, query or {})
    assert response.status_code == 200
    return response


def test_the_report_pdf_asked_for_before_sign_off_is_not_named_signed_off(
    client, people, submitted, queue, renders
):
    """Ready while submitted, downloaded after the sign-off: the signed-off PDF, not the draft."""
    url = reverse("assessments:report_pdf", args=[submitted.pk])
    client.force_login(people[Role.APPROVER])
    assert client.get(url).status_code == 202
    run(queue[0])
    assert client.get(url, {"status": "1"}).json()["state"] == "ready"
    assert "DRAFT – submitted for sign-off" in renders[0]
    sign_off(user=people[Role.APPROVER], assessment=submitted)
    response = _download_once_made(client, url, queue)
    assert "-report-signed-off-2027-03-04.pdf" in _filename(response)
    assert response.content != b"%PDF-stub 1"
    shown = _made_from(response, renders)
    assert "DRAFT" not in shown and "Signed off" in shown


def test_the_board_pack_asked_for_before_sign_off_is_not_named_final(
    client, people, partnership, submitted, queue, renders
):
    """A draft board pack ready before the sign-off is not downloaded under the final name."""
    url = reverse("assessments:board_pack_pdf", args=[partnership.slug, "national-voices"])
    client.force_login(people[Role.APPROVER])
    chosen = {"assessment": submitted.pk}
    assert client.get(url, chosen).status_code == 202
    run(queue[0])
    assert client.get(url, {**chosen, "status": "1"}).json()["state"] == "ready"
    assert "DRAFT" in renders[0]
    sign_off(user=people[Role.APPROVER], assessment=submitted)
    response = _download_once_made(client, url, queue, chosen)
    assert "-draft-" not in _filename(response)
    assert response.content != b"%PDF-stub 1"
    assert "DRAFT" not in _made_from(response, renders)


# Defect 3: the spreadsheet's "Submitted" is the UK date, as pages write it ---------------------


def test_the_spreadsheet_submitted_date_is_the_uk_date(submitted):
    """Submitted at 23:30 UTC on 20 October (British Summer Time) reads 21 October."""
    late = datetime.datetime(2026, 10, 20, 23, 30, tzinfo=datetime.UTC)
    Assessment.objects.filter(pk=submitted.pk).update(submitted_at=late)
    rows = list(exports.assessment_rows(reload(assessment=submitted)))
    column = exports.COLUMNS.index("Submitted")
    assert {row[column] for row in rows} == {datetime.date(2026, 10, 21)}


# Defect 4: the export's spread column says what the report's team table says -------------------


def _team_table_words(html: str) -> dict[str, str]:
    """The report's team table: its last column's heading, and each principle's last cell."""
    table = html[html.index("How the team rated each principle</caption>") :]
    table = table[: table.index("</table>")]
    words = {"heading": re.findall(r'<th scope="col"[^>]*>([^<]+)</th>', table)[-1]}
    for row in table.split("<tr>")[2:]:
        code = re.search(r'<th scope="row">(\S+)', row)[1]
        words[code] = re.sub(r"<[^>]+>", "", re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)[-1])
    return words


def test_the_export_words_the_spread_as_the_reports_team_table(
    client, people, service, partnership
):
    """A principle not agreed yet and not split reads "Not split" under "Spread", as in the
    report, never "Agreed" beside a blank level."""
    draft = agreement_phase(service, people, three_raters(partnership, people))
    client.force_login(people[Role.LEAD])
    report = _team_table_words(
        client.get(reverse("assessments:report", args=[draft.pk])).content.decode()
    )
    content = client.get(reverse("assessments:export", args=[draft.pk, "csv"])).content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    header = rows[0]
    assert report["heading"] == "Spread" and "Spread" in header and "Team agreement" not in header
    said = {row[header.index("Principle code")]: row[header.index("Spread")] for row in rows[1:]}
    nv01 = next(row for row in rows if row[header.index("Principle code")] == "NV-01")
    assert nv01[header.index("Level")] == "" and said["NV-01"] == "Not split"
    assert said["NV-02"] == "Split"
    assert "Agreed" not in said.values()
    assert said == {code: words for code, words in report.items() if code != "heading"}
