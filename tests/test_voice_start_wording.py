"""The public form's start page names the principles its sentences are based on in words
that read right for every set's short name."""

import html

import pytest
from django.urls import reverse

from principles.models import PrincipleSet

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("short_name", ["National Voices", "Scotland's principles of integration"])
def test_the_start_page_names_the_set_in_brackets(client, feedback_round, short_name):
    """It says "published principles for joined-up care (…)", never "the … principles"."""
    PrincipleSet.objects.filter(pk=feedback_round.assessment.principle_set_id).update(
        short_name=short_name
    )
    response = client.get(reverse("voice:start", args=[feedback_round.token]))
    text = " ".join(html.unescape(response.content.decode()).split())
    assert (
        "We wrote the sentences for this form. They are based on published principles for "
        f"joined-up care ({short_name})."
    ) in text
