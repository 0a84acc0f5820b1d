"""Date boxes bring up a number keypad; a refused sign-in is shown beside the boxes."""

from html.parser import HTMLParser

import pytest
from django import forms
from django.urls import reverse

from assessments.forms.fields import GovukDateField
from partnerships.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-password-1"  # every factory-made person's (tests/factories.py)
WRONG = "Enter a correct email address and password. The password is case-sensitive."


class _Inputs(HTMLParser):
    """Every input's attributes, by id."""

    def __init__(self, html: str):
        super().__init__()
        self.by_id = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and "id" in attrs:
            self.by_id[attrs["id"]] = attrs


def _inputs(html: str) -> dict:
    return _Inputs(html).by_id


def test_the_closing_date_boxes_bring_up_a_number_keypad(client, draft, people):
    """Day, month and year on a real page each say inputmode="numeric", as GOV.UK's do."""
    client.force_login(people[Role.LEAD])
    html = client.get(reverse("voice:manage", args=[draft.pk])).content.decode()
    inputs = _inputs(html)
    for part in range(3):
        box = inputs[f"id_closes_on_{part}"]
        assert box["inputmode"] == "numeric" and box["type"] == "text"


def test_date_boxes_keep_the_number_keypad_when_shown_with_an_error():
    """Drawn again with "must be a real date", every box still asks for numbers."""

    class DueForm(forms.Form):
        due = GovukDateField(label="Due date", required_message="Enter the due date")

    form = DueForm({"due_0": "31", "due_1": "2", "due_2": "2027"})
    assert form.errors.as_data()["due"][0].code == "invalid"
    inputs = _inputs(str(form["due"]))
    assert [inputs[f"id_due_{part}"].get("inputmode") for part in range(3)] == ["numeric"] * 3


def test_a_wrong_password_is_shown_beside_the_email_address(client):
    """Inline message with "Error:", error classes on both boxes, linked from the summary."""
    UserFactory(email="daniel@example.org")
    response = client.post(
        reverse("login"), {"username": "daniel@example.org", "password": "wrong"}
    )
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert response.context["form"].errors.as_data()["username"][0].code == "invalid_login"
    html = response.content.decode()
    assert f'<li><a href="#id_username">{WRONG}</a></li>' in html
    assert html.count(WRONG) == 2  # the summary and the message beside the box
    assert (
        '<p id="id_username_1_error" class="govuk-error-message">'
        f'<span class="govuk-visually-hidden">Error:</span> {WRONG}</p>'
    ) in html
    assert 'id="div_id_username"\n  class="govuk-form-group govuk-form-group--error"' in html
    inputs = _inputs(html)
    username, password = inputs["id_username"], inputs["id_password"]
    assert "govuk-input--error" in username["class"].split()
    assert "id_username_1_error" in username["aria-describedby"].split()
    assert "govuk-input--error" in password["class"].split()
    assert password["aria-describedby"] == "id_username_1_error"
    assert "value" not in password
    # The marks belong to the refused attempt: the page opened again is drawn clean.
    html = client.get(reverse("login")).content.decode()
    assert "govuk-input--error" not in html and "govuk-error-message" not in html


def test_a_disabled_account_is_told_so_beside_the_email_address(client):
    """The right password for a disabled account: its message goes beside the box too."""
    UserFactory(email="gone@example.org", is_active=False)
    response = client.post(reverse("login"), {"username": "gone@example.org", "password": PASSWORD})
    assert response.context["form"].errors.as_data()["username"][0].code == "inactive"
    html = response.content.decode()
    assert '<p id="id_username_1_error" class="govuk-error-message">' in html
    assert "This account has been disabled." in html
