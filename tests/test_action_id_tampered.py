"""A tampered hidden id on a principle page's improvement action: an error whose code says
why and the out-of-date message a tampered version gives, in the error summary (never
Django's "Enter a whole number."); nothing saved, what was typed kept."""

import html
import re

import pytest

from assessments.forms import ActionForm
from assessments.forms.fields import ID_MAX, VERSION_MESSAGE
from assessments.models import ImprovementAction
from partnerships.models import Role
from tests import builders
from tests.formtools import action_data, codes
from tests.rating_posts import principle_url, rating_post

pytestmark = pytest.mark.django_db

ACTION = {
    "description": "Fund a community connector",
    "owner": "Voluntary sector lead",
    "due_date_0": "31",
    "due_date_1": "3",
    "due_date_2": "2027",
    "status": "agreed",
}


def posted_action(action_id) -> dict:
    """One action form as posted, with ``action_id`` in its hidden id."""
    data = {f"actions-0-{name}": value for name, value in ACTION.items()}
    return {**data, "actions-0-id": action_id}


@pytest.mark.parametrize(
    "bad, code",
    [
        ("abc", "invalid"),
        ("1.5", "invalid"),
        (" x ", "invalid"),
        ("0", "min_value"),
        ("-4", "min_value"),
        (str(ID_MAX + 1), "max_value"),
    ],
)
def test_a_bad_action_id_says_the_page_was_out_of_date(bad, code):
    """Whatever is wrong with it, the code says what and the message what to do."""
    form = ActionForm(posted_action(bad), prefix="actions-0")
    assert codes(form, "id") == [code]
    assert form.errors["id"] == [VERSION_MESSAGE]


@pytest.mark.parametrize("good", ["", "1", str(ID_MAX)])
def test_an_action_id_a_record_can_have_is_accepted(good):
    """No id (a new action), or any id an action can have."""
    form = ActionForm(posted_action(good), prefix="actions-0")
    assert codes(form, "id") == []


def test_a_tampered_action_id_on_the_page_shows_the_message(as_role, draft, people):
    """In the error summary with its code; the wording typed stays and nothing is saved."""
    builders.rate(
        user=people[Role.LEAD],
        assessment=draft,
        code="NV-04",
        actions=[builders.new_action(description="Agree one plan")],
    )
    rating = builders.rating_for(assessment=draft, code="NV-04")
    data = rating_post(
        rating,
        "save_draft",
        **{"actions-TOTAL_FORMS": "2", "actions-INITIAL_FORMS": "1"},
        **posted_action("12abc"),
        **action_data(1),
    )

    response = as_role(Role.CONTRIBUTOR).post(principle_url(draft, "NV-04"), data)

    assert response.status_code == 200
    action_form = response.context["formset"].forms[0]
    assert codes(action_form, "id") == ["invalid"]
    assert action_form["id"].value() is None  # drawn without it: saving again is possible
    page = html.unescape(response.content.decode())
    start = page.index('class="govuk-error-summary"')
    summary = page[start : page.index("</ul>", start)]
    assert VERSION_MESSAGE in summary
    assert "Enter a whole number" not in page
    assert re.search(r"<title>Error: ", page)
    assert ACTION["description"] in page
    assert list(ImprovementAction.objects.filter(rating=rating).values_list("description")) == [
        ("Agree one plan",)
    ]
