"""Admins manage partnerships and people; assessments change only through the services."""

import datetime

import pytest
from django.urls import reverse

from assessments.models import (
    Assessment,
    AssessmentState,
    ImprovementAction,
    Rating,
    SignOffDecision,
)
from partnerships.models import Membership
from tests.builders import complete, new_action, rate, return_, sign_off, submit

pytestmark = pytest.mark.django_db


def _submitted(assessment, people):
    """Completed by the contributor and submitted by the lead."""
    complete(
        user=people["contributor"],
        assessment=assessment,
        evidence="Seen in the case file audit and in carers' feedback.",
    )
    return submit(user=people["lead"], assessment=assessment)


def _signed_off(assessment, people):
    """Submitted as above, then signed off by the approver at the board's June meeting."""
    return sign_off(
        user=people["approver"],
        assessment=_submitted(assessment, people),
        decision=SignOffDecision.APPROVED,
        decision_date=datetime.date(2026, 6, 18),
        minute_reference="HWB 26/041",
    )


def _change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def _form_data(response, **changes):
    """What the browser would post back from a change page, with ``changes`` applied."""
    form = response.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {name: "" if value is None else value for name, value in data.items()}
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    data.update(changes)
    return data


@pytest.fixture
def action(draft, people):
    """An improvement action on the draft's first principle."""
    rate(
        user=people["contributor"],
        assessment=draft,
        code=draft.ratings.order_by("principle__order").first().principle.code,
        value=None,
        evidence="Started.",
        actions=[
            new_action(
                description="Offer every carer an assessment at first contact.",
                owner="Carers Lead",
                due_date=datetime.date(2027, 3, 31),
                status="agreed",
            )
        ],
    )
    return ImprovementAction.objects.get()


@pytest.mark.parametrize(
    "model_name",
    ["partnership", "service", "membership", "assessment", "rating", "improvementaction"],
)
def test_changelist_and_change_page_render(admin_client_user, action, model_name):
    """Every registered assessments model has a working list and change (or view) page."""
    model = {
        "partnership": action.rating.assessment.service.partnership,
        "service": action.rating.assessment.service,
        "membership": Membership.objects.first(),
        "assessment": action.rating.assessment,
        "rating": action.rating,
        "improvementaction": action,
    }[model_name]
    app = model._meta.app_label
    response = admin_client_user.get(reverse(f"admin:{app}_{model_name}_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1
    assert admin_client_user.get(_change_url(model)).status_code == 200


def test_partnership_list_counts_services_and_filters_by_nation(admin_client_user, service):
    """The partnership list shows each partnership's service count and filters by nation."""
    url = reverse("admin:partnerships_partnership_changelist")
    response = admin_client_user.get(url, {"nation__exact": "england"})
    assert [p.service_total for p in response.context["cl"].result_list] == [1]
    response = admin_client_user.get(url, {"nation__exact": "scotland"})
    assert list(response.context["cl"].result_list) == []


def test_membership_user_is_chosen_by_autocomplete(admin_client_user, people):
    """Admins pick a membership's user by typing part of their username."""
    response = admin_client_user.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "partnerships",
            "model_name": "membership",
            "field_name": "user",
            "term": "approver",
        },
    )
    assert response.status_code == 200
    approver = people["approver"]
    assert [r["text"] for r in response.json()["results"]] == [
        f"{approver.get_full_name()} (approver-user@example.org)"
    ]


def test_draft_title_can_be_edited(admin_client_user, draft):
    """An admin can correct a draft's title, and the history records who did it."""
    url = _change_url(draft)
    data = _form_data(admin_client_user.get(url), title="Discharge to assess, 2026/27 review")
    response = admin_client_user.post(url, data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Discharge to assess, 2026/27 review"
    assert draft.history.first().history_user.username == "site-admin"


def test_state_cannot_be_changed_through_the_admin_form(admin_client_user, draft):
    """State, version and sign-off fields are read-only, so posting them changes nothing."""
    url = _change_url(draft)
    response = admin_client_user.get(url)
    form_fields = set(response.context["adminform"].form.fields)
    assert form_fields == {"title"}
    data = _form_data(
        response,
        period="2030/31",
        state=AssessmentState.SIGNED_OFF,
        version=99,
        signoff_body="A board",
        submitted_at="2026-01-01 10:00:00",
    )
    assert admin_client_user.post(url, data).status_code == 302
    draft.refresh_from_db()
    assert (draft.state, draft.period, draft.version, draft.signoff_body) == (
        AssessmentState.DRAFT,
        "2026/27",
        1,
        "",
    )
    assert draft.submitted_at is None


def test_submitted_assessment_title_can_be_corrected(admin_client_user, draft, people):
    """A typo in a submitted assessment's title can be fixed before the board meets."""
    submitted = _submitted(draft, people)
    url = _change_url(submitted)
    data = _form_data(admin_client_user.get(url), title="Discharge to assess 2026/27")
    data["title"] = "Hospital discharge to assess 2026/27"
    assert admin_client_user.post(url, data).status_code == 302
    submitted.refresh_from_db()
    assert submitted.title == "Hospital discharge to assess 2026/27"
    assert submitted.state == AssessmentState.SUBMITTED


def test_signed_off_assessment_is_read_only(admin_client_user, draft, people):
    """A signed-off assessment shows no save button, and posting to it is refused."""
    signed_off = _signed_off(draft, people)
    url = _change_url(signed_off)
    response = admin_client_user.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="_save"' not in content
    assert "Seen in the case file audit" in content  # the read-only ratings inline
    assert admin_client_user.post(url, {"title": "Changed"}).status_code == 403
    signed_off.refresh_from_db()
    assert signed_off.title == "Discharge to assess 2026/27"


def test_signed_off_assessment_cannot_be_deleted(admin_client_user, draft, people):
    """Deleting a signed-off assessment is refused, even for a superuser, with the reason."""
    signed_off = _signed_off(draft, people)
    url = reverse("admin:assessments_assessment_delete", args=[signed_off.pk])
    assert "Only an empty draft can be deleted" in admin_client_user.get(url).content.decode()
    assert admin_client_user.post(url, {"post": "yes"}).status_code == 200  # the refusal again
    assert Assessment.objects.filter(pk=signed_off.pk).exists()


def test_draft_with_content_cannot_be_deleted(admin_client_user, draft, action):
    """A draft in which anyone has written something keeps its ratings: delete is refused."""
    url = reverse("admin:assessments_assessment_delete", args=[draft.pk])
    response = admin_client_user.post(url, {"post": "yes"})
    assert "Only an empty draft can be deleted" in response.content.decode()
    assert draft.ratings.count() == 12


def test_empty_draft_can_be_deleted(admin_client_user, draft):
    """A draft started by mistake, with nothing written in it, can be deleted."""
    url = reverse("admin:assessments_assessment_delete", args=[draft.pk])
    assert admin_client_user.post(url, {"post": "yes"}).status_code == 302
    assert not Assessment.objects.filter(pk=draft.pk).exists()
    assert not Rating.objects.exists()


def test_assessments_are_never_bulk_deleted_or_added_in_admin(admin_client_user, draft):
    """The list has no bulk delete, and assessments are started in the service, not admin."""
    response = admin_client_user.get(reverse("admin:assessments_assessment_changelist"))
    action_form = response.context["action_form"]
    actions = dict(action_form.fields["action"].choices) if action_form else {}
    assert "delete_selected" not in actions
    response = admin_client_user.get(reverse("admin:assessments_assessment_add"))
    assert response.status_code == 403


def test_history_is_shown_but_never_reverted(admin_client_user, draft, people):
    """Reverting a returned draft to its submitted record would bypass the services."""
    submitted = _submitted(draft, people)
    return_(user=people["lead"], assessment=submitted, comment="Please add the carers' survey.")
    history_url = reverse("admin:assessments_assessment_history", args=[draft.pk])
    assert admin_client_user.get(history_url).status_code == 200
    record = draft.history.filter(state=AssessmentState.SUBMITTED).first()
    revert_url = reverse(
        "admin:assessments_assessment_simple_history", args=[draft.pk, record.history_id]
    )
    assert admin_client_user.get(revert_url).status_code == 200
    response = admin_client_user.post(revert_url, {"title": draft.title})
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.state == AssessmentState.DRAFT


def test_ratings_and_actions_are_view_only(admin_client_user, action):
    """Ratings and actions can be looked at for support but never changed in admin."""
    for obj in (action.rating, action):
        response = admin_client_user.get(_change_url(obj))
        assert 'name="_save"' not in response.content.decode()
        assert admin_client_user.post(_change_url(obj), {}).status_code == 403
    assert admin_client_user.get(reverse("admin:assessments_rating_add")).status_code == 403


def test_admin_changes_to_memberships_are_recorded(admin_client_user, people, partnership):
    """Changing someone's role in admin is kept in the membership's history, with who did it."""
    from partnerships.models import Membership

    membership = Membership.objects.get(user=people["viewer"], partnership=partnership)
    url = reverse("admin:partnerships_membership_change", args=[membership.pk])
    response = admin_client_user.post(
        url, {"user": membership.user_id, "partnership": partnership.pk, "role": "contributor"}
    )
    assert response.status_code == 302
    latest = membership.history.latest()
    assert (latest.role, latest.history_user.username) == ("contributor", "site-admin")


@pytest.mark.parametrize("model_name", ["partnership", "service"])
def test_partnerships_and_services_with_assessments_cannot_be_deleted(
    admin_client_user, draft, model_name
):
    """Deleting a partnership or service that has assessments is refused, never cascaded."""
    obj = draft.service if model_name == "service" else draft.service.partnership
    url = reverse(f"admin:partnerships_{model_name}_delete", args=[obj.pk])
    response = admin_client_user.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert "protected" in response.content.decode()
    assert type(obj).objects.filter(pk=obj.pk).exists()
    assert Assessment.objects.filter(pk=draft.pk).exists()
