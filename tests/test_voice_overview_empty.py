"""The people's voice page shows one sentence, not a table of empty rows, until someone
answers; then the table."""

import pytest
from django.urls import reverse

from partnerships.models import Role
from tests.test_voice_review_closing import close_by_date, words
from tests.voice_builders import respond

pytestmark = pytest.mark.django_db

EMPTY_ROW = "fewer than 5 answers fewer than 5 answers"


def _page(client, people, feedback_round) -> str:
    client.force_login(people[Role.VIEWER])
    url = reverse("voice:overview", args=[feedback_round.assessment_id])
    return words(client.get(url).content)


def test_an_open_form_nobody_answered_says_so_in_one_sentence(client, people, feedback_round):
    """No 12 rows of "fewer than 5 answers", which read as if a few had answered."""
    page = _page(client, people, feedback_round)
    assert "No one has answered yet." in page
    assert EMPTY_ROW not in page


def test_a_form_closed_with_no_answers_says_no_one_answered(client, people, feedback_round):
    """No "yet" once the form has closed."""
    close_by_date(feedback_round)
    page = _page(client, people, feedback_round)
    assert "No one answered the form." in page and "yet" not in page.split("What people said")[1]


def test_the_table_appears_once_someone_answers(client, people, feedback_round):
    """One answer: the table, its rows still hiding the small numbers."""
    respond(feedback_round=feedback_round)
    page = _page(client, people, feedback_round)
    assert EMPTY_ROW in page and "No one has answered yet." not in page
