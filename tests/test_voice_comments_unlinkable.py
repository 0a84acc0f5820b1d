"""The comments page gives members nothing to link one person's comments by: not the order
people answered in, nor the answers' ids (one person's are consecutive)."""

import re

import pytest
from django.urls import reverse

from partnerships.models import Role
from tests.voice_builders import open_round, respond
from voice.models import FeedbackAnswer
from voice.selectors import comments_for_round, statement_principles
from voice.views.comments import comment_reference

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_people_commenting(draft, people):
    """Two people commenting on the set's first two statements, the second person's comments
    alphabetically first."""
    feedback_round = open_round(user=people[Role.LEAD], assessment=draft)
    codes = [p.code for p in statement_principles(draft.principle_set)][:2]
    for person in ("Zed", "Abe"):
        respond(
            feedback_round=feedback_round, comments={code: f"{person} on {code}" for code in codes}
        )
    return feedback_round, codes


def _page(client, feedback_round) -> str:
    return client.get(
        reverse("voice:comments", args=[feedback_round.assessment_id])
    ).content.decode()


def test_the_selector_orders_each_statements_comments_by_their_words(two_people_commenting):
    """Under each statement the comments are in alphabetical order, not the order of answering."""
    feedback_round, codes = two_people_commenting
    groups = comments_for_round(feedback_round)
    assert [[a.comment for a in group.answers] for group in groups] == [
        [f"Abe on {code}", f"Zed on {code}"] for code in codes
    ]


def test_the_page_shows_each_statements_comments_in_alphabetical_order(
    client, people, two_people_commenting
):
    """On the page too, the second person's comments come first under every statement."""
    feedback_round, codes = two_people_commenting
    client.force_login(people[Role.VIEWER])
    shown = re.findall(r"(Abe|Zed) on (\S+)</p>", _page(client, feedback_round))
    assert shown == [(person, code) for code in codes for person in ("Abe", "Zed")]


def test_the_page_never_shows_a_comments_database_id(client, people, two_people_commenting):
    """No comment's id is an element id or a form value: each has its keyed reference instead."""
    feedback_round, _ = two_people_commenting
    client.force_login(people[Role.LEAD])
    page = _page(client, feedback_round)
    answers = list(FeedbackAnswer.objects.exclude(comment=""))
    assert len(answers) == 4
    for answer in answers:
        assert f'id="comment-{answer.pk}"' not in page
        assert f'value="{answer.pk}"' not in page
        reference = comment_reference(answer.pk)
        assert f'id="comment-{reference}"' in page
        assert f'name="answer" value="{reference}"' in page


def test_a_lead_marks_a_comment_by_its_reference_and_a_made_up_one_is_not_found(
    client, people, two_people_commenting
):
    """Marking by reference marks that comment and goes back to it; a made-up reference or a
    bare id is 404."""
    feedback_round, codes = two_people_commenting
    answer = FeedbackAnswer.objects.get(comment=f"Zed on {codes[1]}")
    url = reverse("voice:comments", args=[feedback_round.assessment_id])
    client.force_login(people[Role.LEAD])
    reference = comment_reference(answer.pk)
    response = client.post(url, {"answer": reference, "quotable": "yes"})
    assert response["Location"] == f"{url}#comment-{reference}"
    answer.refresh_from_db()
    assert answer.quotable and answer.marked_by == people[Role.LEAD]
    assert FeedbackAnswer.objects.filter(quotable=True).count() == 1
    for made_up in ("0123456789abcdef0123", str(answer.pk), ""):
        assert client.post(url, {"answer": made_up, "quotable": "no"}).status_code == 404
    answer.refresh_from_db()
    assert answer.quotable
