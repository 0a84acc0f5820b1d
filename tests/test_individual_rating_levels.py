"""A team member rating privately sees what each level looks like for that principle, the
words the team's agreed rating is given against, not the scale's general descriptions."""

import html

import pytest
from django.urls import reverse

from principles.models import PrincipleLevelDescriptor, RatingLevel
from tests import team_builders as team
from tests.team_data import three_raters

pytestmark = pytest.mark.django_db

NOTE = "What each level looks like for this principle is written for this tool"


def _page(client, people, service, code: str) -> str:
    """A team member's individual rating page of one principle."""
    raters = three_raters(service.partnership, people)
    draft = team.start_team(user=people["lead"], service=service)
    team.add_raters(user=people["lead"], assessment=draft, raters=raters[:1])
    client.force_login(raters[0])
    mine = client.get(reverse("consensus:rate", args=[draft.pk, code]))
    assert mine.status_code == 200
    return html.unescape(mine.content.decode())


def test_the_private_rating_page_describes_each_level_for_the_principle(client, people, service):
    """NV-03's own descriptions and the note saying who wrote them, as the shared form has."""
    mine = _page(client, people, service, "NV-03")
    texts = PrincipleLevelDescriptor.objects.filter(principle__code="NV-03")
    assert texts.count() == 5
    for descriptor in texts:
        assert descriptor.text in mine
    generic = RatingLevel.objects.exclude(descriptor="").values_list("descriptor", flat=True)
    assert generic and not any(text in mine for text in generic)
    assert NOTE in mine


def test_a_level_the_principle_does_not_describe_keeps_the_scales_words(client, people, service):
    """Where the principle says nothing for a level, the scale's description is given."""
    PrincipleLevelDescriptor.objects.filter(principle__code="NV-04", value=2).delete()
    mine = _page(client, people, service, "NV-04")
    level_two = RatingLevel.objects.filter(value=2).exclude(descriptor="").first()
    assert level_two.descriptor in mine
