"""Team scoring pages, after a user review: wording true in every phase, English counts,
titles matching headings, GOV.UK error messages, the task list while people rate
individually, and the demo's rationales."""

import pytest
from django.core.management import call_command

from assessments.services import assessment_start
from consensus.models import IndividualRating
from partnerships.models import Role
from tests import builders
from tests import team_builders as team
from tests.figures import assess, signed
from tests.formtools import codes
from tests.test_team_review_fixes import text, title, url

pytestmark = pytest.mark.django_db

C, L, A, V = Role.CONTRIBUTOR, Role.LEAD, Role.APPROVER, Role.VIEWER
BEFORE_AGREEMENT = "nobody sees the ratings until you open agreement"


def raters_page(client, people, assessment) -> str:
    client.force_login(people[L])
    return text(client.get(url("consensus:team", assessment)))


# 5. The raters page in each phase ----------------------------------------------------------------


def test_the_raters_page_says_what_is_private_only_before_agreement(client, people, individual):
    assert BEFORE_AGREEMENT in raters_page(client, people, individual)
    agreed = team.open_agreement(user=people[L], assessment=individual, although_unfinished=True)
    page = raters_page(client, people, agreed)
    assert BEFORE_AGREEMENT not in page and "Agreement is open" in page
    builders.complete(user=people[L], assessment=agreed)
    submitted = builders.submit(user=people[L], assessment=agreed)
    page = raters_page(client, people, submitted)
    assert BEFORE_AGREEMENT not in page and "submitted for sign-off" in page
    signed_off = builders.sign_off(user=people[A], assessment=submitted)
    page = raters_page(client, people, signed_off)
    assert BEFORE_AGREEMENT not in page and "This assessment has been signed off" in page


# 6. Counts in English ---------------------------------------------------------------------------


def test_the_task_list_says_1_of_3_raters_has_finished(client, people, individual, raters):
    team.rate_all_individually(user=raters[0], assessment=individual)
    team.finish(user=raters[0], assessment=individual)
    client.force_login(people[L])
    page = text(client.get(url("assessments:overview", individual)))
    assert "1 of 3 raters has finished." in page


# 7. Removing the only rater ----------------------------------------------------------------------


def test_the_title_says_the_only_rater_cannot_be_removed_as_the_heading_does(
    client, people, service, raters
):
    draft = team.start_team(user=people[L], service=service)
    team.add_raters(user=people[L], assessment=draft, raters=raters[:1])
    rater = draft.raters.get()
    client.force_login(people[L])
    response = client.get(url("consensus:remove_rater", draft, rater.pk))
    heading = f"You cannot remove {rater.name} as a rater"
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in text(response)
    assert title(response).startswith(f"{heading} – ")


# 8. Names in reports -----------------------------------------------------------------------------


def test_a_tampered_choice_of_names_gets_a_govuk_message_with_its_code(client, people, individual):
    client.force_login(people[L])
    response = client.post(url("consensus:report_names", individual), {"show": "maybe"})
    assert codes(response.context["names_form"], "show") == ["invalid_choice"]
    page = text(response)
    assert "Select whether reports show raters' names" in page
    assert "Select a valid choice" not in page


# 9. The task list while people rate individually ----------------------------------------------


def test_the_task_list_points_raters_to_their_own_ratings(client, people, individual, raters):
    """No links to shared principle pages nor "You have completed 0 of 12"; the rater's own
    ratings instead."""
    client.force_login(raters[0])
    page = text(client.get(url("assessments:overview", individual)))
    assert "Team members are rating each principle individually first" in page
    assert f'href="{url("assessments:principle", individual, "NV-01")}"' not in page
    assert "You have completed 0 of 12 principles" not in page
    assert page.count("Cannot start yet") == 12
    assert page.count(f'href="{url("consensus:mine", individual)}"') == 2  # and in the panel


def test_the_task_list_points_the_lead_to_the_raters(client, people, individual):
    client.force_login(people[L])
    page = text(client.get(url("assessments:overview", individual)))
    assert page.count(f'href="{url("consensus:team", individual)}"') == 2  # and in the panel
    assert f'href="{url("consensus:mine", individual)}"' not in page  # not a rater


def test_a_carried_forward_principle_is_not_to_be_reviewed_while_people_rate(
    client, people, service, lead
):
    signed(assess(lead, service, period="2025/26"), people)
    draft = assessment_start(
        user=lead,
        service=service,
        principle_set=service.partnership.default_principle_set,
        period="2026/27",
        title=f"{service.name} 2026/27",
        carry_forward=True,
        team_scoring=True,
    )
    client.force_login(lead)
    assert "carried forward: review it" not in text(client.get(url("assessments:overview", draft)))


def test_a_shared_principle_page_says_why_it_is_read_only(client, people, individual, raters):
    client.force_login(raters[0])
    page = text(client.get(url("assessments:principle", individual, "NV-01")))
    assert "You cannot record the team's agreed rating of this principle yet" in page
    assert f'href="{url("consensus:rate", individual, "NV-01")}"' in page


def test_a_shared_assessment_has_its_task_list_as_before(client, people, draft):
    client.force_login(people[C])
    page = text(client.get(url("assessments:overview", draft)))
    assert "You have completed 0 of 12 principles" in page and "Cannot start yet" not in page
    assert f'href="{url("assessments:principle", draft, "NV-01")}"' in page


# 10. The demo's rationales ----------------------------------------------------------------------


def test_the_demo_rationales_never_write_a_possessive_as_s_s(settings, principle_sets):
    """ "the day-to-day work of day opportunities", never "day opportunities's"."""
    settings.DEBUG = True
    call_command("setup_demo")
    rationales = IndividualRating.objects.exclude(rationale="")
    assert rationales.filter(rationale__contains="day-to-day").exists()
    assert not rationales.filter(rationale__contains="s's").exists()
