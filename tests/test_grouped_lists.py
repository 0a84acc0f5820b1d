"""Scotland's principles keep their three lists, each under its lead-in, on the weights,
targets, return, team agreement and individual ratings pages; National Voices' stay as one
list; and lists of names read "A, B and C"."""

import re

import pytest
from django.urls import reverse

from consensus.templatetags.team_scoring import name_list
from principles.models import PrincipleSet
from tests import builders
from tests import team_builders as team

LEAD_INS = (
    "Services will be provided in a way which…",
    "Services must be…",
    "Services must take account of…",
)


@pytest.fixture
def scotland(principle_sets) -> PrincipleSet:
    return PrincipleSet.objects.get(slug="scotland-integration-principles")


@pytest.fixture
def scottish_draft(service, lead, scotland):
    """A new draft against Scotland's principles, started by the lead."""
    return builders.start(user=lead, service=service, principle_set=scotland, title="Glen 2026")


@pytest.fixture
def scottish_team(service, people, raters, scotland):
    """A Scottish draft rated individually first, every rater finished, agreement open."""
    draft = team.start_team(user=people["lead"], service=service, principle_set=scotland)
    team.add_raters(user=people["lead"], assessment=draft, raters=raters)
    for rater in raters:
        team.rate_all_individually(user=rater, assessment=draft)
        team.finish(user=rater, assessment=draft)
    draft = builders.reload(assessment=draft)
    team.open_agreement(user=people["lead"], assessment=draft)
    return builders.reload(assessment=draft)


def page(client, user, name, assessment) -> str:
    client.force_login(user)
    response = client.get(reverse(name, args=[assessment.pk]))
    assert response.status_code == 200
    return response.content.decode()


def in_order(content: str, *parts: str) -> bool:
    """Whether every part is in ``content``, in this order."""
    found = [content.find(part) for part in parts]
    return -1 not in found and found == sorted(found)


def rowgroup_headers(content: str) -> list[str]:
    return re.findall(r'<th scope="rowgroup"[^>]*>([^<]*)</th>', content)


def legends(content: str) -> list[str]:
    return [
        " ".join(text.split())
        for text in re.findall(r"<legend[^>]*>(.*?)</legend>", content, flags=re.S)
    ]


def test_weights_page_puts_each_list_under_its_lead_in(client, lead, scottish_draft):
    """The weights page heads each of Scotland's lists with its lead-in, in order."""
    content = page(client, lead, "assessments:weights", scottish_draft)
    headings = re.findall(r'<h2 class="govuk-heading-m">([^<]*)</h2>', content)
    assert headings[:3] == list(LEAD_INS)
    assert in_order(content, LEAD_INS[0], "SC-05 Best use of resources", LEAD_INS[1])
    assert in_order(content, LEAD_INS[1], "SC-07 Planned and led locally", LEAD_INS[2])
    assert in_order(content, LEAD_INS[2], "SC-12 Characteristics and circumstances")


def test_weights_page_shows_each_statement(client, lead, scottish_draft):
    """Each principle's statement, which completes its lead-in, follows its title."""
    content = page(client, lead, "assessments:weights", scottish_draft)
    assert in_order(content, "SC-01 Rights", "respects the rights of service-users", "SC-02")


def test_weights_page_for_national_voices_has_no_list_headings(client, lead, draft):
    """A National Voices draft's weights page is one list, without a lead-in heading."""
    content = page(client, lead, "assessments:weights", draft)
    assert "Integrated care must…" not in content
    assert "NV-01 Person-centred</legend>" in content


def test_weights_save_still_works_in_lists(client, lead, scottish_draft):
    """Weights saved from the page in lists are kept."""
    client.force_login(lead)
    url = reverse("assessments:weights", args=[scottish_draft.pk])
    data = {"version": scottish_draft.version}
    for rating in scottish_draft.ratings.select_related("principle"):
        data[f"weight_{rating.pk}"] = rating.weight
        data[f"reason_{rating.pk}"] = ""
        data[f"seen_weight_{rating.pk}"] = rating.weight
        data[f"seen_reason_{rating.pk}"] = ""
    sc01 = builders.rating_for(assessment=scottish_draft, code="SC-01")
    data[f"weight_{sc01.pk}"] = 5
    data[f"reason_{sc01.pk}"] = "Rights come first here."
    response = client.post(url, data)
    assert response.status_code == 302
    assert builders.rating_for(assessment=scottish_draft, code="SC-01").weight == 5


def test_targets_page_has_a_fieldset_for_each_list(client, lead, scottish_draft):
    """The targets page has a fieldset for each list with its lead-in as the legend, and
    each principle's statement in its hint."""
    content = page(client, lead, "assessments:targets", scottish_draft)
    assert legends(content) == list(LEAD_INS)
    assert in_order(content, LEAD_INS[1], "SC-06 Integrated for service-users", LEAD_INS[2])
    assert in_order(content, "SC-10 Dignity", "the dignity of service-users", "SC-11")


def test_targets_page_for_national_voices_has_no_fieldsets(client, lead, draft):
    """A National Voices draft's targets are one list, with no fieldset or statement."""
    content = page(client, lead, "assessments:targets", draft)
    assert legends(content) == []
    assert "be organised around the needs of individuals" not in content


def test_return_page_has_a_fieldset_of_checkboxes_for_each_list(
    client, people, scotland, lead, service
):
    """Return for changes asks which principles in one fieldset, with a fieldset for each
    list inside it, its lead-in as the legend."""
    scottish = builders.start(user=lead, service=service, principle_set=scotland)
    builders.complete(user=lead, assessment=scottish)
    submitted = builders.submit(user=lead, assessment=scottish)
    content = page(client, people["approver"], "assessments:return", submitted)
    assert legends(content) == ["Which principles does it concern? (optional)", *LEAD_INS]
    assert in_order(content, LEAD_INS[0], 'id="id_codes_1" value="SC-01"', LEAD_INS[1])
    assert in_order(content, LEAD_INS[2], 'id="id_codes_12" value="SC-12"')


def test_return_page_saves_the_principles_chosen_in_lists(client, people, scotland, lead, service):
    """Principles ticked in the lists are returned with the comment."""
    scottish = builders.start(user=lead, service=service, principle_set=scotland)
    builders.complete(user=lead, assessment=scottish)
    submitted = builders.submit(user=lead, assessment=scottish)
    client.force_login(people["approver"])
    response = client.post(
        reverse("assessments:return", args=[submitted.pk]),
        {"comment": "Add evidence.", "codes": ["SC-02", "SC-09"], "version": submitted.version},
    )
    assert response.status_code == 302
    returned = builders.reload(assessment=submitted)
    assert returned.state == "draft"


def test_return_page_for_national_voices_has_one_fieldset(client, people, submitted):
    """A National Voices assessment's principles are one list of checkboxes, as before."""
    content = page(client, people["approver"], "assessments:return", submitted)
    assert legends(content) == ["Which principles does it concern? (optional)"]


def test_team_agreement_table_has_a_row_group_for_each_list(client, people, scottish_team):
    """The team's ratings table has a body for each list, headed by its lead-in."""
    content = page(client, people["lead"], "consensus:agreement", scottish_team)
    assert rowgroup_headers(content) == list(LEAD_INS)
    assert in_order(content, LEAD_INS[2], "SC-08 Different needs")


def test_individual_ratings_are_listed_under_each_lead_in(
    client, people, raters, scotland, service
):
    """A rater's own task list heads each of Scotland's lists with its lead-in."""
    lead = people["lead"]
    draft = team.start_team(user=lead, service=service, principle_set=scotland)
    team.add_raters(user=lead, assessment=draft, raters=raters)
    content = page(client, raters[0], "consensus:mine", draft)
    assert in_order(content, *(f">{lead_in}</h2>" for lead_in in LEAD_INS))
    assert in_order(content, LEAD_INS[1], "SC-07 Planned and led locally", LEAD_INS[2])


def test_individual_ratings_for_national_voices_have_no_lead_in(client, raters, individual):
    """A National Voices rater's task list is one list, without a lead-in heading."""
    content = page(client, raters[0], "consensus:mine", individual)
    assert "Integrated care must…" not in content


def test_names_are_listed_with_and():
    """Names read "A, B, C and D"; one name alone."""
    assert name_list(["Callum", "Kirsty", "Isla", "Fraser"]) == "Callum, Kirsty, Isla and Fraser"
    assert name_list(["Callum"]) == "Callum"


def test_agreement_pages_name_who_had_not_finished_with_and(client, people, raters, individual):
    """The agreement page and task list name the raters who had not finished as a list
    with "and" before the last."""
    team.open_agreement(user=people["lead"], assessment=individual, although_unfinished=True)
    opened = builders.reload(assessment=individual)
    names = opened.agreement_unfinished
    assert len(names) == 3
    expected = f"before {names[0]}, {names[1]} and {names[2]} had finished"
    assert expected in page(client, people["lead"], "consensus:agreement", opened)
    assert expected in page(client, people["lead"], "assessments:overview", opened)
