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


def one_action(draft, people):
    """NV-04's rating, saved with one action, "Agree one plan"."""
    builders.rate(
        user=people[Role.LEAD],
        assessment=draft,
        code="NV-04",
        actions=[builders.new_action(description="Agree one plan")],
    )
    return builders.rating_for(assessment=draft, code="NV-04")


def test_a_tampered_action_id_on_the_page_shows_the_message(as_role, draft, people):
    """In the error summary with its code; the wording typed stays and nothing is saved."""
    rating = one_action(draft, people)
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
    saved = ImprovementAction.objects.get(rating=rating)
    assert action_form["id"].value() == saved.pk  # the action drawn in its place
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


def saved_descriptions(rating) -> list[str]:
    return list(
        ImprovementAction.objects.filter(rating=rating).values_list("description", flat=True)
    )


def drawn_again(response) -> dict:
    """What the page drawn after a refusal posts if the user saves again without changes."""
    formset = response.context["formset"]
    data = rating_post(
        response.context["rating"],
        "save_draft",
        **{
            "actions-TOTAL_FORMS": str(formset.total_form_count()),
            "actions-INITIAL_FORMS": "0",
            "version": response.context["form"]["version"].value(),
        },
    )
    for form in formset.forms:
        for name in ("id", "description", "owner", "status"):
            value = form[name].value()
            data[f"{form.prefix}-{name}"] = "" if value is None else value
        for part, value in zip("012", form["due_date"].value() or ["", "", ""], strict=False):
            data[f"{form.prefix}-due_date_{part}"] = value
    return data


def test_saving_again_after_a_bad_action_id_changes_that_action_not_a_copy(as_role, draft, people):
    """The page drawn after a tampered id saves the typed wording into the action that was
    in its place: one action, with the new wording."""
    rating = one_action(draft, people)
    data = rating_post(
        rating,
        "save_draft",
        **{"actions-TOTAL_FORMS": "1", "actions-INITIAL_FORMS": "1"},
        **posted_action("12abc"),
    )
    client = as_role(Role.CONTRIBUTOR)
    response = client.post(principle_url(draft, "NV-04"), data)

    again = client.post(principle_url(draft, "NV-04"), drawn_again(response))

    assert again.status_code == 302
    assert saved_descriptions(rating) == [ACTION["description"]]


@pytest.mark.parametrize("whose", ["another principle's", "made up"])
def test_an_action_id_this_rating_never_had_says_out_of_date_not_removed(
    as_role, draft, people, whose
):
    """Another rating's action id, or a number no action has, was never removed by anyone:
    the page says it was out of date, keeps the wording, and saving again changes the
    action in that place rather than adding a copy."""
    lead = people[Role.LEAD]
    builders.rate(
        user=lead,
        assessment=draft,
        code="NV-04",
        actions=[builders.new_action(description="Agree one plan")],
    )
    builders.rate(
        user=lead,
        assessment=draft,
        code="NV-05",
        actions=[builders.new_action(description="Another principle's action")],
    )
    rating = builders.rating_for(assessment=draft, code="NV-04")
    other = ImprovementAction.objects.get(rating__principle__code="NV-05", rating__assessment=draft)
    foreign = other.pk if whose == "another principle's" else other.pk + 1000
    data = rating_post(
        rating,
        "save_draft",
        **{"actions-TOTAL_FORMS": "1", "actions-INITIAL_FORMS": "1"},
        **posted_action(str(foreign)),
    )
    client = as_role(Role.CONTRIBUTOR)

    response = client.post(principle_url(draft, "NV-04"), data)

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    start = page.index('class="govuk-error-summary"')
    assert page[start : page.index("</ul>", start)].count(VERSION_MESSAGE) == 1
    assert "removed" not in page[start : page.index("</ul>", start)]
    assert "removed this action" not in page
    action_form = response.context["formset"].forms[0]
    assert codes(action_form, "__all__") == ["action_unknown"]
    assert action_form["id"].value() == ImprovementAction.objects.get(rating=rating).pk
    assert ACTION["description"] in page
    assert saved_descriptions(rating) == ["Agree one plan"]
    assert other.description == ImprovementAction.objects.get(pk=other.pk).description

    again = client.post(principle_url(draft, "NV-04"), drawn_again(response))

    assert again.status_code == 302
    assert saved_descriptions(rating) == [ACTION["description"]]
    assert ImprovementAction.objects.get(pk=other.pk).description == "Another principle's action"


@pytest.mark.parametrize(
    "total, message",
    [
        ("x", VERSION_MESSAGE),
        ("", VERSION_MESSAGE),
        ("60", "A principle can have up to 50 improvement actions"),
    ],
)
def test_a_tampered_count_of_actions_is_said_in_our_words(as_role, draft, people, total, message):
    """Never Django's "ManagementForm data is missing…" or "Please submit at most 50
    forms.": the page says what a person can act on, and nothing is saved."""
    rating = one_action(draft, people)
    data = rating_post(
        rating,
        "save_draft",
        evidence="Typed evidence",
        **{"actions-TOTAL_FORMS": total, "actions-INITIAL_FORMS": "1"},
        **posted_action(str(ImprovementAction.objects.get(rating=rating).pk)),
    )

    response = as_role(Role.CONTRIBUTOR).post(principle_url(draft, "NV-04"), data)

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    start = page.index('class="govuk-error-summary"')
    assert message in page[start : page.index("</ul>", start)]
    assert "ManagementForm" not in page and "Please submit" not in page
    assert "Typed evidence" in page
    assert saved_descriptions(rating) == ["Agree one plan"]
