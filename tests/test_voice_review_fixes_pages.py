"""People's voice pages after a user review: a form no one has answered says so, an
assisted response saved twice is thanked once, and the assisted form's errors are in
GOV.UK's words."""

import html
import re

import pytest
from django.urls import reverse
from django.utils.html import strip_tags
from hypothesis import given
from hypothesis import strategies as st

from partnerships.models import Role
from tests.voice_builders import respond
from voice.selectors import statement_principles
from voice.summary import (
    COMPLEMENT_TEXT,
    MIN_ANSWERS,
    NO_ONE_YET,
    Tally,
    respondents,
    shown_groups,
)

pytestmark = pytest.mark.django_db

LABELS = {"person": "Someone who uses the service", "carer": "A carer", "other": "Someone else"}
HIDDEN = "fewer than 5"
KEY_FIELD = re.compile(r'name="submission_key" value="([^"]*)"')
SAVED = "The answers have been saved as an assisted response"


def words(response) -> str:
    """The page's text without its markup."""
    return " ".join(html.unescape(strip_tags(response.content.decode())).split())


def _who_answered(response) -> str:
    """The "People who answered" row of the round's page."""
    match = re.search(r"People who answered (.*?) (Download|Enter|Read)", words(response))
    assert match, "the round's page says who answered"
    return match.group(1)


# No one has answered yet -------------------------------------------------------------------


def test_no_answers_are_counted_as_none_not_as_a_few():
    """0 picks out no one, so it is said; 1 to 4 are still "fewer than 5"."""
    nobody = respondents(Tally(), LABELS)
    assert nobody.total_text == NO_ONE_YET == "No one has answered yet"
    assert nobody.by_kind == [(label, "0") for label in LABELS.values()]
    assert nobody.assisted_text == "0"
    assert shown_groups([0, 0, 0]) == [None, None, None]
    one = respondents(Tally(respondents={"carer": 1}), LABELS)
    assert one.total_text == HIDDEN
    assert [count for _, count in one.by_kind] == [HIDDEN] * 3


def test_a_group_of_none_beside_answers_is_still_fewer_than_five():
    """A 0 beside answers is "fewer than 5", so a hidden 1 to 4 cannot be worked out."""
    # 6 answered, 5 using the service and 1 carer: were "Someone else: 0" shown, "fewer
    # than 5" would mean 1 to 4, and 6 less at least 5 would give the 1 carer away.
    assert shown_groups([5, 1, 0]) == [COMPLEMENT_TEXT, HIDDEN, HIDDEN]
    assert shown_groups([0, 7, 0]) == [HIDDEN, None, HIDDEN]


@given(st.lists(st.integers(0, 30), min_size=2, max_size=3))
def test_only_a_form_no_one_answered_shows_a_count_under_five(counts):
    """With anyone answering, every count shown exactly is 5 or more, never 0."""
    # So "fewer than 5" still means 0 to 4 to anyone working out the others.
    shown = shown_groups(counts)
    if not any(counts):
        assert shown == [None] * len(counts)
        return
    for count, text in zip(counts, shown, strict=True):
        assert text is not None or count >= MIN_ANSWERS


def test_the_rounds_page_says_no_one_has_answered_yet(client, feedback_round, people):
    """Not "fewer than 5" when no one has: that is for 1 to 4."""
    client.force_login(people[Role.LEAD])
    overview = reverse("voice:overview", args=[feedback_round.assessment_id])
    assert _who_answered(client.get(overview)) == "No one has answered yet"
    respond(feedback_round=feedback_round)
    assert _who_answered(client.get(overview)).startswith("fewer than 5")


def test_a_closed_form_no_one_answered_says_no_one_answered(client, closed_by_lead, people):
    """Once the form has closed, "yet" would promise answers that cannot come."""
    client.force_login(people[Role.LEAD])
    overview = reverse("voice:overview", args=[closed_by_lead.assessment_id])
    assert _who_answered(client.get(overview)) == "No one answered"


def test_the_report_says_no_one_has_answered_yet(client, feedback_round, people):
    """The report's people's voice section too, and the figures may still change."""
    client.force_login(people[Role.LEAD])
    report = client.get(reverse("assessments:report", args=[feedback_round.assessment_id]))
    text = words(report)
    assert "No one has answered yet; the feedback form is still open" in text
    assert "Fewer than 5 people who use the service" not in text


# An assisted response saved twice ------------------------------------------------------------


def _assisted(client, feedback_round):
    url = reverse("voice:assisted", args=[feedback_round.assessment_id])
    key = KEY_FIELD.search(client.get(url).content.decode()).group(1)
    data = {"answering_as": "person", "submission_key": key}
    for principle in statement_principles(feedback_round.assessment.principle_set):
        data[f"answer_{principle.pk}"] = "agree"
        data[f"comment_{principle.pk}"] = ""
    return url, data


def test_an_assisted_response_saved_twice_is_thanked_once(client, feedback_round, people):
    """A double-click stores it once, and the round's page says so once."""
    client.force_login(people[Role.CONTRIBUTOR])
    url, data = _assisted(client, feedback_round)
    assert client.post(url, data).status_code == 302
    second = client.post(url, data)
    page = client.get(second["Location"])
    assert words(page).count(SAVED) == 1
    assert feedback_round.responses.count() == 1
    assert SAVED not in words(client.get(second["Location"]))  # said, then gone


def test_two_people_answered_for_one_after_another_are_each_thanked(client, feedback_round, people):
    """A new page, a new response and its own thanks."""
    client.force_login(people[Role.CONTRIBUTOR])
    for _ in range(2):
        url, data = _assisted(client, feedback_round)
        page = client.post(url, data, follow=True)
        assert words(page).count(SAVED) == 1
    assert feedback_round.responses.count() == 2


# The assisted form's errors ------------------------------------------------------------------


def test_a_tampered_key_gets_a_message_the_user_can_act_on(client, feedback_round, people):
    """A null character in the key: a GOV.UK message, a new key, and saving again works."""
    client.force_login(people[Role.CONTRIBUTOR])
    url, data = _assisted(client, feedback_round)
    response = client.post(url, {**data, "submission_key": "abc\x00def"})
    assert response.status_code == 200
    text = words(response)
    assert "Null characters" not in text
    (error,) = response.context["form"].errors.as_data()["submission_key"]
    assert error.message == (
        "This page was out of date, so their answers were not saved. Check them and save again"
    )
    assert error.message in text
    assert feedback_round.responses.count() == 0
    key = KEY_FIELD.search(response.content.decode()).group(1)
    assert "\x00" not in key and len(key) >= 16
    assert client.post(url, {**data, "submission_key": key}).status_code == 302
    assert feedback_round.responses.count() == 1


def test_the_who_error_asks_the_question_the_page_asks(client, feedback_round, people):
    """The page asks who you are answering for, and the error says so in the same words."""
    client.force_login(people[Role.CONTRIBUTOR])
    url, data = _assisted(client, feedback_round)
    del data["answering_as"]
    response = client.post(url, data)
    (error,) = response.context["form"].errors.as_data()["answering_as"]
    assert error.message == "Select who you are answering for"
    assert error.code == "required"
    bad = client.post(url, {**data, "answering_as": "nobody"})
    assert bad.context["form"].errors.as_data()["answering_as"][0].message == error.message


def test_the_public_forms_who_error_still_asks_its_own_question(client, feedback_round):
    """The public form asks "Who is answering?", so its error stays "Select who is answering"."""
    response = client.post(reverse("voice:who", args=[feedback_round.token]), {})
    assert "Select who is answering" in words(response)
