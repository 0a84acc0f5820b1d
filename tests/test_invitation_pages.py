"""Invitation pages: the team page, accepting by link, and inviting from Django admin."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.forms import EMAIL_TOO_LONG
from accounts.models import Invitation, InvitationStatus
from partnerships.models import Membership, Role
from tests.factories import PartnershipFactory, UserFactory, member

pytestmark = pytest.mark.django_db

C, L, A, V = Role.CONTRIBUTOR, Role.LEAD, Role.APPROVER, Role.VIEWER
EMAIL = "new.person@example.org"
PASSWORD = "a-long-password-1"


@pytest.fixture
def lead(partnership):
    return member(partnership, L, username="lead")


@pytest.fixture
def invitation(partnership, lead):
    return services.invitation_create(sender=lead, partnership=partnership, email=EMAIL, role=C)


def _team(partnership):
    return reverse("accounts:team", kwargs={"partnership_slug": partnership.slug})


def _accept(invitation):
    return reverse("accounts:invitation_accept", args=[invitation.token])


def _codes(response, field):
    return [error.code for error in response.context["form"].errors.as_data()[field]]


def test_the_team_page_lists_members_and_open_invitations(client, partnership, lead, invitation):
    """A lead sees who is in the team, who is invited, and may offer two roles."""
    member(partnership, V, email="viewer.person@example.org")
    client.force_login(lead)
    response = client.get(_team(partnership))
    page = response.content.decode()
    assert "viewer.person@example.org" in page
    assert EMAIL in page
    assert "Resend<span" in page and "Withdraw<span" in page
    roles = [value for value, _ in response.context["form"].fields["role"].choices]
    assert roles == [C, V]


@pytest.mark.parametrize(("role", "linked"), [(L, True), (C, False), (A, False), (V, False)])
def test_the_dashboard_links_to_the_team_page_for_leads_only(client, partnership, role, linked):
    """Leads, who manage the team, find its page from the dashboard; nobody else is shown it."""
    other = PartnershipFactory()
    user = member(partnership, role, username="person")
    Membership.objects.create(user=user, partnership=other, role=C)
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    assert (f'href="{_team(partnership)}"' in page) is linked
    assert f'href="{_team(other)}"' not in page


def test_a_lead_invites_someone_from_the_team_page(
    client, partnership, lead, django_capture_on_commit_callbacks
):
    """The form calls the service: an invitation, an email and a success message."""
    client.force_login(lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_team(partnership), {"email": EMAIL, "role": V}, follow=True)
    assert f"Invitation sent to {EMAIL}" in response.content.decode()
    assert Invitation.objects.get().role == V
    assert [m.to for m in mail.outbox] == [[EMAIL]]


def test_a_lead_cannot_offer_a_bigger_role_by_editing_the_form(client, partnership, lead):
    """A posted approver role is not one of the choices, so nothing is sent."""
    client.force_login(lead)
    response = client.post(_team(partnership), {"email": EMAIL, "role": A})
    assert response.status_code == 200
    assert _codes(response, "role") == ["invalid_choice"]
    assert not Invitation.objects.exists()


def test_the_services_refusals_show_on_the_form(client, partnership, lead, invitation):
    """Inviting someone already invited gives the service's coded error on the email field."""
    client.force_login(lead)
    response = client.post(_team(partnership), {"email": EMAIL.upper(), "role": C})
    assert _codes(response, "email") == ["already_invited"]
    assert "There is a problem" in response.content.decode()


@pytest.mark.parametrize("role", [C, A, V])
def test_only_leads_see_the_team_page(client, partnership, role):
    """Other members are refused (403); other partnerships' team pages are not found."""
    client.force_login(member(partnership, role))
    assert client.get(_team(partnership)).status_code == 403


def test_another_partnerships_team_is_not_found(client, lead, principle_sets):
    """A lead of one partnership cannot see another's team."""
    client.force_login(lead)
    assert client.get(_team(PartnershipFactory())).status_code == 404


def test_resend_and_withdraw_are_post_buttons(client, partnership, lead, invitation):
    """Resend gives a new link; withdraw stops it; both only by POST."""
    client.force_login(lead)
    kwargs = {"partnership_slug": partnership.slug, "pk": invitation.pk}
    resend = reverse("accounts:invitation_resend", kwargs=kwargs)
    withdraw = reverse("accounts:invitation_withdraw", kwargs=kwargs)
    assert client.get(resend).status_code == 405
    old_hash = invitation.token_hash
    # Sent long enough ago to send again (a resend moments after is refused).
    Invitation.objects.update(last_sent_at=timezone.now() - services.RESEND_AFTER)
    response = client.post(resend, follow=True)
    assert f"Invitation sent again to {EMAIL}" in response.content.decode()
    assert Invitation.objects.get().token_hash != old_hash
    client.post(withdraw)
    assert Invitation.objects.get().status == InvitationStatus.WITHDRAWN


def test_other_members_cannot_resend_or_withdraw(client, partnership, invitation):
    """A contributor's POSTs are refused and change nothing."""
    client.force_login(member(partnership, C))
    kwargs = {"partnership_slug": partnership.slug, "pk": invitation.pk}
    assert client.post(reverse("accounts:invitation_withdraw", kwargs=kwargs)).status_code == 403
    assert Invitation.objects.get().status == InvitationStatus.PENDING


def test_a_new_person_accepts_by_setting_their_name_and_password(client, partnership, invitation):
    """They get an account, are signed in and become a member."""
    page = client.get(_accept(invitation)).content.decode()
    assert f"Join {partnership.name}" in page
    assert "Microsoft" not in page
    response = client.post(
        _accept(invitation),
        {"display_name": "Nia Jones", "password1": PASSWORD, "password2": PASSWORD},
        follow=True,
    )
    assert f"You are now a member of {partnership.name}" in response.content.decode()
    user = response.context["user"]
    assert (user.email, user.name) == (EMAIL, "Nia Jones")
    assert Membership.objects.get(user=user).role == C
    assert client.get(_accept(invitation)).status_code == 302


@pytest.mark.parametrize(
    ("password1", "password2", "code"),
    [
        (PASSWORD, "a-different-password", "password_mismatch"),
        ("short", "short", "password_too_short"),
        ("new.person-example", "new.person-example", "password_too_similar"),
    ],
)
def test_the_password_is_checked(client, invitation, password1, password2, code):
    """Django's validators run against the new account's name and address."""
    response = client.post(
        _accept(invitation),
        {"display_name": "Nia Jones", "password1": password1, "password2": password2},
    )
    assert response.status_code == 200
    # A mismatch is the confirming box's error; a weak password, the password's own.
    field = "password2" if code == "password_mismatch" else "password1"
    assert code in _codes(response, field)
    assert not get_user_model().objects.filter(email=EMAIL).exists()


@pytest.mark.parametrize("state", ["unknown", "used", "expired", "withdrawn"])
def test_an_unusable_link_gets_one_plain_page(client, lead, invitation, state):
    """Unknown, used, expired and withdrawn links all say the same thing."""
    url = _accept(invitation)
    if state == "unknown":
        url = reverse("accounts:invitation_accept", args=["not-a-real-token"])
    elif state == "used":
        services.invitation_accept(invitation=invitation, user=UserFactory(email=EMAIL))
    elif state == "expired":
        Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    else:
        services.invitation_withdraw(sender=lead, invitation=invitation)
    response = client.get(url)
    assert response.status_code == 404
    assert "This invitation link cannot be used" in response.content.decode()
    response = client.post(url, {"display_name": "X", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 404
    assert not get_user_model().objects.filter(display_name="X").exists()


def test_someone_with_an_account_signs_in_then_accepts(client, partnership, invitation):
    """Signed out they are asked to sign in; signed in, one button accepts."""
    user = UserFactory(email=EMAIL.upper())
    page = client.get(_accept(invitation)).content.decode()
    assert f'href="/sign-in/?next={_accept(invitation)}"' in page
    client.force_login(user)
    assert "Accept invitation" in client.get(_accept(invitation)).content.decode()
    client.post(_accept(invitation))
    assert Membership.objects.get(user=user).partnership == partnership


def test_someone_signed_in_with_another_address_cannot_accept(client, invitation):
    """The page says who the invitation is for, and nothing is accepted."""
    client.force_login(UserFactory(email="someone.else@example.org"))
    response = client.get(_accept(invitation))
    assert "This invitation is for someone else" in response.content.decode()
    client.post(_accept(invitation))
    assert Invitation.objects.get().status == InvitationStatus.PENDING


def test_an_admin_invites_from_django_admin(
    admin_client_user, partnership, django_capture_on_commit_callbacks
):
    """The add form calls the service: any role, and the email is sent."""
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_user.post(
            reverse("admin:accounts_invitation_add"),
            {"email": EMAIL, "partnership": partnership.pk, "role": A},
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.role, invitation.invited_by.username) == (A, "site-admin")
    assert [m.to for m in mail.outbox] == [[EMAIL]]


def test_admin_shows_the_services_refusals(admin_client_user, partnership):
    """Inviting an existing member from admin is refused with the same coded error."""
    member(partnership, V, email=EMAIL)
    response = admin_client_user.post(
        reverse("admin:accounts_invitation_add"),
        {"email": EMAIL, "partnership": partnership.pk, "role": A},
    )
    assert response.status_code == 200
    assert [e.code for e in response.context["adminform"].form.errors.as_data()["email"]] == [
        "already_member"
    ]
    assert not Invitation.objects.exists()


def test_admin_resends_and_withdraws_with_actions(admin_client_user, invitation):
    """The admin list's actions call the same services."""
    url = reverse("admin:accounts_invitation_changelist")
    admin_client_user.post(url, {"action": "withdraw", "_selected_action": [invitation.pk]})
    assert Invitation.objects.get().status == InvitationStatus.WITHDRAWN
    assert admin_client_user.get(url).status_code == 200
    page = admin_client_user.get(reverse("admin:accounts_invitation_change", args=[invitation.pk]))
    assert page.status_code == 200


def test_admin_is_told_plainly_why_an_invitation_was_not_resent(admin_client_user, invitation):
    """Resending a withdrawn invitation says why in words, not as a Python list."""
    url = reverse("admin:accounts_invitation_changelist")
    admin_client_user.post(url, {"action": "withdraw", "_selected_action": [invitation.pk]})
    response = admin_client_user.post(
        url, {"action": "resend", "_selected_action": [invitation.pk]}, follow=True
    )
    (said,) = [str(m) for m in response.context["messages"] if invitation.email in str(m)]
    assert said == f"The invitation to {invitation.email} had already been withdrawn"


def test_admins_add_form_words_an_overlong_email_as_the_invitation_page_does(
    admin_client_user, partnership
):
    """An address over 254 characters is refused in GOV.UK words, not Django's."""
    response = admin_client_user.post(
        reverse("admin:accounts_invitation_add"),
        {"email": "a" * 250 + "@example.org", "partnership": partnership.pk, "role": A},
    )
    (error,) = response.context["adminform"].form.errors.as_data()["email"]
    assert (error.code, error.message % error.params) == ("max_length", EMAIL_TOO_LONG)
    assert not Invitation.objects.exists()
