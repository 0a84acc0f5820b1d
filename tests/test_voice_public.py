"""The public feedback form: no sign-in, nothing but the service's name, abuse controls."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partnerships.models import Role
from tests.voice_builders import open_round
from voice import services
from voice.models import FeedbackAnswer, FeedbackResponse
from voice.selectors import pages_of, statement_principles

pytestmark = pytest.mark.django_db


@pytest.fixture
def feedback_round(draft, people):
    return open_round(user=people[Role.LEAD], assessment=draft)


def _pages(feedback_round):
    return pages_of(statement_principles(feedback_round.assessment.principle_set))


def _part_data(page, answer="agree", comment=""):
    data = {}
    for principle in page:
        data[f"answer_{principle.pk}"] = answer
        data[f"comment_{principle.pk}"] = comment
    return data


def answer_everything(client, feedback_round, *, answer="agree", comment="", send=True):
    """Go through the whole form as a person would; returns the last response."""
    token = feedback_round.token
    assert client.get(reverse("voice:start", args=[token])).status_code == 200
    response = client.post(reverse("voice:who", args=[token]), {"answering_as": "carer"})
    assert response.status_code == 302, response.content[:500]
    for number, page in enumerate(_pages(feedback_round), start=1):
        url = reverse("voice:questions", args=[token, number])
        assert client.get(url).status_code == 200
        response = client.post(url, _part_data(page, answer, comment))
        assert response.status_code == 302, response.content[:2000]
    assert response["Location"] == reverse("voice:check", args=[token])
    assert client.get(response["Location"]).status_code == 200
    if send:
        response = client.post(reverse("voice:check", args=[token]))
    return response


def test_a_person_answers_without_signing_in(client, feedback_round):
    """Start, who, three question pages, check, send: one response with 12 answers."""
    response = answer_everything(client, feedback_round, comment="Kind and quick")
    assert response.status_code == 302
    assert response["Location"] == reverse("voice:sent", args=[feedback_round.token])
    sent = client.get(response["Location"])
    assert sent.status_code == 200 and b"Your answers have been sent" in sent.content
    stored = FeedbackResponse.objects.get()
    assert stored.answering_as == "carer" and not stored.assisted and stored.entered_by is None
    assert stored.answers.count() == 12
    assert set(stored.answers.values_list("comment", flat=True)) == {"Kind and quick"}
    # The answers left the session when they were sent: nothing lingers on a shared device.
    assert not [
        key for key, _ in client.session.items() if key.startswith("voice:") and key != "voice:sent"
    ]


def test_the_form_shows_the_service_and_nothing_else_about_the_partnership(client, feedback_round):
    """Service name yes; partnership, assessment title and links into the app no."""
    assessment = feedback_round.assessment
    token = feedback_round.token
    client.post(reverse("voice:who", args=[token]), {"answering_as": "person"})
    for url in [
        reverse("voice:start", args=[token]),
        reverse("voice:who", args=[token]),
        reverse("voice:questions", args=[token, 1]),
    ]:
        html = client.get(url).content.decode()
        assert assessment.service.name in html or url.endswith("/who/")
        assert assessment.service.partnership.name not in html
        assert assessment.title not in html
        assert 'href="/"' not in html and "/assessments/" not in html and "/admin" not in html


def test_the_start_page_says_not_to_write_personal_information(client, feedback_round):
    """A clear line about names and details, and that the statements are ours."""
    html = client.get(reverse("voice:start", args=[feedback_round.token])).content.decode()
    assert "Do not write your name, or anyone else" in html
    assert "We wrote the sentences for this form" in html


def test_statements_are_numbered_with_a_does_not_apply_answer(client, feedback_round):
    """Each statement is its own question, with the five answers and "Does not apply to me"."""
    token = feedback_round.token
    client.post(reverse("voice:who", args=[token]), {"answering_as": "person"})
    html = client.get(reverse("voice:questions", args=[token, 2])).content.decode()
    first = _pages(feedback_round)[1][0]
    assert f"5. {first.feedback_statement}" in html
    for label in ["Strongly agree", "Neither agree nor disagree", "Does not apply to me"]:
        assert label in html
    assert "You can enter up to 1,000 characters" in html


def test_missing_answers_are_errors_naming_the_sentence(client, feedback_round):
    """Error summary, 'Error:' title, and one message per unanswered sentence."""
    token = feedback_round.token
    client.post(reverse("voice:who", args=[token]), {"answering_as": "person"})
    page = _pages(feedback_round)[0]
    data = _part_data(page)
    del data[f"answer_{page[1].pk}"]
    data[f"comment_{page[2].pk}"] = "x" * 1001
    response = client.post(reverse("voice:questions", args=[token, 1]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html
    errors = response.context["form"].errors.as_data()
    assert errors[f"answer_{page[1].pk}"][0].code == "required"
    assert str(errors[f"answer_{page[1].pk}"][0].message) == "Select an answer for sentence 2"
    assert errors[f"comment_{page[2].pk}"][0].code == "max_length"
    assert not FeedbackResponse.objects.exists()


def test_who_is_answering_is_required(client, feedback_round):
    """No choice: an error with a code; a made-up value too."""
    url = reverse("voice:who", args=[feedback_round.token])
    for data in ({}, {"answering_as": "robot"}):
        response = client.post(url, data)
        assert response.status_code == 200
        assert response.context["form"].errors.as_data()["answering_as"][0].code in {
            "required",
            "invalid_choice",
        }


def test_pages_out_of_order_lead_back_to_the_right_place(client, feedback_round):
    """Questions before 'who', a page that does not exist, or checking too early."""
    token = feedback_round.token
    assert client.get(reverse("voice:questions", args=[token, 2]))["Location"] == reverse(
        "voice:who", args=[token]
    )
    client.post(reverse("voice:who", args=[token]), {"answering_as": "person"})
    assert client.get(reverse("voice:questions", args=[token, 99]))["Location"] == reverse(
        "voice:questions", args=[token, 1]
    )
    assert client.get(reverse("voice:check", args=[token]))["Location"] == reverse(
        "voice:questions", args=[token, 1]
    )
    assert client.get(reverse("voice:sent", args=[token])).status_code == 404


def test_answers_can_be_changed_before_sending(client, feedback_round):
    """Going back to a page shows what was chosen; a changed answer is what is stored."""
    answer_everything(client, feedback_round, send=False)
    token = feedback_round.token
    page = _pages(feedback_round)[0]
    url = reverse("voice:questions", args=[token, 1])
    assert client.get(url).context["form"].initial[f"answer_{page[0].pk}"] == "agree"
    client.post(url, _part_data(page, "strongly-disagree"))
    client.post(reverse("voice:check", args=[token]))
    assert FeedbackAnswer.objects.filter(answer="strongly-disagree").count() == len(page)


def _closed_page(client, url):
    response = client.get(url)
    return response.status_code, response.content


def test_closed_and_unknown_links_look_the_same(client, draft, people, feedback_round):
    """Unknown, closed by the lead, past its date, or signed off: one page, one status."""
    token = feedback_round.token
    unknown = _closed_page(client, reverse("voice:start", args=["x" * 16]))
    assert unknown[0] == 404 and b"This feedback form is closed" in unknown[1]
    lead = people[Role.LEAD]
    closed = services.feedback_round_close(
        user=lead, round_id=feedback_round.pk, expected_version=feedback_round.version
    )
    assert _closed_page(client, reverse("voice:start", args=[token])) == unknown
    services.feedback_round_update(
        user=lead,
        round_id=feedback_round.pk,
        closes_on=timezone.localdate(),
        expected_version=closed.version,
        reopen=True,
    )
    assert client.get(reverse("voice:start", args=[token])).status_code == 200
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: tomorrow)
        assert _closed_page(client, reverse("voice:start", args=[token])) == unknown
        assert _closed_page(client, reverse("voice:questions", args=[token, 1])) == unknown
    long_token = _closed_page(client, reverse("voice:start", args=["y" * 200]))
    assert long_token == unknown


def test_a_round_closing_while_someone_answers_stores_nothing(client, feedback_round, people):
    """Sending after the lead closed the form shows the closed page; nothing is stored."""
    answer_everything(client, feedback_round, send=False)
    services.feedback_round_close(
        user=people[Role.LEAD], round_id=feedback_round.pk, expected_version=feedback_round.version
    )
    response = client.post(reverse("voice:check", args=[feedback_round.token]))
    assert response.status_code == 404 and b"This feedback form is closed" in response.content
    assert not FeedbackResponse.objects.exists()


def test_the_honeypot_stores_nothing_and_says_nothing(client, feedback_round):
    """A robot that fills the hidden field sees the thank-you page; nothing is stored."""
    answer_everything(client, feedback_round, send=False)
    response = client.post(
        reverse("voice:check", args=[feedback_round.token]), {"website": "http://spam"}
    )
    assert response["Location"] == reverse("voice:sent", args=[feedback_round.token])
    assert client.get(response["Location"]).status_code == 200
    assert not FeedbackResponse.objects.exists()
    robot = Client()
    response = robot.post(
        reverse("voice:who", args=[feedback_round.token]),
        {"answering_as": "person", "website": "buy now"},
    )
    assert response["Location"] == reverse("voice:sent", args=[feedback_round.token])


def test_the_honeypot_is_hidden_from_people(client, feedback_round):
    """Drawn in a container our stylesheet hides, out of the tab order and the a11y tree."""
    html = client.get(reverse("voice:who", args=[feedback_round.token])).content.decode()
    assert '<div class="app-honeypot" aria-hidden="true">' in html
    assert 'name="website" type="text" tabindex="-1" autocomplete="off"' in html


def test_a_flood_is_refused_and_loses_nothing_stored(
    client, feedback_round, settings, one_rate_window
):
    """Over the limit: 429 with a plain page; the earlier response and answers are kept."""
    settings.FEEDBACK_RATE = "6/m"
    answer_everything(client, feedback_round)  # 5 posts: who, 3 pages, send
    assert FeedbackResponse.objects.count() == 1
    token = feedback_round.token
    client.post(reverse("voice:who", args=[token]), {"answering_as": "person"})  # the 6th
    refused = client.post(reverse("voice:questions", args=[token, 1]), {})
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert b"Please wait a minute" in refused.content
    assert b"Answers you sent before are safe" in refused.content
    assert FeedbackResponse.objects.count() == 1
    assert FeedbackAnswer.objects.count() == 12
    # What they chose before the refusal is still in their session.
    assert client.session[f"voice:{feedback_round.pk}"]["as"] == "person"
    # Reading pages is not limited, and another address is counted apart.
    assert client.get(reverse("voice:start", args=[token])).status_code == 200
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert (
        other.post(reverse("voice:who", args=[token]), {"answering_as": "person"}).status_code
        == 302
    )


def test_csrf_is_required(feedback_round):
    """A post without the CSRF token is refused."""
    client = Client(enforce_csrf_checks=True)
    url = reverse("voice:who", args=[feedback_round.token])
    assert client.post(url, {"answering_as": "person"}).status_code == 403


def test_oversized_posts_are_refused(client, feedback_round, settings):
    """The request size limit applies: a huge body is a 400, never a 500."""
    token = feedback_round.token
    client.post(reverse("voice:who", args=[token]), {"answering_as": "person"})
    page = _pages(feedback_round)[0]
    data = _part_data(page, comment="x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 2))
    response = client.post(reverse("voice:questions", args=[token, 1]), data)
    assert response.status_code == 400
    assert not FeedbackResponse.objects.exists()


def test_public_pages_send_the_security_headers(client, feedback_round):
    """CSP without inline code, framing refused, and nothing cached."""
    response = client.get(reverse("voice:start", args=[feedback_round.token]))
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    html = response.content.decode()
    assert "<script>" not in html and "style=" not in html


def test_a_signed_in_member_on_the_public_link_answers_as_anyone(client, feedback_round, people):
    """The public form never marks a response as assisted, whoever is signed in."""
    client.force_login(people[Role.CONTRIBUTOR])
    answer_everything(client, feedback_round)
    stored = FeedbackResponse.objects.get()
    assert not stored.assisted and stored.entered_by is None
