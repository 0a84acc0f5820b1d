"""The weights page a page of principles at a time: what each page shows, and that saving
one page keeps every rule about the whole set and every other page's weights."""

import html
import re

import pytest
from django.urls import reverse

from assessments.errors import RefusedError
from assessments.forms import WeightsForm
from assessments.selectors import ratings_for_weights
from assessments.views.weights import WEIGHTS_PER_PAGE
from partnerships.models import Role
from tests import builders
from tests.factories import PrincipleSetFactory, member
from tests.formtools import codes

pytestmark = pytest.mark.django_db


@pytest.fixture
def large(service, lead):
    """A draft against a made-up set of 30 principles: pages of 12, 12 and 6."""
    return builders.start(
        user=lead, service=service, principle_set=PrincipleSetFactory(principles=30)
    )


@pytest.fixture
def second_lead(partnership):
    return member(partnership, Role.LEAD, username="second-lead", display_name="Sam Second")


def url(assessment, page=None) -> str:
    base = reverse("assessments:weights", args=[assessment.pk])
    return f"{base}?page={page}" if page else base


def text(response) -> str:
    return html.unescape(response.content.decode())


def ratings(assessment) -> list:
    return ratings_for_weights(assessment)


def page_data(assessment, page: int, **changes) -> dict:
    """What the page sends unchanged (weights, reasons and what it showed), with ``changes``
    keyed weight_<n>/reason_<n> by position in the whole set."""
    every = ratings(assessment)
    shown = every[(page - 1) * WEIGHTS_PER_PAGE : page * WEIGHTS_PER_PAGE]
    data = {"version": str(builders.reload(assessment=assessment).version)}
    for rating in shown:
        data |= {
            f"weight_{rating.pk}": str(rating.weight),
            f"reason_{rating.pk}": rating.weight_reason,
            f"seen_weight_{rating.pk}": str(rating.weight),
            f"seen_reason_{rating.pk}": rating.weight_reason,
        }
    for key, value in changes.items():
        name, position = key.rsplit("_", 1)
        data[f"{name}_{every[int(position)].pk}"] = value
    return data


def saved(assessment) -> list[tuple[int, str]]:
    return [(r.weight, r.weight_reason) for r in ratings(assessment)]


def test_a_set_of_twelve_is_weighted_on_one_page(client, lead, draft):
    """The published sets keep one page with every weight, and no pages or summary."""
    client.force_login(lead)
    response = client.get(url(draft))
    assert text(response).count("<fieldset") == 12
    assert "govuk-pagination" not in text(response)
    assert "Saved weights" not in text(response)


def test_a_large_set_shows_a_page_of_principles_and_every_saved_weight(client, lead, large):
    """Page 2 of 30 principles has the 13th to 24th, pages, and all 30 saved weights, each
    linked to its weight on its page."""
    every = ratings(large)
    builders.set_weights(user=lead, assessment=large, weights={every[27].pk: (4, "Priority")})
    client.force_login(lead)

    page = text(client.get(url(large, 2)))

    # Each legend is the code and title, then (for a set in lists) the statement.
    legends = re.findall(
        r'<legend class="govuk-fieldset__legend[^"]*">([^<]+?)'
        r"(?: <span[^>]*>[^<]*</span>)?</legend>",
        page,
    )
    assert legends == [f"{r.code} {r.short_title}" for r in every[12:24]]
    assert "This page has principles 13 to 24 of 30" in page
    assert 'aria-label="Pages of principles"' in page
    summary = page[page.index('id="saved-weights"') :]
    rows = re.findall(r'<tr class="govuk-table__row"><th scope="row"', summary)
    assert len(rows) == 30
    assert f'href="?page=1#id_weight_{every[0].pk}"' in summary
    assert f'href="?page=3#id_weight_{every[27].pk}"' in summary
    assert re.search(rf"{every[27].code} [^<]*</a></th><td[^>]*>4</td><td[^>]*>1</td>", summary)


def test_saving_a_page_changes_only_its_weights_and_comes_back_to_it(client, lead, large):
    """A page saved sets its weights, leaves every other page's as saved, and returns to
    the page with the summary showing the new weight."""
    every = ratings(large)
    builders.set_weights(user=lead, assessment=large, weights={every[0].pk: (3, "Kept")})
    client.force_login(lead)

    response = client.post(url(large, 2), page_data(large, 2, weight_13="5", reason_13="Why"))

    assert response.status_code == 302
    assert response["Location"] == url(large, 2)
    expected = [(1, "")] * 30
    expected[0], expected[13] = (3, "Kept"), (5, "Why")
    assert saved(large) == expected
    page = text(client.get(response["Location"]))
    assert "The weights have been saved" in page
    assert re.search(rf"{every[13].code} [^<]*</a></th><td[^>]*>5</td>", page)


def test_an_error_on_a_page_keeps_what_was_typed_there(client, lead, large):
    """A changed weight without a reason is refused on the same page, keeping what was
    typed, and nothing is saved."""
    every = ratings(large)
    client.force_login(lead)

    response = client.post(url(large, 3), page_data(large, 3, weight_29="7", reason_29=""))

    assert response.status_code == 200
    form = response.context["form"]
    assert codes(form, f"reason_{every[29].pk}") == ["reason_required"]
    assert form[f"weight_{every[29].pk}"].value() == "7"
    assert [r.pk for r in form.ratings] == [r.pk for r in every[24:]]
    assert saved(large) == [(1, "")] * 30


def test_a_page_of_zeros_is_refused_only_when_every_other_weight_is_zero(client, lead, large):
    """Weights of 0 on a whole page are fine while another page weighs something; when
    every other weight is already 0 the page is refused with all_zero."""
    every = ratings(large)
    client.force_login(lead)
    zeros = {f"weight_{n}": "0" for n in range(12, 24)}
    zeros |= {f"reason_{n}": "Not this year" for n in range(12, 24)}

    assert client.post(url(large, 2), page_data(large, 2, **zeros)).status_code == 302
    others = [r for n, r in enumerate(every) if not 12 <= n < 24 and n != 0]
    builders.set_weights(
        user=lead, assessment=large, weights={r.pk: (0, "Not this year") for r in others}
    )
    response = client.post(url(large, 2), page_data(large, 2, weight_12="1"))
    assert response.status_code == 302  # the first principle still weighs 1

    builders.set_weights(user=lead, assessment=large, weights={every[0].pk: (0, "Not now")})
    response = client.post(url(large, 2), page_data(large, 2, weight_12="0"))
    assert response.status_code == 200
    assert codes(response.context["form"], "__all__") == ["all_zero"]
    assert "Give at least one principle a weight above 0" in text(response)


def test_the_form_checks_the_whole_set_with_the_other_pages_saved_weights(draft):
    """A page whose weights are all 0 is all_zero, or no_weight_applies, according to the
    saved weights of the principles on other pages."""
    every = ratings(draft)
    shown, elsewhere = every[:4], every[4:]
    data = {"version": "1"}
    for rating in shown:
        data |= {f"weight_{rating.pk}": "0", f"reason_{rating.pk}": "Not this year"}

    assert WeightsForm(data, ratings=shown, elsewhere=elsewhere).is_valid()
    for rating in elsewhere[:-1]:
        rating.weight = 0
    elsewhere[-1].not_applicable = True
    form = WeightsForm(data, ratings=shown, elsewhere=elsewhere)
    assert codes(form, "__all__") == ["no_weight_applies"]
    elsewhere[-1].weight = 0
    form = WeightsForm(data, ratings=shown, elsewhere=elsewhere)
    assert codes(form, "__all__") == ["all_zero"]


def test_the_service_keeps_the_whole_set_rule_for_a_part_of_the_weights(lead, large):
    """Weights for some principles only are checked with the others' saved weights."""
    every = ratings(large)
    builders.set_weights(
        user=lead, assessment=large, weights={r.pk: (0, "Not this year") for r in every[1:]}
    )
    with pytest.raises(RefusedError) as error:
        builders.set_weights(user=lead, assessment=large, weights={every[0].pk: (0, "No")})
    assert error.value.code == "all_zero"
    assert saved(large)[0] == (1, "")


def test_a_conflict_on_a_page_shows_the_other_change_and_keeps_every_page(
    client, lead, second_lead, large
):
    """Another lead's save after the page opened is a conflict: their change on this page is
    shown beside what was typed, and saving again keeps their changes on every page."""
    every = ratings(large)
    client.force_login(second_lead)
    opened = page_data(large, 2)
    builders.set_weights(
        user=lead,
        assessment=large,
        weights={every[14].pk: (3, "Outcomes matter most"), every[26].pk: (2, "Page three")},
    )

    mine = opened | {f"weight_{every[15].pk}": "4", f"reason_{every[15].pk}": "Ours"}
    response = client.post(url(large, 2), mine)

    assert response.status_code == 409
    page = text(response)
    assert "Your weights have not been saved" in page
    assert "Outcomes matter most" in page
    form = response.context["form"]
    assert set(form.changes) == {str(every[14].pk)}
    assert form[f"weight_{every[14].pk}"].value() == "3"
    assert form[f"weight_{every[15].pk}"].value() == "4"
    assert saved(large)[15] == (1, "")

    sent = {name: form[name].value() or "" for name in form.fields}
    assert client.post(url(large, 2), sent).status_code == 302
    expected = [(1, "")] * 30
    expected[14] = (3, "Outcomes matter most")
    expected[15], expected[26] = (4, "Ours"), (2, "Page three")
    assert saved(large) == expected


def test_weight_inputs_are_govuk_inputs_with_the_error_modifier(client, lead, draft):
    """Every weight box has GOV.UK's input class, and one in error its error modifier."""
    every = ratings(draft)
    client.force_login(lead)
    page = text(client.get(url(draft)))
    assert page.count('class="govuk-input govuk-input--width-3"') == 12

    data = {"version": str(draft.version)}
    for rating in every:
        data |= {f"weight_{rating.pk}": "1", f"reason_{rating.pk}": ""}
    data[f"weight_{every[2].pk}"] = "11"
    page = text(client.post(url(draft), data))
    assert page.count('class="govuk-input govuk-input--width-3 govuk-input--error"') == 1
    assert re.search(
        r'class="govuk-input govuk-input--width-3 govuk-input--error"[^>]*'
        rf'id="id_weight_{every[2].pk}"',
        page,
    )


def test_the_saved_weights_table_escapes_principle_text(client, lead, large):
    """A principle's title with markup in it is shown as text in the saved weights."""
    principle = ratings(large)[20].principle
    principle.short_title = '<b onmouseover="x">Bold</b> & "quoted"'
    principle.save()
    client.force_login(lead)
    page = client.get(url(large)).content.decode()
    summary = page[page.index('id="saved-weights"') :]
    assert "&lt;b onmouseover=&quot;x&quot;&gt;Bold&lt;/b&gt; &amp; &quot;quoted&quot;" in summary
    assert "<b onmouseover" not in page
