"""A principle at its most improvement actions (``rules.MAX_ACTIONS``): "Save and add another
action" is not offered when no more boxes can follow, and the page says why."""

import html

import pytest

from assessments.models import ImprovementAction
from assessments.rules import MAX_ACTIONS
from partnerships.models import Role
from tests import builders
from tests.rating_posts import level_pk, principle_url, rating_post
from tests.test_principle_page_views import NEW_ACTION

pytestmark = pytest.mark.django_db

LIMIT = f"A principle can have up to {MAX_ACTIONS} improvement actions"
BUTTON = 'name="add_action"'


def with_actions(people, draft, count: int):
    """NV-04 rated 2 with ``count`` actions."""
    builders.rate(
        user=people[Role.LEAD],
        assessment=draft,
        code="NV-04",
        value=2,
        actions=[builders.new_action(description=f"Action {n}") for n in range(count)],
    )
    return builders.rating_for(assessment=draft, code="NV-04")


def shown(client, draft) -> str:
    return html.unescape(client.get(principle_url(draft, "NV-04")).content.decode())


def test_at_the_limit_the_button_is_gone_and_the_page_says_why(as_role, people, draft):
    """With 50 actions saved there is no blank action and no "Save and add another action"."""
    with_actions(people, draft, MAX_ACTIONS)
    page = shown(as_role(Role.CONTRIBUTOR), draft)
    assert BUTTON not in page
    assert f"{LIMIT}." in page
    assert f'name="actions-{MAX_ACTIONS}-description"' not in page


def test_with_the_last_box_blank_the_button_is_gone_too(as_role, people, draft):
    """49 saved and the 50th blank: adding that one leaves no room for another, so the
    button is not offered and the limit is said."""
    with_actions(people, draft, MAX_ACTIONS - 1)
    page = shown(as_role(Role.CONTRIBUTOR), draft)
    assert f'name="actions-{MAX_ACTIONS - 1}-description"' in page
    assert BUTTON not in page and LIMIT in page


def test_below_the_limit_the_button_is_offered(as_role, people, draft):
    """48 saved and a blank one: another can follow, so the button is there, and no limit."""
    with_actions(people, draft, MAX_ACTIONS - 2)
    page = shown(as_role(Role.CONTRIBUTOR), draft)
    assert BUTTON in page and LIMIT not in page


def test_adding_the_last_action_from_an_older_page_says_the_limit(as_role, people, draft):
    """A page opened before others added 49 actions still had the button: pressing it saves
    the 50th, then says the limit rather than promising another action below."""
    rating = with_actions(people, draft, MAX_ACTIONS - 1)
    client = as_role(Role.CONTRIBUTOR)
    data = rating_post(
        rating, "add_action", answer=level_pk(draft, 2), evidence="Evidence", **NEW_ACTION
    )
    response = client.post(principle_url(draft, "NV-04"), data, follow=True)
    page = html.unescape(response.content.decode())
    assert ImprovementAction.objects.filter(rating=rating).count() == MAX_ACTIONS
    assert "You can add another action below" not in page
    assert f"have been saved. {LIMIT}" in page
    assert BUTTON not in page
