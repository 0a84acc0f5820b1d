"""Every form is checked by the server and answers in GOV.UK's words: the browser's own
validation pop-ups are off (``novalidate``), and weights are text boxes, not number boxes."""

import re

import pytest
from django.urls import reverse

from partnerships.models import Role

pytestmark = pytest.mark.django_db

FORM_TAG = re.compile(r"<form\b[^>]*>")


def form_tags(client, url: str) -> list[str]:
    """The page's form tags, leaving out the header's sign-out button (nothing to check)."""
    response = client.get(url)
    assert response.status_code == 200, url
    return [tag for tag in FORM_TAG.findall(response.content.decode()) if "/sign-out/" not in tag]


def test_every_form_a_lead_fills_in_says_novalidate(client, people, draft):
    """Start, weights, targets, the board's page, the team's invitation and notifications."""
    client.force_login(people[Role.LEAD])
    urls = [
        reverse("assessments:start"),
        reverse("assessments:weights", args=[draft.pk]),
        reverse("assessments:targets", args=[draft.pk]),
        reverse("assessments:board_summary", args=[draft.pk]),
        reverse("accounts:team", args=[draft.service.partnership.slug]),
        reverse("notifications:preferences"),
    ]
    for url in urls:
        tags = form_tags(client, url)
        assert tags, url
        assert all("novalidate" in tag for tag in tags), (url, tags)


def test_the_sign_in_forms_say_novalidate(client):
    """Signing in and asking for a password reset, before anyone is signed in."""
    for url in (reverse("login"), reverse("accounts:password_reset")):
        tags = form_tags(client, url)
        assert tags and all("novalidate" in tag for tag in tags), (url, tags)


def test_a_weight_is_a_text_box_and_the_server_says_what_is_wrong(client, people, draft):
    """type="text" with a numeric keyboard; 11 gets the GOV.UK error, not a browser bubble."""
    client.force_login(people[Role.LEAD])
    url = reverse("assessments:weights", args=[draft.pk])
    page = client.get(url).content.decode()
    rating = draft.ratings.select_related("principle").order_by("principle__order").first()
    (box,) = re.findall(rf'<input[^>]*name="weight_{rating.pk}"[^>]*>', page)
    assert 'type="text"' in box and 'inputmode="numeric"' in box and "max=" not in box
    form = client.get(url).context["form"]
    data = {name: field.value() or "" for name, field in ((n, form[n]) for n in form.fields)}
    data[f"weight_{rating.pk}"] = "11"
    data[f"reason_{rating.pk}"] = "Matters most"
    response = client.post(url, data)
    assert f"Weight for {rating.principle.code} must be 10 or less" in response.content.decode()
