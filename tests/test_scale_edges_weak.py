"""Which principles count as weak (rated low with no open action, so a reason is asked for
at submission) on scales of any length: never the top level, so on a two-level scale only
the lowest; and check your answers words the rule as it applies to the scale."""

import html

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from assessments.errors import RefusedError
from assessments.follow_up import weak_levels_words, weak_values
from reporting.documents import assessment_report_html
from tests import builders
from tests.factories import PrincipleSetFactory, RatingScaleFactory

pytestmark = pytest.mark.django_db


def text(markup: str) -> str:
    """``markup`` as a reader reads it: no tags, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(strip_tags(markup)).split())


def draft_on(lead, service, levels) -> object:
    """A draft of three principles on a scale with ``levels``."""
    principle_set = PrincipleSetFactory(
        principles=3, rating_scale=RatingScaleFactory(levels=levels)
    )
    return builders.start(user=lead, service=service, principle_set=principle_set)


def rate_all(lead, draft, values) -> list[str]:
    """Rate the draft's principles, in order, at ``values``; returns their codes."""
    codes = list(
        draft.ratings.order_by("principle__order").values_list("principle__code", flat=True)
    )
    for code, value in zip(codes, values, strict=True):
        builders.rate(user=lead, assessment=draft, code=code, value=value)
    return codes


def check_page(client, lead, draft) -> str:
    client.force_login(lead)
    return text(client.get(reverse("assessments:check", args=[draft.pk])).content.decode())


@pytest.mark.parametrize(
    ("levels", "weak", "words"),
    [
        ([1, 2], [1], "at the lowest level"),
        ([10, 20], [10], "at the lowest level"),
        ([1, 2, 3], [1, 2], "in the lowest two levels"),
        ([1, 2, 3, 4, 5], [1, 2], "in the lowest two levels"),
    ],
)
def test_the_top_level_is_never_weak_and_the_words_follow_the_rule(levels, weak, words):
    """The lowest two levels are weak, but never the top one; the words say which."""
    assert weak_values(levels) == weak
    assert weak_levels_words(levels) == words


def test_top_rated_principles_on_a_two_level_scale_need_no_reason(lead, service, client):
    """On a two-level scale, top-rated principles are not listed as weak and submit with no
    reasons; the report marks none of them "No action"."""
    draft = draft_on(lead, service, [1, 2])
    rate_all(lead, draft, [2, 2, 2])
    assert "Weak principles with no action" not in check_page(client, lead, draft)
    submitted = builders.submit(user=lead, assessment=draft, no_action_reasons={})
    assert submitted.state == "submitted"
    assert "No action" not in text(assessment_report_html(submitted))


def test_the_lowest_level_on_a_two_level_scale_is_weak_and_worded_so(lead, service, client):
    """Rated 1 of 2 with no action: check your answers lists it, saying "at the lowest
    level", never "the lowest two levels"."""
    draft = draft_on(lead, service, [1, 2])
    codes = rate_all(lead, draft, [1, 2, 2])
    shown = check_page(client, lead, draft)
    assert "These principles are rated at the lowest level and have no open" in shown
    assert "lowest two levels" not in shown
    assert f"{codes[0]} Principle 1: 1 – Level 1" in shown
    assert codes[1] not in shown.split("Weak principles with no action", 1)[1]


def test_check_your_answers_says_the_lowest_two_levels_on_longer_scales(lead, service, client):
    """On a three-level scale the lowest two levels are weak, and the page says so."""
    draft = draft_on(lead, service, [1, 2, 3])
    rate_all(lead, draft, [1, 2, 3])
    shown = check_page(client, lead, draft)
    assert "These principles are rated in the lowest two levels and have no open" in shown
    with pytest.raises(RefusedError) as refused:
        builders.submit(user=lead, assessment=draft, no_action_reasons={})
    assert refused.value.code == "no_action_reason_required"


def test_the_shipped_scale_keeps_its_rule(lead, service, client):
    """1 to 5: levels 1 and 2 are weak, 3 is not, as before."""
    draft = builders.start(user=lead, service=service)
    builders.complete(user=lead, assessment=draft, value=3)
    builders.rate(user=lead, assessment=draft, code="NV-04", value=2)
    shown = check_page(client, lead, draft)
    assert "These principles are rated in the lowest two levels" in shown
    assert "NV-04" in shown.split("Weak principles with no action", 1)[1]
    assert "NV-05" not in shown.split("Weak principles with no action", 1)[1]


def test_the_report_words_the_rule_for_its_scale(lead, service):
    """Page one's list of weak principles with no action says "at the lowest level" on a
    two-level scale, as the rule applies there."""
    draft = draft_on(lead, service, [1, 2])
    codes = rate_all(lead, draft, [1, 2, 2])
    shown = text(assessment_report_html(draft))
    assert f"Rated at the lowest level with no open action: {codes[0]}." in shown
    assert "lowest two levels" not in shown
