"""The self-assessment journey through the web pages, with the test client: dashboard, start,
task list, weights, submission, return, sign-off and read-only views.

Rating one principle on its page is in test_principle_page_views.py."""

import pytest
from django.urls import reverse

from assessments.models import Assessment, AssessmentState
from partnerships.models import Role
from principles.models import Principle
from tests.builders import complete, submit
from tests.rating_posts import level_pk, principle_url, rating_post

pytestmark = pytest.mark.django_db


def test_dashboard_lists_partnership_services_and_progress(as_role, draft):
    """The dashboard shows the partnership, its service and the draft's progress."""
    content = as_role(Role.LEAD).get(reverse("home")).content.decode()
    assert "Riverside Health and Wellbeing Board" in content
    assert "Hospital discharge to assess" in content
    assert draft.title in content
    assert "0 of 12" in content
    assert reverse("assessments:start") in content


def test_dashboard_without_membership_says_so(client, django_user_model, principle_sets):
    """Someone who belongs to no partnership is told to ask their administrator."""
    client.force_login(
        django_user_model.objects.create_user(
            "newcomer", "newcomer@example.org", password="x-long-pass-1"
        )
    )
    assert "not a member of any partnership" in client.get(reverse("home")).content.decode()


def test_lead_starts_an_assessment(as_role, service):
    """A lead starts an assessment and lands on its task list with every principle."""
    client = as_role(Role.LEAD)
    response = client.post(
        reverse("assessments:start"),
        {
            "service": service.pk,
            "principle_set": service.partnership.default_principle_set_id,
            "period": "2026/27",
            "title": "Discharge 2026/27",
        },
    )
    assessment = Assessment.objects.get(title="Discharge 2026/27")
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:overview", args=[assessment.pk])
    content = client.get(response["Location"]).content.decode()
    assert "You have completed 0 of 12 principles" in content
    assert content.count("Not started") == 12


def test_start_preselects_the_service_and_its_default_set(as_role, service):
    """Following "Start an assessment" for a service preselects it and its default set."""
    response = as_role(Role.LEAD).get(reverse("assessments:start"), {"service": service.pk})
    form = response.context["form"]
    assert form.initial["service"] == service.pk
    assert form.initial["principle_set"] == str(service.partnership.default_principle_set_id)


def test_task_list_groups_principles_and_counts_completed(as_role, draft, people):
    """The task list shows statuses and "You have completed N of 12 principles"."""
    rating = draft.ratings.order_by("principle__order").first()
    as_role(Role.CONTRIBUTOR).post(
        principle_url(draft, rating.principle.code),
        rating_post(rating, answer=level_pk(draft, 4), evidence="Plans are shared."),
    )
    content = (
        as_role(Role.CONTRIBUTOR)
        .get(reverse("assessments:overview", args=[draft.pk]))
        .content.decode()
    )
    assert "You have completed 1 of 12 principles" in content
    assert content.count("Completed") >= 1
    assert "Integrated care must" in content


def test_lead_changes_a_weight_with_a_reason(as_role, draft):
    """A changed weight needs a reason; both are saved and shown on check your answers."""
    client = as_role(Role.LEAD)
    url = reverse("assessments:weights", args=[draft.pk])
    rating = draft.ratings.get(principle__code="NV-08")
    data = {"version": draft.version}
    for r in draft.ratings.all():
        data[f"weight_{r.pk}"] = r.weight
        data[f"reason_{r.pk}"] = ""
    data[f"weight_{rating.pk}"] = 3
    response = client.post(url, data)
    assert response.context["form"].errors.as_data()[f"reason_{rating.pk}"][0].code == (
        "reason_required"
    )

    data[f"reason_{rating.pk}"] = "Carers are a board priority this year."
    assert client.post(url, data).status_code == 302
    rating.refresh_from_db()
    assert (rating.weight, rating.weight_reason) == (3, "Carers are a board priority this year.")
    content = client.get(reverse("assessments:check", args=[draft.pk])).content.decode()
    assert "Carers are a board priority this year." in content


def test_submit_needs_every_principle_completed(as_role, draft):
    """Submitting an incomplete draft is refused with a clear message."""
    response = as_role(Role.LEAD).post(
        reverse("assessments:check", args=[draft.pk]), {"version": draft.version}
    )
    assert "Complete all principles before you submit" in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == AssessmentState.DRAFT


def test_submit_return_resubmit_and_sign_off(client, people, draft):
    """The lead submits, the approver returns it, it is resubmitted and signed off."""
    complete(user=people[Role.LEAD], assessment=draft)
    draft.refresh_from_db()
    client.force_login(people[Role.LEAD])
    response = client.post(
        reverse("assessments:check", args=[draft.pk]), {"version": draft.version}
    )
    assert response["Location"] == reverse("assessments:submitted", args=[draft.pk])
    assert "Assessment submitted for sign-off" in client.get(response["Location"]).content.decode()

    client.force_login(people[Role.APPROVER])
    draft.refresh_from_db()
    url = reverse("assessments:return", args=[draft.pk])
    response = client.post(url, {"version": draft.version, "comment": ""})
    assert response.context["form"].errors.as_data()["comment"][0].code == "required"
    client.post(url, {"version": draft.version, "comment": "Add evidence from carers."})
    draft.refresh_from_db()
    assert draft.state == AssessmentState.DRAFT
    client.force_login(people[Role.LEAD])
    overview = client.get(reverse("assessments:overview", args=[draft.pk])).content.decode()
    assert "Add evidence from carers." in overview

    client.post(reverse("assessments:check", args=[draft.pk]), {"version": draft.version})
    draft.refresh_from_db()
    assert draft.state == AssessmentState.SUBMITTED

    client.force_login(people[Role.APPROVER])
    url = reverse("assessments:sign_off", args=[draft.pk])
    sign_off_data = {
        "version": draft.version,
        "body": "Riverside Health and Wellbeing Board",
        "decision": "endorsed",
        "decision_date_0": "3",
        "decision_date_1": "3",
        "decision_date_2": "2026",
        "minute_reference": "HWB 2026/09",
    }
    assert client.post(url, sign_off_data).status_code == 302
    draft.refresh_from_db()
    assert draft.is_signed_off
    assert (draft.signoff_decision, str(draft.signoff_date)) == ("endorsed", "2026-03-03")
    overview = client.get(reverse("assessments:overview", args=[draft.pk])).content.decode()
    assert "Endorsed by Riverside Health and Wellbeing Board on 3 March 2026" in overview


def test_sign_off_date_cannot_be_in_the_future(as_role, draft, people):
    """A meeting date in the future is refused."""
    complete(user=people[Role.LEAD], assessment=draft)
    submitted = submit(user=people[Role.LEAD], assessment=draft)
    response = as_role(Role.APPROVER).post(
        reverse("assessments:sign_off", args=[submitted.pk]),
        {
            "version": submitted.version,
            "body": "Board",
            "decision": "noted",
            "decision_date_0": "1",
            "decision_date_1": "1",
            "decision_date_2": "2099",
            "minute_reference": "1",
        },
    )
    errors = response.context["form"].errors.as_data()
    assert errors["decision_date"][0].code == "future_date"


def test_signed_off_pages_show_the_text_rated_not_later_edits(as_role, signed_off):
    """After sign-off an admin edit to a principle does not change what the assessment shows."""
    original = Principle.objects.get(code="NV-06").statement
    Principle.objects.filter(code="NV-06").update(statement="be co-produced with everyone")
    client = as_role(Role.VIEWER)
    page = client.get(principle_url(signed_off, "NV-06")).content.decode()
    assert original in page and "co-produced" not in page
    check = client.get(reverse("assessments:check", args=[signed_off.pk])).content.decode()
    assert original in check and "co-produced" not in check


def test_viewer_sees_answers_but_no_way_to_edit(as_role, draft, people):
    """A viewer reads the principle page without a form and the task list without actions."""
    client = as_role(Role.VIEWER)
    page = client.get(principle_url(draft, "NV-01")).content.decode()
    assert '<form method="post" novalidate>' not in page
    overview = client.get(reverse("assessments:overview", args=[draft.pk])).content.decode()
    assert "Change weights" not in overview
    assert "submit for sign-off" not in overview
