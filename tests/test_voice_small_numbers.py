"""Small numbers everywhere people's voice shows who answered: the round's counts, the labels
on comments, and the comments reports quote never let a group of 1 to 4 be counted or
worked out, nor one person's comment be picked out by its group, day or answer."""

import html
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from hypothesis import given
from hypothesis import strategies as st

from partnerships.models import Role
from tests.builders import complete, sign_off, submit
from tests.voice_builders import open_round, respond
from voice import services
from voice.models import FeedbackAnswer
from voice.summary import (
    COMPLEMENT_TEXT,
    MIN_ANSWERS,
    Tally,
    comment_labels,
    respondents,
    shown_groups,
)
from voice.views.comments import comment_reference

pytestmark = pytest.mark.django_db

C, L, A, V = Role.CONTRIBUTOR, Role.LEAD, Role.APPROVER, Role.VIEWER
KEYS = ["person", "carer", "other"]
LABELS = {"person": "Someone who uses the service", "carer": "A carer", "other": "Someone else"}
HIDDEN = "fewer than 5"
COMMENT = "The carers' group meets on a Tuesday"


def words(response) -> str:
    """The page's text without its markup."""
    return " ".join(html.unescape(strip_tags(response.content.decode())).split())


# The rules, without the database ---------------------------------------------------------------


def test_a_few_people_not_using_the_service_cannot_be_worked_out():
    """12 use the service, 3 are carers: shown 15 and 12, the 3 would be plain, so the 12
    are not shown either."""
    who = respondents(Tally(respondents={"person": 12, "carer": 3}), LABELS)
    assert who.total_text == "15"
    assert who.by_kind == [
        ("Someone who uses the service", COMPLEMENT_TEXT),
        ("A carer", HIDDEN),
        ("Someone else", HIDDEN),
    ]


def test_two_hidden_groups_of_four_are_not_given_away_by_their_sum():
    """20 answered, 12 using the service: the other 8 split into two groups of fewer than 5
    can only be 4 and 4, so the 12 are not shown."""
    assert shown_groups([12, 4, 4]) == [COMPLEMENT_TEXT, HIDDEN, HIDDEN]
    assert shown_groups([12, 4, 3]) == [None, HIDDEN, HIDDEN]  # 4 and 3, or 3 and 4


def test_every_group_of_four_says_nothing_about_its_size():
    """12 answered, 4 in each group: "fewer than 5" each would mean exactly 4."""
    assert shown_groups([4, 4, 4]) == [COMPLEMENT_TEXT] * 3


def _consistent(shown: list[str | None], total: int, actual: list[int]):
    """Every set of group counts a reader could take the page to mean."""
    ranges = [
        [actual[n]] if text is None else range(MIN_ANSWERS) if text == HIDDEN else range(total + 1)
        for n, text in enumerate(shown)
    ]
    return [c for c in itertools.product(*ranges) if sum(c) == total]


@given(st.lists(st.integers(0, 30), min_size=2, max_size=3))
def test_no_group_of_one_to_four_is_ever_plain(counts):
    """Whatever the counts, with the total shown, each group of 1 to 4 could be more than
    one number, and the groups not shown never add up to 1 to 4."""
    total = sum(counts)
    shown = shown_groups(counts)
    if total == 0:  # no one to pick out
        assert shown == [None] * len(counts)
        return
    if total < MIN_ANSWERS:
        assert all(text == HIDDEN for text in shown)
        return
    readings = _consistent(shown, total, counts)
    for n, count in enumerate(counts):
        if 0 < count < MIN_ANSWERS:
            assert len({reading[n] for reading in readings}) > 1
    rest = total - sum(count for count, text in zip(counts, shown, strict=True) if text is None)
    assert not 0 < rest < MIN_ANSWERS


@pytest.mark.parametrize(
    ("assisted", "total", "shown"),
    [(0, 10, "0"), (3, 10, HIDDEN), (6, 8, COMPLEMENT_TEXT), (6, 11, "6"), (7, 7, "7")],
)
def test_answers_entered_for_someone_follow_the_same_rule(assisted, total, shown):
    """Those entered for someone and those not make up the total: neither can be 1 to 4."""
    tally = Tally(respondents={"person": total}, assisted=assisted)
    assert respondents(tally, LABELS).assisted_text == shown


def test_comments_name_only_groups_the_round_shows():
    """26 use the service, 11 carers, 3 others (as the demo): comments name only those who
    use the service; with 4 of them entered for someone, none says so."""
    cells = {
        ("person", False): 22,
        ("person", True): 4,
        ("carer", False): 9,
        ("carer", True): 2,
        ("other", False): 3,
    }
    labels = comment_labels(cells, KEYS)
    assert labels.kinds == {"person"} and not labels.assisted
    assert labels.who("person", True, LABELS) == "Someone who uses the service"
    assert labels.who("carer", False, LABELS) == ""


def test_comments_say_they_were_entered_for_someone_when_enough_were():
    """At least 5 entered for someone and 5 not, in each group named: both are said."""
    cells = {("person", True): 5, ("person", False): 7, ("carer", False): 6}
    labels = comment_labels(cells, KEYS)
    assert labels.kinds == {"person", "carer"} and labels.assisted
    assert labels.who("person", True, LABELS) == "Someone who uses the service, entered for them"
    assert labels.who("carer", False, LABELS) == "A carer"


cells_strategy = st.dictionaries(
    st.tuples(st.sampled_from(KEYS), st.booleans()), st.integers(0, 12), max_size=6
)


@given(cells_strategy)
def test_comment_labels_never_set_apart_a_few_people(cells):
    """A comment is named for a group only if the round's page shows its count, and every
    set of comments labelled alike, and those not, come from none or at least 5 people."""
    labels = comment_labels(cells, KEYS)
    counts = {key: sum(n for (kind, _), n in cells.items() if kind == key) for key in KEYS}
    page = respondents(Tally(respondents=counts), LABELS).by_kind
    assert labels.kinds == {
        key for key, (_, text) in zip(KEYS, page, strict=True) if text.isdigit()
    }
    alike: dict[str, int] = {}
    for (kind, entered), n in cells.items():
        label = labels.who(kind, entered, LABELS)
        alike[label] = alike.get(label, 0) + n
    assert all(n == 0 or n >= MIN_ANSWERS for n in alike.values()) or alike.keys() <= {""}


# The comments page ----------------------------------------------------------------------------


@pytest.fixture
def feedback_round(draft, people):
    return open_round(user=people[L], assessment=draft)


def comments_url(feedback_round) -> str:
    return reverse("voice:comments", args=[feedback_round.assessment_id])


def test_one_carers_comment_does_not_say_a_carer_wrote_it(client, feedback_round, people):
    """Six people use the service, one carer wrote a comment: nothing says who wrote it, nor
    when, and the page says why."""
    for _ in range(6):
        respond(feedback_round=feedback_round)
    respond(feedback_round=feedback_round, answering_as="carer", comments={"NV-01": COMMENT})
    client.force_login(people[V])
    page = words(client.get(comments_url(feedback_round)))
    assert COMMENT in page
    assert "A carer" not in page and "Someone who uses the service" not in page
    today = timezone.localdate()
    assert f"{today.day} {today:%B} {today.year}" not in page
    assert "So that no one can be picked out, comments are not dated." in page
    assert "only if at least 5 people in that group answered" in page


def test_groups_of_five_or_more_are_named_on_comments(client, feedback_round, people):
    """Five people who use the service and five carers: each comment says which wrote it."""
    for _ in range(5):
        respond(feedback_round=feedback_round)
    for n in range(5):
        respond(feedback_round=feedback_round, answering_as="carer", comments={"NV-01": f"C{n}"})
    client.force_login(people[V])
    page = words(client.get(comments_url(feedback_round)))
    assert page.count("Agree. A carer.") == 5


def test_comments_do_not_say_a_few_were_entered_for_someone(client, feedback_round, people):
    """One of six entered by a member: no comment says it was entered for them, and the
    round's page does not count them either."""
    for _ in range(5):
        respond(feedback_round=feedback_round, comments={"NV-02": "Fine"})
    respond(feedback_round=feedback_round, entered_by=people[C], comments={"NV-02": "By phone"})
    client.force_login(people[V])
    page = words(client.get(comments_url(feedback_round)))
    assert "By phone" in page and "entered for them" not in page.lower()
    overview = words(client.get(reverse("voice:overview", args=[feedback_round.assessment_id])))
    assert "Entered for someone by a member: fewer than 5" in overview


def test_a_statement_with_few_answers_hides_the_answers_its_comments_came_with(
    client, feedback_round, people
):
    """Six answered, three of them NV-08 on the scale: its comments show no answer, and the
    page says why; NV-01's comments, with 6 answers, still show theirs."""
    for n in range(6):
        respond(
            feedback_round=feedback_round,
            by_code={"NV-08": "strongly-disagree" if n < 3 else "does-not-apply"},
            comments={"NV-08": "Nobody asked my husband", "NV-01": "Kind staff"} if n == 0 else {},
        )
    client.force_login(people[V])
    page = words(client.get(comments_url(feedback_round)))
    assert "Nobody asked my husband" in page and "Strongly disagree" not in page
    assert (
        "Fewer than 5 people answered this statement, so its comments do not show the answers "
        "given, and reports do not quote them."
    ) in page
    assert "Kind staff Agree." in page


# Quotes in reports ----------------------------------------------------------------------------


@pytest.fixture
def quoted_on_few(draft, people):
    """Rated throughout; six answered, NV-08 by only three on the scale; a lead marked a
    comment on NV-08 and one on NV-01 to quote."""
    complete(user=people[L], assessment=draft, value=4)
    feedback_round = open_round(user=people[L], assessment=draft)
    for n in range(6):
        respond(
            feedback_round=feedback_round,
            by_code={"NV-08": "agree" if n < 3 else "does-not-apply"},
            comments={"NV-08": "My carer is my daughter", "NV-01": "They listened"}
            if n == 0
            else {},
        )
    for answer in FeedbackAnswer.objects.exclude(comment=""):
        services.feedback_answer_mark_quotable(user=people[L], answer_id=answer.pk, quotable=True)
    return draft


def test_reports_quote_no_comment_on_a_statement_with_few_answers(client, quoted_on_few, people):
    """The report page quotes NV-01's comment, not NV-08's (3 answers), and says why."""
    client.force_login(people[V])
    page = words(client.get(reverse("assessments:report", args=[quoted_on_few.pk])))
    assert "They listened" in page
    assert "My carer is my daughter" not in page
    assert "shows “fewer than 5 answers” instead of its figures" in page
    assert "and no comment on it is quoted" in page


def test_the_board_pack_quotes_no_comment_on_a_statement_with_few_answers(
    client, quoted_on_few, people
):
    """Signed off, the board pack page quotes as the report does, from the frozen figures."""
    submit(user=people[L], assessment=quoted_on_few)
    sign_off(user=people[A], assessment=quoted_on_few)
    client.force_login(people[V])
    args = [quoted_on_few.service.partnership.slug, quoted_on_few.principle_set.slug]
    page = words(client.get(reverse("assessments:board_pack", args=args)))
    assert "They listened" in page and "My carer is my daughter" not in page


def test_the_comments_page_says_a_marked_comment_on_few_answers_is_not_quoted(
    client, quoted_on_few, people
):
    """Marked to quote, but not "Quoted in reports", where the statement has 3 answers."""
    client.force_login(people[L])
    page = words(client.get(comments_url(quoted_on_few.feedback_round)))
    assert page.count("Quoted in reports") == 1  # NV-01
    assert page.count("Marked to quote") == 1  # NV-08


def test_marking_a_comment_on_few_answers_says_reports_will_not_quote_it(
    client, quoted_on_few, people
):
    """The lead is told why, instead of "will be quoted in reports"."""
    answer = FeedbackAnswer.objects.get(comment="My carer is my daughter")
    client.force_login(people[L])
    response = client.post(
        comments_url(quoted_on_few.feedback_round),
        {"answer": comment_reference(answer.pk), "quotable": "yes"},
        follow=True,
    )
    page = words(response)
    assert "Reports will not quote it while fewer than 5 people have answered the statement" in page
    assert "The comment will be quoted in reports" not in page
