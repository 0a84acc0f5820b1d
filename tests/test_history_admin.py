"""Django admin's history pages show what changed and never revert a record."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from partnerships.models import Membership, Role
from principles.models import Principle, PrincipleSet, RatingScale
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _history_form_url(obj) -> str:
    meta = obj._meta
    record = obj.history.latest()
    return reverse(
        f"admin:{meta.app_label}_{meta.model_name}_simple_history",
        args=[obj.pk, record.history_id],
    )


@pytest.fixture
def view_only_staff(client):
    """A staff member allowed only to look at memberships."""
    user = UserFactory(username="view-staff", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="view_membership", content_type__app_label="partnerships")
    )
    client.force_login(user)
    return user


def test_staff_who_may_only_view_cannot_make_themselves_a_lead(
    client, view_only_staff, partnership, people
):
    """Posting a membership's history page with one's own id as a lead is refused."""
    membership = Membership.objects.get(user=people[Role.VIEWER], partnership=partnership)
    url = _history_form_url(membership)
    assert client.get(url).status_code == 200
    posted = {"user": view_only_staff.pk, "partnership": partnership.pk, "role": Role.LEAD}
    assert client.post(url, posted).status_code == 403
    assert not Membership.objects.filter(user=view_only_staff).exists()
    membership.refresh_from_db()
    assert (membership.user_id, membership.role) == (people[Role.VIEWER].pk, Role.VIEWER)


@pytest.mark.parametrize("model", [RatingScale, PrincipleSet, Principle])
def test_principle_text_and_scales_are_never_reverted_from_history(
    admin_client_user, principle_sets, model
):
    """Even a superuser changes sets, principles and scales on their change page only."""
    obj = model.objects.order_by("pk").first()
    obj.save()  # the shipped sets are loaded without history: give it a record
    url = _history_form_url(obj)
    assert admin_client_user.get(url).status_code == 200
    before = obj.history.count()
    assert admin_client_user.post(url, {}).status_code == 403
    assert obj.history.count() == before


def test_partnerships_and_services_are_never_reverted_from_history(admin_client_user, service):
    """A superuser's post to a partnership's or service's history page is refused."""
    for obj in (service.partnership, service):
        url = _history_form_url(obj)
        posted = {"name": "Renamed from history", "partnership": service.partnership_id}
        assert admin_client_user.post(url, posted).status_code == 403
        obj.refresh_from_db()
        assert obj.name != "Renamed from history"


def test_a_signed_off_feedback_round_is_never_reopened_from_history(
    admin_client_user, signed_off_round
):
    """The round's history page refuses a post: its frozen figures stay frozen."""
    url = _history_form_url(signed_off_round)
    assert admin_client_user.get(url).status_code == 200
    assert admin_client_user.post(url, {"closes_on": "2030-01-01"}).status_code == 403
    signed_off_round.refresh_from_db()
    assert signed_off_round.closed_at is not None
    assert signed_off_round.frozen_counts is not None
