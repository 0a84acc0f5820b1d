"""Members' feedback pages: the round, managing it, the poster, assisted answers, comments."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partnerships.models import Role
from tests.pdftext import pdf_text
from tests.voice_builders import open_round, respond
from voice.models import FeedbackAnswer, FeedbackResponse, FeedbackRound
from voice.selectors import statement_principles
from voice.views.comments import comment_reference

pytestmark = pytest.mark.django_db


@pytest.fixture
def feedback_round(draft, people):
    return open_round(user=people[Role.LEAD], assessment=draft)


def _date(data: dict, when: datetime.date) -> dict:
    return {**data, "closes_on_0": when.day, "closes_on_1": when.month, "closes_on_2": when.year}


def test_a_lead_opens_the_form_from_the_page(client, draft, people):
    """No round yet: the lead opens one with a closing date and sees its link."""
    client.force_login(people[Role.LEAD])
    page = client.get(reverse("voice:overview", args=[draft.pk]))
    assert b"Open a feedback form" in page.content
    form = client.get(reverse("voice:manage", args=[draft.pk]))
    suggested = form.context["form"].initial["closes_on"]
    assert suggested == timezone.localdate() + datetime.timedelta(weeks=4)
    response = client.post(
        reverse("voice:manage", args=[draft.pk]),
        _date({"action": "open", "version": 0}, suggested),
    )
    assert response["Location"] == reverse("voice:overview", args=[draft.pk])
    feedback_round = FeedbackRound.objects.get(assessment=draft)
    page = client.get(response["Location"])
    link = f"http://testserver/feedback/{feedback_round.token}/"
    assert link in page.content.decode()
    assert b"The feedback form is open" in page.content


def test_a_closing_date_in_the_past_is_an_error(client, draft, people):
    """The form says why, with a code, and nothing is opened."""
    client.force_login(people[Role.LEAD])
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        reverse("voice:manage", args=[draft.pk]), _date({"action": "open"}, yesterday)
    )
    assert response.status_code == 200
    (error,) = response.context["form"].errors.as_data()["closes_on"]
    # Named as the field's other errors name it ("Closing date must be a real date").
    assert (error.code, error.message) == ("in_past", "Closing date must be today or in the future")
    assert not FeedbackRound.objects.exists()


def test_a_lead_closes_and_reopens(client, feedback_round, people):
    """Close now, then reopen with a new date: the link works again."""
    client.force_login(people[Role.LEAD])
    url = reverse("voice:manage", args=[feedback_round.assessment_id])
    client.post(url, {"action": "close", "version": feedback_round.version})
    feedback_round.refresh_from_db()
    assert feedback_round.closed_at is not None
    page = client.get(reverse("voice:overview", args=[feedback_round.assessment_id]))
    assert b"Closed" in page.content and b"Reopen the form" in page.content
    when = timezone.localdate() + datetime.timedelta(days=10)
    client.post(url, _date({"action": "reopen", "version": feedback_round.version}, when))
    feedback_round.refresh_from_db()
    assert feedback_round.closed_at is None and feedback_round.closes_on == when


@pytest.mark.parametrize("role", [Role.CONTRIBUTOR, Role.APPROVER, Role.VIEWER])
def test_only_leads_manage_the_round(client, feedback_round, people, role):
    """Others get 403 and the round is unchanged."""
    client.force_login(people[role])
    url = reverse("voice:manage", args=[feedback_round.assessment_id])
    assert client.get(url).status_code == 403
    assert client.post(url, {"action": "close"}).status_code == 403
    feedback_round.refresh_from_db()
    assert feedback_round.closed_at is None


def test_the_poster_has_the_link_and_a_qr_code(client, feedback_round, people, tmp_path):
    """An A4 tagged PDF with the service name, the link written out, and the QR image."""
    client.force_login(people[Role.CONTRIBUTOR])
    response = client.get(reverse("voice:poster", args=[feedback_round.assessment_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="feedback-poster-')
    pdf = tmp_path / "poster.pdf"
    pdf.write_bytes(response.content)
    text = pdf_text(pdf)
    assert "Tell us what you think of Hospital discharge to assess" in text
    assert f"http://testserver/feedback/{feedback_round.token}/" in text.replace(" ", "")
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    assert len(reader.pages) == 1
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]  # tagged
    assert reader.pages[0].images or "/XObject" in str(reader.pages[0]["/Resources"])


def test_the_qr_code_holds_the_link():
    """The QR code encodes exactly the public link, as an SVG data: address."""
    from urllib.parse import unquote

    from voice.poster import qr_data_uri

    uri = qr_data_uri("https://care.example.org/feedback/abcDEF123_-xyzABC/")
    assert uri.startswith("data:image/svg+xml")
    assert "<svg" in unquote(uri)


def test_viewers_cannot_print_posters_or_enter_answers(client, feedback_round, people):
    """Viewers read only."""
    client.force_login(people[Role.VIEWER])
    pk = feedback_round.assessment_id
    assert client.get(reverse("voice:poster", args=[pk])).status_code == 403
    assert client.get(reverse("voice:assisted", args=[pk])).status_code == 403
    assert client.post(reverse("voice:assisted", args=[pk]), {}).status_code == 403


def test_a_member_enters_an_assisted_response(client, feedback_round, people):
    """All statements on one page; stored as assisted with who entered it."""
    contributor = people[Role.CONTRIBUTOR]
    client.force_login(contributor)
    url = reverse("voice:assisted", args=[feedback_round.assessment_id])
    page = client.get(url)
    assert page.status_code == 200
    principles = statement_principles(feedback_round.assessment.principle_set)
    data = {"answering_as": "person"}
    for principle in principles:
        data[f"answer_{principle.pk}"] = "neither"
        data[f"comment_{principle.pk}"] = ""
    data[f"comment_{principles[0].pk}"] = "Said on the phone: the nurse listened"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    stored = FeedbackResponse.objects.get()
    assert stored.assisted and stored.entered_by == contributor
    assert stored.answers.count() == 12


def test_assisted_answers_need_every_statement(client, feedback_round, people):
    """The first error is who is answering; every statement is required."""
    client.force_login(people[Role.LEAD])
    response = client.post(reverse("voice:assisted", args=[feedback_round.assessment_id]), {})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert next(iter(errors)) == "answering_as"
    assert len(errors) == 13
    assert not FeedbackResponse.objects.exists()


def test_assisted_answers_need_an_open_round(client, draft, people):
    """No round: back to the round's page with a message (a closed one: not-now page)."""
    client.force_login(people[Role.LEAD])
    response = client.get(reverse("voice:assisted", args=[draft.pk]))
    assert response["Location"] == reverse("voice:overview", args=[draft.pk])


def test_comments_are_for_members_and_leads_choose_quotes(client, feedback_round, people):
    """Every member reads comments; a lead marks one quotable, others cannot."""
    for _ in range(4):  # enough answers that reports show the statement's figures and quotes
        respond(feedback_round=feedback_round)
    respond(feedback_round=feedback_round, comments={"NV-03": "Nobody asked how I was doing"})
    answer = FeedbackAnswer.objects.exclude(comment="").get()
    url = reverse("voice:comments", args=[feedback_round.assessment_id])
    client.force_login(people[Role.VIEWER])
    assert b"Nobody asked how I was doing" in client.get(url).content
    marking = {"answer": comment_reference(answer.pk), "quotable": "yes"}
    assert client.post(url, marking).status_code == 403
    client.force_login(people[Role.LEAD])
    response = client.post(url, marking)
    assert response["Location"].endswith(f"#comment-{comment_reference(answer.pk)}")
    answer.refresh_from_db()
    assert answer.quotable and answer.marked_by == people[Role.LEAD]
    assert b"Quoted in reports" in client.get(url).content


def test_a_lead_cannot_mark_another_rounds_comment(client, feedback_round, people, draft):
    """Another round's comment is not found, even by its reference."""
    from tests.builders import start

    other_draft = start(user=people[Role.LEAD], service=draft.service, period="2027/28")
    other_round = open_round(user=people[Role.LEAD], assessment=other_draft)
    respond(feedback_round=other_round, comments={"NV-01": "Elsewhere"})
    answer = FeedbackAnswer.objects.exclude(comment="").get()
    client.force_login(people[Role.LEAD])
    url = reverse("voice:comments", args=[feedback_round.assessment_id])
    marking = {"answer": comment_reference(answer.pk), "quotable": "yes"}
    assert client.post(url, marking).status_code == 404
    assert client.post(url, {"answer": "abc", "quotable": "yes"}).status_code == 404


def test_the_round_page_shows_we_say_people_say_with_small_numbers_hidden(
    client, feedback_round, people
):
    """Six people answered, one statement only by four: 'fewer than 5 answers' there."""
    for n in range(6):
        by_code = {"NV-12": "does-not-apply"} if n < 2 else {}
        respond(feedback_round=feedback_round, answer="agree", by_code=by_code)
    client.force_login(people[Role.VIEWER])
    html = client.get(reverse("voice:overview", args=[feedback_round.assessment_id])).content
    html = html.decode()
    assert "We say, people say" in html
    assert "100% agree" in html
    assert html.count("fewer than 5 answers") >= 1
    assert "People who answered</dt>" in html


def _queries(client, url) -> int:
    client.get(url)  # warm up: session and content types
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_members_pages_read_a_fixed_number_of_times(client, feedback_round, people):
    """More people answering never means more queries on the round or comments pages."""
    client.force_login(people[Role.LEAD])
    pk = feedback_round.assessment_id
    urls = [reverse("voice:overview", args=[pk]), reverse("voice:comments", args=[pk])]
    respond(feedback_round=feedback_round, comments={"NV-01": "One"})
    few = [_queries(client, url) for url in urls]
    for n in range(20):
        respond(
            feedback_round=feedback_round,
            comments={"NV-01": f"Comment {n}", "NV-05": "Another"},
            answering_as="carer" if n % 2 else "person",
            entered_by=people[Role.CONTRIBUTOR] if n % 3 == 0 else None,
        )
    many = [_queries(client, url) for url in urls]
    assert many == few
    assert max(many) <= 16


C, L, A, V = Role.CONTRIBUTOR, Role.LEAD, Role.APPROVER, Role.VIEWER
WITH_ROUND = {
    "voice:overview": {C: 200, L: 200, A: 200, V: 200},
    "voice:comments": {C: 200, L: 200, A: 200, V: 200},
    "voice:manage": {C: 403, L: 200, A: 403, V: 403},
    "voice:poster": {C: 200, L: 200, A: 200, V: 403},
    "voice:assisted": {C: 200, L: 200, A: 200, V: 403},
}


@pytest.mark.parametrize("role", [C, L, A, V])
def test_each_role_with_an_open_round(client, feedback_round, people, role):
    """With a round open, each role gets what its role allows; another partnership gets 404."""
    from tests.factories import PartnershipFactory, member

    client.force_login(people[role])
    pk = feedback_round.assessment_id
    for name, expected in WITH_ROUND.items():
        assert client.get(reverse(name, args=[pk])).status_code == expected[role], name
    stranger = member(PartnershipFactory(), role)
    client.force_login(stranger)
    for name in WITH_ROUND:
        url = reverse(name, args=[pk])
        assert client.get(url).status_code == 404, name
        assert client.post(url, {"action": "close", "answer": 1}).status_code == 404, name
    feedback_round.refresh_from_db()
    assert feedback_round.closed_at is None


def test_the_poster_is_made_in_the_background_like_every_pdf(
    client, feedback_round, people, settings
):
    """With a queue and no worker yet: "Preparing your PDF", then the poster once it is made."""
    from django.tasks import task_backends

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    backend = task_backends["default"]
    backend.clear()
    client.force_login(people[Role.LEAD])
    url = reverse("voice:poster", args=[feedback_round.assessment_id])
    waiting = client.get(url)
    assert waiting.status_code == 202
    assert b"Preparing your PDF" in waiting.content
    (job,) = backend.results
    job.task.call(*job.args, **job.kwargs)  # what the worker does
    made = client.get(url)
    assert made.status_code == 200 and made.content.startswith(b"%PDF")
