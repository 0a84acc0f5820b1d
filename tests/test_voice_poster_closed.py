"""The feedback poster once the round is closed: a printed poster would send people to a
closed form, so the download is refused with a page saying why, and the link is not offered.
Also what the round's pages say about a closed round, or none, and the way back from them."""

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
from tests.voice_builders import respond
from voice.models import FeedbackRound
from voice.services import feedback_round_close

pytestmark = pytest.mark.django_db

C, L, A, V = Role.CONTRIBUTOR, Role.LEAD, Role.APPROVER, Role.VIEWER
TITLE = "You cannot download the poster now"
POSTER_LINK = "Download a poster with the link and a QR code (PDF)"


def text(response) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


def words(response) -> str:
    """The page's text without its markup."""
    return " ".join(html.unescape(strip_tags(response.content.decode())).split())


def overview_url(feedback_round) -> str:
    return reverse("voice:overview", args=[feedback_round.assessment_id])


def poster_url(feedback_round) -> str:
    return reverse("voice:poster", args=[feedback_round.assessment_id])


def assert_not_now(response, why: str):
    assert response.status_code == 200  # as every not-now page (GET) answers
    assert response["Content-Type"].startswith("text/html")
    page = text(response)
    assert TITLE in page and why in page
    assert "A poster would send people to a form they cannot answer." in page
    assert "Go to people's voice" in page
    assert "You cannot do this" not in page


@pytest.mark.parametrize("role", [C, L, A])
def test_a_round_a_lead_closed_gives_the_not_now_page(client, closed_by_lead, people, role):
    """Every role that prints posters is told who closed the form, and that a lead can
    reopen it; no PDF is made."""
    client.force_login(people[role])
    response = client.get(poster_url(closed_by_lead))
    assert_not_now(response, "Priya Lead closed the feedback form at ")
    assert "a lead can reopen the form." in text(response)


def test_a_round_past_its_closing_date_gives_the_not_now_page(client, past_closing_date, people):
    """Past the closing date the page says which day the form closed."""
    client.force_login(people[C])
    response = client.get(poster_url(past_closing_date))
    closed_on = past_closing_date.closes_on
    assert_not_now(
        response,
        f"The feedback form closed at the end of {closed_on.day} "
        f"{closed_on:%B} {closed_on.year}, its closing date.",
    )
    assert "reopen the form with a new closing date" in text(response)


def test_a_signed_off_assessments_round_gives_the_not_now_page(client, signed_off_round, people):
    """After sign-off the page names the sign-off and does not offer reopening."""
    client.force_login(people[L])
    response = client.get(poster_url(signed_off_round))
    assert_not_now(response, "recorded the board's sign-off of this assessment")
    page = text(response)
    assert "which cannot be reopened" in page and "a lead can reopen" not in page


def test_an_open_rounds_poster_still_downloads(client, feedback_round, people):
    """While the round is open the poster is a PDF, as before."""
    client.force_login(people[C])
    response = client.get(poster_url(feedback_round))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize("state", ["feedback_round", "closed_by_lead", "signed_off_round"])
def test_another_partnerships_poster_is_not_found(client, request, state):
    """Open or closed, someone from another partnership gets 404, never the not-now page."""
    feedback_round = request.getfixturevalue(state)
    client.force_login(member(PartnershipFactory(), L))
    response = client.get(poster_url(feedback_round))
    assert response.status_code == 404
    assert TITLE not in text(response)


def test_viewers_still_cannot_print_a_closed_rounds_poster(client, closed_by_lead, people):
    """A role that never prints posters gets "You cannot do this", not the not-now page."""
    client.force_login(people[V])
    response = client.get(poster_url(closed_by_lead))
    assert response.status_code == 403
    assert TITLE not in text(response)


@pytest.mark.parametrize("state", ["closed_by_lead", "past_closing_date", "signed_off_round"])
def test_the_round_page_offers_no_poster_once_closed(client, request, people, state):
    """A closed round's page has no poster link, and says why."""
    feedback_round = request.getfixturevalue(state)
    client.force_login(people[C])
    page = text(client.get(overview_url(feedback_round)))
    assert POSTER_LINK not in page and poster_url(feedback_round) not in page
    assert "so there is no poster to download" in page


def test_the_round_page_says_when_a_lead_closed_the_round(client, closed_by_lead, people):
    """Closed by a lead: the page gives the day it was closed."""
    client.force_login(people[C])
    page = words(client.get(overview_url(closed_by_lead)))
    today = timezone.localdate()
    assert f"Closed on {today.day} {today:%B} {today.year}." in page


def test_the_round_page_says_when_the_closing_date_passed(client, past_closing_date, people):
    """Past its closing date: the page gives that date."""
    client.force_login(people[C])
    page = words(client.get(overview_url(past_closing_date)))
    closed_on = past_closing_date.closes_on
    assert f"Closed at the end of {closed_on.day} {closed_on:%B} {closed_on.year}" in page


def test_an_open_rounds_page_offers_the_poster(client, feedback_round, people):
    """While open, the round's page links to the poster."""
    client.force_login(people[C])
    page = text(client.get(overview_url(feedback_round)))
    assert POSTER_LINK in page and poster_url(feedback_round) in page
    assert "no poster to download" not in page


def _queries(client, url) -> int:
    client.get(url)  # warm up: session and content types
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_not_now_page_reads_a_fixed_number_of_times(client, feedback_round, people):
    """More answers never mean more queries on the closed poster's page."""
    respond(feedback_round=feedback_round)
    feedback_round_close(
        user=people[L], round_id=feedback_round.pk, expected_version=feedback_round.version
    )
    client.force_login(people[C])
    few = _queries(client, poster_url(feedback_round))
    FeedbackRound.objects.filter(pk=feedback_round.pk).update(closed_at=None)
    for _ in range(10):
        respond(feedback_round=feedback_round, comments={"NV-01": "More"})
    feedback_round.refresh_from_db()
    feedback_round_close(
        user=people[L], round_id=feedback_round.pk, expected_version=feedback_round.version
    )
    assert _queries(client, poster_url(feedback_round)) == few


def test_a_round_past_its_closing_date_is_reopened_not_closed_again(
    client, past_closing_date, people
):
    """Past its closing date the lead's page offers reopening, as the round's page says,
    not closing a form that is already closed."""
    client.force_login(people[L])
    page = words(client.get(reverse("voice:manage", args=[past_closing_date.assessment_id])))
    assert "Reopen the feedback form" in page and "posters already printed work again" in page
    assert "Close the form now" not in page and "Save the closing date" not in page


def test_an_open_rounds_lead_page_warns_that_closing_stops_posters(client, feedback_round, people):
    """Closing is offered while the round is open, saying what it does to posters."""
    client.force_login(people[L])
    page = words(client.get(reverse("voice:manage", args=[feedback_round.assessment_id])))
    assert "Close the form now" in page and "Save the closing date" in page
    assert "posters can no longer be downloaded" in page


def test_viewers_are_not_told_about_posters_they_cannot_print(client, closed_by_lead, people):
    """A viewer reads that the form is closed, without a word about downloading posters."""
    client.force_login(people[V])
    page = words(client.get(overview_url(closed_by_lead)))
    assert "People who follow the link or scan a poster are told that the form is closed." in page
    assert "no poster to download" not in page


def test_without_a_round_the_page_says_who_can_open_one(client, draft, signed_off, people):
    """No round yet: a draft's page says a lead can open one; a signed-off one's page says
    none can be opened now."""
    client.force_login(people[V])
    signed = words(client.get(reverse("voice:overview", args=[signed_off.pk])))
    assert "The assessment has been signed off, so a form can no longer be opened." in signed
    other = builders.start(user=people[L], service=draft.service, period="2027/28")
    page = words(client.get(reverse("voice:overview", args=[other.pk])))
    assert "No feedback form has been opened for this assessment. A lead can open one." in page


def test_the_assisted_answers_page_has_a_way_back(client, feedback_round, people):
    """Entering someone's answers can be abandoned, back to the round's page."""
    client.force_login(people[C])
    page = client.get(reverse("voice:assisted", args=[feedback_round.assessment_id]))
    back = f'<a class="govuk-link" href="{overview_url(feedback_round)}">Cancel</a>'
    assert back in page.content.decode()
