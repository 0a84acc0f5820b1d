"""Members' people's voice pages: entering someone's answers once the round has closed (the
not-now page, or not saved with what was typed), the hint a member reads, and the pages'
breadcrumbs, links, table caption and buttons."""

import datetime
import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from partnerships.models import Role
from tests import builders
from tests.factories import PartnershipFactory, member
from tests.voice_builders import open_round, respond
from voice.forms import AssistedForm
from voice.models import FeedbackResponse, FeedbackRound
from voice.selectors import statement_principles
from voice.services import feedback_round_close

pytestmark = pytest.mark.django_db

C, L, A, V = Role.CONTRIBUTOR, Role.LEAD, Role.APPROVER, Role.VIEWER
NOT_NOW = "You cannot enter someone's answers now"
NOT_SAVED = "Their answers have not been saved"
ONLY_WHILE_OPEN = "Answers can be entered for someone only while the form is open."
TYPED = "She said the district nurse came every day"


def words(response) -> str:
    """The page's text without its markup."""
    return " ".join(html.unescape(strip_tags(response.content.decode())).split())


def overview_url(feedback_round) -> str:
    return reverse("voice:overview", args=[feedback_round.assessment_id])


def assisted_url(feedback_round) -> str:
    return reverse("voice:assisted", args=[feedback_round.assessment_id])


def answers_sent(client, feedback_round, **extra) -> dict:
    """Every statement answered "Neither", with a comment on the first, as a member sends it
    from the page they opened (its one-time key included)."""
    page = client.get(assisted_url(feedback_round))
    data = {
        "answering_as": "carer",
        "submission_key": page.context["form"]["submission_key"].value(),
    }
    for n, principle in enumerate(statement_principles(feedback_round.assessment.principle_set)):
        data[f"answer_{principle.pk}"] = "neither"
        data[f"comment_{principle.pk}"] = TYPED if n == 0 else ""
    return {**data, **extra}


# Entering answers once the round has closed ---------------------------------------------------


@pytest.mark.parametrize(
    ("state", "why"),
    [
        ("closed_by_lead", "Priya Lead closed the feedback form at "),
        ("past_closing_date", "its closing date."),
        ("signed_off_round", "recorded the board's sign-off of this assessment"),
    ],
)
def test_opening_the_page_once_closed_says_why(client, request, people, state, why):
    """Closed by a lead, past its date or by sign-off: the not-now page says why, with the way
    back to people's voice, not a redirect with a message."""
    feedback_round = request.getfixturevalue(state)
    client.force_login(people[C])
    response = client.get(assisted_url(feedback_round))
    assert response.status_code == 200
    page = words(response)
    assert NOT_NOW in page and why in page and ONLY_WHILE_OPEN in page
    assert "Go to people's voice" in page and "You cannot do this" not in page


def test_a_lead_closing_the_round_says_it_can_be_reopened(client, closed_by_lead, people):
    """Closed by a lead: more answers need the form reopened, which a lead can do."""
    client.force_login(people[C])
    page = words(client.get(assisted_url(closed_by_lead)))
    assert "If you need more answers, a lead can reopen the form." in page


def test_answers_sent_after_a_lead_closed_the_round_are_shown_not_saved(
    client, feedback_round, people
):
    """The page was opened while open; sent after the close: 409, who closed it and when,
    and everything typed, to copy. Nothing is stored."""
    client.force_login(people[C])
    data = answers_sent(client, feedback_round)
    people[L].first_name, people[L].last_name = "Priya", "Lead"
    people[L].save()
    feedback_round_close(
        user=people[L], round_id=feedback_round.pk, expected_version=feedback_round.version
    )
    response = client.post(assisted_url(feedback_round), data)
    assert response.status_code == 409
    page = words(response)
    assert NOT_SAVED in page
    assert (
        "Priya Lead closed the feedback form at " in page and "after you opened this page" in page
    )
    assert "What you typed is below, so you can copy it." in page
    assert "Who are you answering for? A carer for someone who uses the service" in page
    assert f"Comment on sentence 1 {TYPED}" in page
    assert page.count("Neither agree nor disagree") == 12
    assert not FeedbackResponse.objects.exists()


def test_answers_sent_past_the_closing_date_say_so_without_naming_anyone(
    client, feedback_round, people
):
    """Closed by its date, nobody closed it: the page gives the date, not "changed"."""
    client.force_login(people[C])
    data = answers_sent(client, feedback_round)
    FeedbackRound.objects.filter(pk=feedback_round.pk).update(
        closes_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    response = client.post(assisted_url(feedback_round), data)
    assert response.status_code == 409
    page = words(response)
    assert "its closing date." in page and "This assessment changed" not in page
    assert "What you typed is below, so you can copy it." in page and TYPED in page
    assert not FeedbackResponse.objects.exists()


def test_half_typed_answers_after_the_close_are_shown_not_checked(client, closed_by_lead, people):
    """A form with errors sent after the close cannot be put right: 409 with what was typed,
    not the form's errors."""
    client.force_login(people[C])
    principle = statement_principles(closed_by_lead.assessment.principle_set)[0]
    response = client.post(assisted_url(closed_by_lead), {f"comment_{principle.pk}": TYPED})
    assert response.status_code == 409
    page = words(response)
    assert TYPED in page and "There is a problem" not in page


def test_answers_sent_after_sign_off_say_the_form_cannot_reopen(client, submitted, people):
    """Signed off while the member typed: the page names the sign-off."""
    feedback_round = open_round(user=people[L], assessment=submitted)
    client.force_login(people[C])
    data = answers_sent(client, feedback_round)
    builders.sign_off(user=people[A], assessment=submitted)
    response = client.post(assisted_url(feedback_round), data)
    assert response.status_code == 409
    page = words(response)
    assert "recorded the board's sign-off of this assessment" in page
    assert "which cannot be reopened" in page and TYPED in page


def test_a_double_click_across_the_close_stores_the_answers_once(client, feedback_round, people):
    """Saved, then the round closed, then the same page sent again: already saved, so no
    not-saved page, and one response."""
    client.force_login(people[C])
    data = answers_sent(client, feedback_round)
    client.post(assisted_url(feedback_round), data, follow=True)
    feedback_round_close(
        user=people[L], round_id=feedback_round.pk, expected_version=feedback_round.version
    )
    response = client.post(assisted_url(feedback_round), data, follow=True)
    assert response.redirect_chain == [(overview_url(feedback_round), 302)]
    assert "The answers have been saved as an assisted response" in words(response)
    assert FeedbackResponse.objects.count() == 1


def test_viewers_and_other_partnerships_still_get_no_page(client, closed_by_lead, people):
    """Closed or not, a viewer gets 403 and another partnership's member 404."""
    client.force_login(people[V])
    assert client.get(assisted_url(closed_by_lead)).status_code == 403
    assert client.post(assisted_url(closed_by_lead), {}).status_code == 403
    client.force_login(member(PartnershipFactory(), C))
    assert client.get(assisted_url(closed_by_lead)).status_code == 404
    assert client.post(assisted_url(closed_by_lead), {}).status_code == 404


def test_an_open_round_still_saves_assisted_answers(client, feedback_round, people):
    """While open, the answers are saved as assisted and the member goes back to the round."""
    client.force_login(people[C])
    response = client.post(assisted_url(feedback_round), answers_sent(client, feedback_round))
    assert response["Location"] == overview_url(feedback_round)
    stored = FeedbackResponse.objects.get()
    assert stored.assisted and stored.entered_by == people[C]


# What the member reads ------------------------------------------------------------------------


def test_the_comment_hint_is_written_for_the_member_typing(draft):
    """The member is told not to write the person's name, not "your name"."""
    principles = statement_principles(draft.principle_set)
    form = AssistedForm(principles=principles)
    hints = {form[f"comment_{p.pk}"].help_text for p in principles}
    assert hints == {"Do not write the person's name or anyone else's name."}


def test_the_page_shows_the_members_hint(client, feedback_round, people):
    """On the page too, with nothing addressed to the person answering."""
    client.force_login(people[C])
    page = words(client.get(assisted_url(feedback_round)))
    assert page.count("Do not write the person's name or anyone else's name.") == 12
    assert "Do not write your name" not in page


# Breadcrumbs, links, caption and buttons ------------------------------------------------------


@pytest.mark.parametrize("name", ["voice:manage", "voice:assisted", "voice:comments"])
def test_pages_below_the_round_lead_back_to_it_in_their_breadcrumbs(
    client, feedback_round, people, name
):
    """Your assessments, the assessment, then People's voice."""
    client.force_login(people[L])
    content = client.get(reverse(name, args=[feedback_round.assessment_id])).content.decode()
    nav = content[content.index('<nav class="govuk-breadcrumbs"') :]
    nav = nav[: nav.index("</nav>")]
    links = [strip_tags(part).strip() for part in nav.split("</li>")[:-1]]
    assert links == ["Your assessments", feedback_round.assessment.title, "People's voice"]
    assert f'href="{overview_url(feedback_round)}">People\'s voice</a>' in nav


def test_the_comments_page_says_go_to_peoples_voice(client, feedback_round, people):
    """As the other pages say it."""
    client.force_login(people[V])
    page = words(client.get(reverse("voice:comments", args=[feedback_round.assessment_id])))
    assert "Go to people's voice" in page and "Back to people's voice" not in page


def test_the_report_tables_caption_says_what_it_holds(client, draft, people):
    """The heading is "We say, people say"; the caption is not the same words again."""
    builders.complete(user=people[L], assessment=draft, value=4)
    feedback_round = open_round(user=people[L], assessment=draft)
    respond(feedback_round=feedback_round)
    client.force_login(people[V])
    content = client.get(reverse("assessments:report", args=[draft.pk])).content.decode()
    section = content[content.index('id="people-say"') :]
    caption = strip_tags(section[section.index("<caption>") : section.index("</caption>")])
    assert html.unescape(caption) == (
        "The team's rating of each principle and the share of people who agree with its statement"
    )
    assert '<h2 class="govuk-heading-l">We say, people say</h2>' in section


def test_closing_the_form_is_not_a_warning_button(client, feedback_round, people):
    """Closing can be undone (a lead can reopen), so it is a secondary button."""
    client.force_login(people[L])
    content = client.get(reverse("voice:manage", args=[feedback_round.assessment_id]))
    content = content.content.decode()
    button = content[: content.index(">Close the form</button>")]
    button = button[button.rindex("<button") :]
    assert "govuk-button--secondary" in button and "govuk-button--warning" not in button
    assert "govuk-button--warning" not in content


def _queries(client, method, url, data=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        getattr(client, method)(url, data or {})
    return len(queries)


def test_the_closed_pages_read_a_fixed_number_of_times(client, feedback_round, people):
    """More answers never mean more queries on the not-now or not-saved page."""
    client.force_login(people[C])
    data = answers_sent(client, feedback_round)
    feedback_round_close(
        user=people[L], round_id=feedback_round.pk, expected_version=feedback_round.version
    )
    url = assisted_url(feedback_round)
    client.get(url)  # warm up: session and content types
    few = (_queries(client, "get", url), _queries(client, "post", url, data))
    FeedbackRound.objects.filter(pk=feedback_round.pk).update(closed_at=None)
    for _ in range(10):
        respond(feedback_round=feedback_round, comments={"NV-01": "More"}, entered_by=people[C])
    feedback_round.refresh_from_db()
    feedback_round_close(
        user=people[L], round_id=feedback_round.pk, expected_version=feedback_round.version
    )
    assert (_queries(client, "get", url), _queries(client, "post", url, data)) == few
