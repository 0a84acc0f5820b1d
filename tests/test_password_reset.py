"""Password reset by email: Django's views in GOV.UK style, revealing nothing about accounts."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OLD_PASSWORD = "a-long-password-1"
NEW_PASSWORD = "a-brand-new-passphrase-9"
RESET = "/password-reset/"


@pytest.fixture
def person(db):
    return UserFactory(username="pat", email="Pat.Kaur@example.org", display_name="Pat Kaur")


def _request(client, capture, email, address="10.0.0.1"):
    with capture(execute=True):
        return client.post(RESET, {"email": email}, REMOTE_ADDR=address)


def _link(message) -> str:
    return re.search(r"https?://\S+/password-reset/\S+/", message.body)[0]


def test_the_sign_in_page_links_to_password_reset(client):
    """ "Forgotten your password?" is on the sign-in page, which needs no sign-in."""
    page = client.get(reverse("login")).content.decode()
    assert f'href="{RESET}">Forgotten your password?</a>' in page
    assert client.get(RESET).status_code == 200


def test_the_page_says_the_same_whether_or_not_the_address_has_an_account(
    client, person, django_capture_on_commit_callbacks
):
    """Known and unknown addresses get the same redirect and the same page."""
    known = _request(client, django_capture_on_commit_callbacks, "pat.kaur@EXAMPLE.org")
    unknown = _request(client, django_capture_on_commit_callbacks, "nobody@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("accounts:password_reset_done")
    done = client.get(known["Location"]).content.decode()
    assert "If the email address you entered has an account" in done
    assert [m.to for m in mail.outbox] == [["Pat.Kaur@example.org"]]


def test_the_email_links_to_the_service_address_not_the_requests_host(
    client, person, settings, django_capture_on_commit_callbacks
):
    """Links use SITE_URL, so a forged Host header cannot send people elsewhere."""
    settings.SITE_URL = "https://care.example.org"
    settings.ALLOWED_HOSTS = ["*"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(RESET, {"email": person.email}, HTTP_HOST="evil.example.com")
    [message] = mail.outbox
    assert message.subject == "Reset your password"
    assert _link(message).startswith("https://care.example.org/password-reset/")
    assert "evil" not in message.body
    assert "Dear Pat Kaur" in message.body


def test_a_person_resets_their_password_with_the_link_once(
    client, person, django_capture_on_commit_callbacks
):
    """The link leads to a new-password form; afterwards the new password works, the link not."""
    _request(client, django_capture_on_commit_callbacks, person.email)
    link = _link(mail.outbox[0]).split("://", 1)[1].split("/", 1)[1]
    form_page = client.get(f"/{link}", follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    mismatch = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": "other"})
    codes = [e.code for e in mismatch.context["form"].errors.as_data()["new_password2"]]
    assert codes == ["password_mismatch"]
    done = client.post(
        set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assert "Your password has been changed" in done.content.decode()
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    again = client.get(f"/{link}", follow=True)
    assert "This link cannot be used" in again.content.decode()


def test_a_weak_new_password_is_refused(client, person, django_capture_on_commit_callbacks):
    """Django's password validators apply, with their error codes."""
    _request(client, django_capture_on_commit_callbacks, person.email)
    link = _link(mail.outbox[0]).split("://", 1)[1].split("/", 1)[1]
    set_url = client.get(f"/{link}", follow=True).redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": "short", "new_password2": "short"})
    errors = response.context["form"].errors.as_data()
    assert "password_too_short" in [e.code for e in errors["new_password1"]]
    assert "new_password2" not in errors  # the box that confirms it is not at fault
    person.refresh_from_db()
    assert person.check_password(OLD_PASSWORD)


def test_microsoft_only_accounts_get_no_reset_email(client, django_capture_on_commit_callbacks):
    """Someone with no password (they sign in with Microsoft) is sent nothing, as Django does."""
    user = UserFactory(email="ms.only@example.org")
    user.set_unusable_password()
    user.save()
    response = _request(client, django_capture_on_commit_callbacks, user.email)
    assert response.status_code == 302
    assert mail.outbox == []


def test_requests_for_one_email_address_are_limited(
    client, person, settings, django_capture_on_commit_callbacks
):
    """Past the limit the page is the same, but nothing is sent."""
    settings.PASSWORD_RESETS_PER_HOUR = 2
    responses = [
        _request(client, django_capture_on_commit_callbacks, person.email, f"10.0.0.{n}")
        for n in range(1, 5)
    ]
    assert {r["Location"] for r in responses} == {reverse("accounts:password_reset_done")}
    assert len(mail.outbox) == 2


def test_requests_from_one_address_are_limited(
    client, person, settings, django_capture_on_commit_callbacks
):
    """One address cannot ask for resets for many email addresses."""
    settings.PASSWORD_RESETS_PER_HOUR = 2
    for n in range(2):
        _request(client, django_capture_on_commit_callbacks, f"someone{n}@example.org")
    response = _request(client, django_capture_on_commit_callbacks, person.email)
    assert response.status_code == 302
    assert mail.outbox == []
    _request(client, django_capture_on_commit_callbacks, person.email, address="10.0.0.2")
    assert len(mail.outbox) == 1
