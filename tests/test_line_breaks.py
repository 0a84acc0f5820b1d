"""A line break typed in a box counts as one character, as the box's counter says: forms
send each as CR LF, which is read as one LF before any form or service counts it. A box
holding only invisible characters is empty."""

from urllib.parse import urlencode

import pytest
from django.test import Client

from assessments.errors import RefusedError
from assessments.rules import EVIDENCE, EVIDENCE_MAX_LENGTH, as_stored
from assessments.services import assessment_start
from integrated_care.line_breaks import one_line_break, shows_nothing
from partnerships.models import Role
from principles.models import PrincipleSet
from tests import builders
from tests.formtools import codes
from tests.rating_posts import level_pk, principle_url, rating_post

pytestmark = pytest.mark.django_db

# 50 lines of 99 characters: 4,999 characters as the box counts them, 5,048 as sent.
LINES = ["x" * 99] * 50
TYPED = "\r\n".join(LINES)


def test_the_longest_evidence_with_line_breaks_is_saved_as_the_counter_promised(
    client, people, draft
):
    """Under the limit as the box counts, over it as sent: saved, with one LF per break."""
    assert len(TYPED) > EVIDENCE_MAX_LENGTH >= len("\n".join(LINES))
    client.force_login(people[Role.CONTRIBUTOR])
    rating = builders.rating_for(assessment=draft, code="NV-01")
    for content_type in ("application/x-www-form-urlencoded", None):  # a browser's, or multipart
        data = rating_post(rating, "save_draft", evidence=TYPED)
        data["version"] = builders.rating_for(assessment=draft, code="NV-01").version
        if content_type:
            response = client.post(
                principle_url(draft, "NV-01"), urlencode(data), content_type=content_type
            )
        else:
            response = client.post(principle_url(draft, "NV-01"), data)
        assert response.status_code == 302, content_type
        assert builders.rating_for(assessment=draft, code="NV-01").evidence == "\n".join(LINES)


def test_the_services_count_line_breaks_the_same_way_for_every_caller():
    """A command or the admin passing CR LF gets the same limit and the same stored text."""
    assert EVIDENCE.clean(TYPED) == "\n".join(LINES)
    with pytest.raises(RefusedError) as refused:
        EVIDENCE.clean(TYPED + "\r\nx")
    assert refused.value.code == "evidence_too_long"


def test_a_lone_carriage_return_is_a_line_break_too():
    """Old Mac line endings become LF as well; nothing else changes."""
    assert one_line_break("a\rb\r\nc\nd") == "a\nb\nc\nd"


INVISIBLE = "\u200b\u200c \u2060\ufeff\u200e\n"


def test_text_that_shows_nothing_is_stored_as_empty_and_visible_text_is_kept():
    """Zero-width spaces, joiners and marks alone are empty; inside visible text they stay."""
    assert as_stored(INVISIBLE) == ""
    assert as_stored(" a\u200db ") == "a\u200db"
    assert shows_nothing("") and not shows_nothing("\u200ba")


def test_a_service_refuses_required_text_that_shows_nothing(service, people):
    """Starting an assessment with an invisible title is refused as no title, for every caller."""
    with pytest.raises(RefusedError) as refused:
        assessment_start(
            user=people[Role.LEAD],
            service=service,
            principle_set=PrincipleSet.objects.get(slug="national-voices"),
            period="2027/28",
            title=INVISIBLE,
        )
    assert refused.value.code == "title_required"


def test_evidence_that_shows_nothing_is_asked_for_again(client, people, draft):
    """A completed answer whose evidence is only zero-width characters gets the evidence error."""
    client.force_login(people[Role.CONTRIBUTOR])
    rating = builders.rating_for(assessment=draft, code="NV-01")
    data = rating_post(rating, answer=level_pk(draft, 3), evidence=INVISIBLE)
    response = client.post(principle_url(draft, "NV-01"), data)
    assert response.status_code == 200
    assert codes(response.context["form"], "evidence") == ["required"]
    assert builders.rating_for(assessment=draft, code="NV-01").evidence == ""


@pytest.mark.parametrize("address", ["/sign-in/", "/password-reset/"])
def test_a_form_sent_in_another_encoding_gets_the_400_page_not_a_server_error(address):
    """A form that is not UTF-8 cannot be read: the answer is the 400 page, CSRF checks on."""
    browser = Client(enforce_csrf_checks=True, raise_request_exception=True)
    browser.get(address)
    response = browser.generic(
        "POST",
        address,
        data=b"username=abc&password=b",
        content_type="application/x-www-form-urlencoded; charset=utf-16",
    )
    assert response.status_code == 400
    assert "Sorry, there is a problem with what was sent" in response.text
