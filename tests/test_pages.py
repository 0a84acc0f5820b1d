"""Browsing the principle sets, signing in, and the public information pages."""

import pytest
from django.urls import reverse

from principles.models import Principle

pytestmark = pytest.mark.django_db


def test_set_list_shows_both_sets(principle_sets, signed_in_client):
    """The list page links to both sets with their principle counts."""
    response = signed_in_client.get(reverse("principles:list"))
    content = response.content.decode()
    assert response.status_code == 200
    assert reverse("principles:detail", args=["national-voices"]) in content
    assert reverse("principles:detail", args=["scotland-integration-principles"]) in content
    assert [s.principle_count for s in response.context["principle_sets"]] == [12, 12]


def test_set_page_shows_groups_statements_and_guidance(principle_sets, signed_in_client):
    """A set's page shows each group heading, every statement and the prompt questions."""
    response = signed_in_client.get(
        reverse("principles:detail", args=["scotland-integration-principles"])
    )
    content = response.content.decode()
    assert response.status_code == 200
    for principle in Principle.objects.filter(code__startswith="SC-"):
        assert principle.statement in content
        assert principle.guidance.splitlines()[0].replace("'", "&#x27;") in content
    assert "Services must take account of" in content
    assert "to improve the wellbeing of service-users" in content
    assert "s.4(1)(b)(vi) and s.31(b)(vi)" in content


def test_set_page_uses_a_constant_number_of_queries(
    principle_sets, signed_in_client, django_assert_max_num_queries
):
    """The set page loads groups and principles in a fixed number of queries."""
    url = reverse("principles:detail", args=["national-voices"])
    signed_in_client.get(url)
    with django_assert_max_num_queries(9):
        signed_in_client.get(url)


def test_unknown_set_is_not_found(principle_sets, signed_in_client):
    """A set that does not exist gives the service's 404 page."""
    response = signed_in_client.get(reverse("principles:detail", args=["no-such-set"]))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize(
    "url_name, args",
    [("home", []), ("principles:list", []), ("principles:detail", ["national-voices"])],
)
def test_app_pages_require_sign_in(client, principle_sets, url_name, args):
    """Anonymous visitors are sent to sign in, then back to the page they asked for."""
    url = reverse(url_name, args=args)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("url_name", ["accessibility", "cookies", "login"])
def test_information_pages_are_public(client, url_name):
    """The accessibility, cookies and sign-in pages work without signing in."""
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert '<html lang="en-GB"' in response.content.decode()


def test_the_cookies_page_says_the_feedback_form_remembers_answers_until_sent(client):
    """People giving feedback without signing in are told what the session cookie keeps."""
    page = client.get(reverse("cookies")).content.decode()
    assert "If you give feedback on a service" in page
    assert "remember your answers from one page to the next, until you send them" in page
    assert "the form forgets them 1 hour after your last answer" in page
    assert "After 1 hour without using the service" in page


def test_every_page_has_skip_link_service_name_and_footer_links(client):
    """The base template has the skip link, service name and footer links."""
    content = client.get(reverse("accessibility")).content.decode()
    assert 'class="govuk-skip-link"' in content
    assert 'id="main-content"' in content
    assert "Integrated care self-assessment" in content
    assert reverse("accessibility") in content
    assert reverse("cookies") in content
    assert "govuk-header__logotype" not in content


def test_sign_in_with_correct_details_goes_to_the_page_asked_for(client, django_user_model):
    """A correct username and password sign the user in and return them to ?next."""
    django_user_model.objects.create_user(
        username="commissioner", email="commissioner@example.org", password="a-long-password-1"
    )
    response = client.post(
        f"{reverse('login')}?next={reverse('principles:list')}",
        {"username": "commissioner", "password": "a-long-password-1"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("principles:list")


def test_sign_in_with_wrong_password_shows_an_error_summary(client, django_user_model):
    """A wrong password shows the GOV.UK error summary and keeps the username typed."""
    django_user_model.objects.create_user(
        username="commissioner", email="commissioner@example.org", password="a-long-password-1"
    )
    response = client.post(reverse("login"), {"username": "commissioner", "password": "wrong"})
    content = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["username"][0].code == "invalid_login"
    assert "govuk-error-summary" in content
    assert "<title>Error: Sign in" in content
    assert 'value="commissioner"' in content


def test_empty_sign_in_names_each_missing_field(client):
    """Submitting nothing asks for the username and the password separately."""
    response = client.post(reverse("login"), {})
    errors = response.context["form"].errors.as_data()
    assert errors["username"][0].code == "required"
    assert errors["password"][0].code == "required"
    content = response.content.decode()
    assert "Enter your email address" in content
    assert "Enter your password" in content


def test_sign_out_ends_the_session(signed_in_client):
    """Signing out (a POST) ends the session, so app pages ask for sign-in again."""
    response = signed_in_client.post(reverse("logout"))
    assert response.status_code == 302
    assert signed_in_client.get(reverse("principles:list")).status_code == 302
