"""We say / people say on every report surface: page, PDF, board pack, CSV and XLSX."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from partnerships.models import Role
from tests.builders import complete, sign_off, submit
from tests.pdftext import pdf_text
from tests.voice_builders import open_round, respond
from voice import services
from voice.models import FeedbackAnswer

pytestmark = pytest.mark.django_db

QUOTED = "They listened to what matters to me"
NOT_QUOTED = "My neighbour Mrs Smith told me about it"


@pytest.fixture
def answered(draft, people):
    """Rated 4 throughout; six people answered: NV-06 mostly disagree, NV-08 only three."""
    lead = people[Role.LEAD]
    complete(user=lead, assessment=draft, value=4)
    feedback_round = open_round(user=lead, assessment=draft)
    for n in range(6):
        by_code = {"NV-06": "agree" if n == 0 else "disagree"}
        if n < 3:
            by_code["NV-08"] = "does-not-apply"
        comments = {"NV-01": QUOTED} if n == 0 else {"NV-02": NOT_QUOTED} if n == 1 else {}
        respond(feedback_round=feedback_round, by_code=by_code, comments=comments)
    answer = FeedbackAnswer.objects.get(comment=QUOTED)
    services.feedback_answer_mark_quotable(user=lead, answer_id=answer.pk, quotable=True)
    return draft


def _text(html: bytes) -> str:
    return " ".join(html.decode().split())


def test_the_report_page_shows_we_say_people_say(client, answered, people):
    """Team rating, share agreeing, count, the flag, the suppressed statement and the quote."""
    client.force_login(people[Role.VIEWER])
    html = _text(client.get(reverse("assessments:report", args=[answered.pk])).content)
    assert "We say, people say" in html
    assert "6 people who use the service, their carers or others answered" in html
    assert '<td>4 – Strengthening</td> <td>100% agree</td> <td class="num">6</td>' in html
    assert "17% agree" in html  # NV-06: 1 of 6
    assert html.count("Fewer than half agree") >= 2  # the summary and the table
    assert "NV-06 Designed with users and carers" in html.split("Fewer than half agree")[1]
    assert "fewer than 5 answers" in html  # NV-08: 3 answers
    assert QUOTED in html
    assert NOT_QUOTED not in html


def test_the_report_pdf_shows_the_same(client, answered, people, tmp_path):
    """The PDF has the section, its contents entry, the flag, the small number and the quote."""
    client.force_login(people[Role.VIEWER])
    response = client.get(reverse("assessments:report_pdf", args=[answered.pk]))
    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)
    text = pdf_text(path)
    assert text.count("We say, people say") >= 2  # contents and section
    assert "fewer than 5 answers" in text
    assert "17% agree" in text
    assert "Fewer than half agree" in text
    assert QUOTED in text and NOT_QUOTED not in text


def test_a_report_without_feedback_has_no_section(client, draft, people):
    """No round: nothing about people's voice in the report."""
    client.force_login(people[Role.VIEWER])
    html = client.get(reverse("assessments:report", args=[draft.pk])).content.decode()
    assert "We say, people say" not in html


def _csv_rows(client, url):
    content = client.get(url).content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(content)))


def test_spreadsheets_carry_people_say_with_small_numbers_hidden(client, answered, people):
    """CSV and Excel: statement, share, count and flag for each principle."""
    client.force_login(people[Role.VIEWER])
    rows = {
        r["Principle code"]: r
        for r in _csv_rows(client, reverse("assessments:export", args=[answered.pk, "csv"]))
    }
    assert rows["NV-01"]["People who agree"] == "100%"
    assert rows["NV-01"]["People who answered"] == "6"
    assert rows["NV-01"]["Fewer than half agree"] == "No"
    assert rows["NV-06"]["People who agree"] == "17%"
    assert rows["NV-06"]["Fewer than half agree"] == "Yes"
    assert rows["NV-08"]["People who agree"] == "fewer than 5 answers"
    assert rows["NV-08"]["People who answered"] == "fewer than 5 answers"
    assert rows["NV-08"]["Statement for people"] == "My carer and I both get the help we need"
    response = client.get(reverse("assessments:export", args=[answered.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    values = {
        row[header.index("Principle code")]: row
        for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert values["NV-08"][header.index("People who agree")] == "fewer than 5 answers"
    assert values["NV-06"][header.index("Fewer than half agree")] == "Yes"


def test_the_partnership_export_carries_people_say(client, answered, people):
    """The board pack's spreadsheet of every assessment has the same columns."""
    client.force_login(people[Role.VIEWER])
    url = reverse(
        "assessments:partnership_export",
        args=[answered.service.partnership.slug, answered.principle_set.slug, "csv"],
    )
    rows = {r["Principle code"]: r for r in _csv_rows(client, url)}
    assert rows["NV-06"]["Fewer than half agree"] == "Yes"


@pytest.fixture
def signed(answered, people):
    submit(user=people[Role.LEAD], assessment=answered)
    return sign_off(user=people[Role.APPROVER], assessment=answered)


def test_the_board_pack_shows_we_say_people_say(client, signed, people, tmp_path):
    """Page and PDF: the service's table, the flag and the quote."""
    client.force_login(people[Role.VIEWER])
    args = [signed.service.partnership.slug, signed.principle_set.slug]
    html = _text(client.get(reverse("assessments:board_pack", args=args)).content)
    assert "We say, people say: Hospital discharge to assess" in html
    assert "fewer than 5 answers" in html and QUOTED in html and NOT_QUOTED not in html
    response = client.get(reverse("assessments:board_pack_pdf", args=args))
    path = tmp_path / "pack.pdf"
    path.write_bytes(response.content)
    text = pdf_text(path)
    assert "We say, people say" in text and "fewer than 5 answers" in text
    assert "figures were frozen at sign-off" in text


def test_a_signed_off_report_never_changes(client, signed, people):
    """Whatever happens to the answers afterwards, the signed-off report says the same."""
    client.force_login(people[Role.VIEWER])
    url = reverse("assessments:report", args=[signed.pk])

    def main():  # the page's content, without the sign-out form's CSRF token
        html = client.get(url).content.decode()
        return html[html.index("<main") : html.index("</main>")]

    before = main()
    assert "figures were frozen at sign-off" in before
    FeedbackAnswer.objects.update(answer="strongly-agree")
    from principles.models import Principle

    Principle.objects.filter(code="NV-01").update(feedback_statement="Changed by an admin")
    assert main() == before


def _count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_reports_read_a_fixed_number_of_times_however_many_answered(client, answered, people):
    """Forty more people answering adds no query to the report page or its spreadsheet."""
    client.force_login(people[Role.VIEWER])
    urls = [
        reverse("assessments:report", args=[answered.pk]),
        reverse("assessments:export", args=[answered.pk, "csv"]),
    ]
    few = [_count(client, url) for url in urls]
    feedback_round = answered.feedback_round
    for n in range(40):
        respond(feedback_round=feedback_round, comments={"NV-03": f"Comment {n}"})
    FeedbackAnswer.objects.filter(comment__startswith="Comment").update(quotable=True)
    assert [_count(client, url) for url in urls] == few
