"""People's voice in a real browser: a lead opens a feedback form and prints its poster,
someone answers on a 320px screen by keyboard alone, a member enters an answer for
someone by phone, and the report and its PDF show we say / people say.

``check(name)`` runs axe and the 320px reflow check on every page (see audit.py).
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from partnerships.models import Role
from tests import builders
from tests.pdftext import pdf_text
from tests.voice_builders import respond
from voice.models import FeedbackAnswer, FeedbackResponse, FeedbackRound
from voice.selectors import pages_of, statement_principles

from .actions import expect_errors, heading, sign_in, sign_out
from .audit import NARROW
from .documents import render_first_pages
from .keyboard import activate, follow_error_link, press, tab_to, type_into

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMMENT = "The nurse asked what I wanted to do at home"
PHONE_COMMENT = "Said on the phone: nobody explained who to call at night"
# Positions of the answers in each statement's radios.
STRONGLY_AGREE, AGREE, NEITHER, DISAGREE, DOES_NOT_APPLY = 1, 2, 3, 4, 6


@pytest.fixture
def draft(service, people):
    """A complete draft, every principle rated 4 (Strengthening)."""
    lead = people[Role.LEAD]
    assessment = builders.start(user=lead, service=service, period="2026/27")
    builders.complete(user=lead, assessment=assessment, value=4)
    return assessment


def lead_opens_the_form_and_downloads_the_poster(page, check, draft, downloads) -> str:
    """From the round's page: a closing date in the past first, then a good one."""
    page.goto(f"/feedback/assessments/{draft.pk}/")
    heading(page, "People's voice")
    check("voice-no-round")
    page.get_by_role("button", name="Open a feedback form").click()
    heading(page, "Open a feedback form")
    check("voice-open-form")
    last_week = timezone.localdate() - datetime.timedelta(days=7)
    for part, value in enumerate((last_week.day, last_week.month, last_week.year)):
        page.locator(f"#id_closes_on_{part}").fill(str(value))
    page.get_by_role("button", name="Open the form").click()
    expect_errors(page, ["Closing date must be today or in the future"])
    check("voice-open-form-error")
    closes = timezone.localdate() + datetime.timedelta(days=14)
    for part, value in enumerate((closes.day, closes.month, closes.year)):
        page.locator(f"#id_closes_on_{part}").fill(str(value))
    page.get_by_role("button", name="Open the form").click()
    heading(page, "People's voice")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The feedback form is open")
    check("voice-round-open")
    link = page.locator("#public-link").inner_text().strip()
    assert re.fullmatch(r"http://[^/]+/feedback/[A-Za-z0-9_-]{16}/", link), link
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_role("link", name=re.compile("^Download a poster")).click()
    poster = downloads / download_info.value.suggested_filename
    download_info.value.save_as(poster)
    text = pdf_text(poster)
    assert "Tell us what you think of" in text and link in text.replace(" ", "")
    render_first_pages(poster, check, "voice-poster", pages=1)
    return link


def answer(page, principle_id: int, position: int) -> None:
    """Tab to a statement's answers, choose the first with Space, then arrow down."""
    tab_to(page, f"input[name=answer_{principle_id}]")
    press(page, "Space")
    for _ in range(position - 1):
        press(page, "ArrowDown")
    expect(page.locator(f"#id_answer_{principle_id}_{position}")).to_be_checked()


def someone_answers_on_a_narrow_screen_by_keyboard(page, check, link, draft) -> None:
    """No sign-in; 320px wide; Tab, Space, arrows and Enter only; one mistake on the way."""
    narrow = lambda: page.set_viewport_size(NARROW)  # noqa: E731 - check() widens it again

    def look(name):
        check(name)
        narrow()

    narrow()
    page.goto(link)
    heading(page, re.compile("^Tell us what you think of"))
    look("public-start")
    activate(page, "a.govuk-button--start")
    heading(page, "Who is answering?")
    look("public-who")
    tab_to(page, "input[name=answering_as]")
    press(page, "Space")
    press(page, "ArrowDown")  # "I am a carer for someone who uses the service"
    activate(page, "main button[type=submit]")
    pages = pages_of(statement_principles(draft.principle_set))
    for number, statements in enumerate(pages, start=1):
        heading(page, "How much do you agree?")
        look(f"public-part-{number}")
        for principle in statements:
            if number == 1 and principle == statements[-1]:
                continue  # forgotten, to see the error
            position = (
                DOES_NOT_APPLY
                if principle.code == "NV-08"
                else (DISAGREE if principle.code == "NV-06" else AGREE)
            )
            answer(page, principle.pk, position)
            if principle.code == "NV-01":
                type_into(page, f"#id_comment_{principle.pk}", COMMENT)
        activate(page, "main button[type=submit]")
        if number == 1:
            missing = statements[-1]
            expect_errors(page, [f"Select an answer for sentence {len(statements)}"])
            look("public-part-1-error")
            follow_error_link(page, f"id_answer_{missing.pk}_1")
            press(page, "Space")
            expect(page.locator(f"#id_answer_{missing.pk}_1")).to_be_checked()
            activate(page, "main button[type=submit]")
    heading(page, "Check your answers")
    expect(page.locator("main")).to_contain_text(COMMENT)
    look("public-check")
    activate(page, "main button[type=submit]")
    heading(page, "Your answers have been sent")
    look("public-sent")


def member_enters_an_answer_for_someone(page, check, draft) -> None:
    """A contributor types in what someone said on the phone."""
    sign_in(page, check, "contributor-user", "dashboard-contributor")
    page.goto(f"/feedback/assessments/{draft.pk}/")
    heading(page, "People's voice")
    check("voice-contributor")
    page.get_by_role("link", name="Enter someone's answers for them").click()
    heading(page, "Enter someone's answers")
    check("voice-assisted-empty")
    page.get_by_role("button", name="Save their answers").click()
    summary = page.locator(".govuk-error-summary li").first
    expect(summary).to_have_text("Select who you are answering for")
    check("voice-assisted-errors")
    page.get_by_label("Someone who uses the service", exact=True).check()
    for principle in statement_principles(draft.principle_set):
        position = DOES_NOT_APPLY if principle.code == "NV-08" else NEITHER
        page.locator(f"#id_answer_{principle.pk}_{position}").check()
        if principle.code == "NV-02":
            page.locator(f"#id_comment_{principle.pk}").fill(PHONE_COMMENT)
    page.get_by_role("button", name="Save their answers").click()
    heading(page, "People's voice")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("assisted response")
    check("voice-after-assisted")
    sign_out(page, check)


def lead_quotes_a_comment_and_reads_the_report(page, check, draft, downloads) -> None:
    sign_in(page, check, "lead-user", "dashboard-lead-again")
    page.goto(f"/feedback/assessments/{draft.pk}/comments/")
    heading(page, "People's comments")
    check("voice-comments")
    page.get_by_role("button", name=re.compile("^Mark as suitable to quote")).first.click()
    heading(page, "People's comments")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("will be quoted")
    check("voice-comments-quoted")
    page.goto(f"/assessments/{draft.pk}/report/")
    heading(page, f"Report: {draft.title}")
    section = page.locator("#people-say")
    expect(section).to_contain_text("We say, people say")
    expect(section).to_contain_text("fewer than 5 answers")  # NV-08: too few to show
    expect(section).to_contain_text("Fewer than half agree")  # NV-06: team says 4
    expect(page.locator("main")).to_contain_text(COMMENT)
    check("report-people-say")
    with page.expect_download(timeout=90_000) as download_info:
        page.get_by_role("link", name=re.compile("^Download the report as a PDF")).click()
    pdf = downloads / download_info.value.suggested_filename
    download_info.value.save_as(pdf)
    text = pdf_text(pdf)
    assert "We say, people say" in text and "fewer than 5 answers" in text
    assert "Fewer than half agree" in text and COMMENT in text


def test_people_say_beside_what_the_team_says(page, check, people, draft, downloads):
    sign_in(page, check, "lead-user", "dashboard-lead")
    link = lead_opens_the_form_and_downloads_the_poster(page, check, draft, downloads)
    sign_out(page, check)
    # Five people answered earlier, on paper and phones; only two of them have a carer.
    feedback_round = FeedbackRound.objects.get(assessment=draft)
    for n in range(5):
        respond(
            feedback_round=feedback_round,
            by_code={"NV-06": "disagree", "NV-08": "agree" if n < 2 else "does-not-apply"},
        )

    someone_answers_on_a_narrow_screen_by_keyboard(page, check, link, draft)
    page.set_viewport_size({"width": 1024, "height": 768})
    stored = FeedbackResponse.objects.get(answering_as="carer")
    assert stored.answers.get(principle__code="NV-01").comment == COMMENT
    assert not stored.assisted

    member_enters_an_answer_for_someone(page, check, draft)
    assisted = FeedbackResponse.objects.get(assisted=True)
    assert assisted.entered_by == people[Role.CONTRIBUTOR]

    lead_quotes_a_comment_and_reads_the_report(page, check, draft, downloads)
    assert FeedbackAnswer.objects.filter(quotable=True).count() == 1
