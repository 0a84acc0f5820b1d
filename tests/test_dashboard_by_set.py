"""The dashboard's latest signed-off results: a table for each principle set, as the sets
are different frameworks whose scores are never compared."""

import datetime
import html
import re

import pytest
from django.urls import reverse

from principles.models import PrincipleSet
from tests import builders


def signed_off_against(people, service, principle_set=None):
    lead = people["lead"]
    assessment = builders.start(user=lead, service=service, principle_set=principle_set)
    builders.complete(user=lead, assessment=assessment)
    builders.submit(user=lead, assessment=assessment)
    return builders.sign_off(
        user=people["approver"], assessment=assessment, decision_date=datetime.date(2027, 3, 3)
    )


@pytest.fixture
def both_sets(people, service, principle_sets):
    """The service's assessments signed off against National Voices and Scotland's set."""
    scotland = PrincipleSet.objects.get(slug="scotland-integration-principles")
    return {
        "national_voices": signed_off_against(people, service),
        "scotland": signed_off_against(people, service, scotland),
    }


def results(client, user, partnership) -> str:
    """The latest signed-off results, up to the partnership's own section."""
    client.force_login(user)
    content = client.get(reverse("home")).content.decode()
    start = content.index('id="latest-results"')
    return content[start : content.index(f"{partnership.name}</h2>", start)]


def captions(content: str) -> list[str]:
    return [
        html.unescape(" ".join(text.split()))
        for text in re.findall(r"<caption[^>]*>(.*?)</caption>", content, flags=re.S)
    ]


def test_each_set_has_its_own_table(client, people, partnership, both_sets):
    """Results against two sets are in two tables, each caption naming its set, the
    partnership's default set first, and each set's result only in its own table."""
    content = results(client, people["viewer"], partnership)
    assert captions(content) == [
        f"{partnership.name}: National Voices",
        f"{partnership.name}: Scotland's principles of integration",
    ]
    first, second = content.split("<table")[1:]
    national_voices = reverse("assessments:report", args=[both_sets["national_voices"].pk])
    scotland = reverse("assessments:report", args=[both_sets["scotland"].pk])
    assert national_voices + '"' in first and national_voices + '"' not in second
    assert scotland + '"' in second and scotland + '"' not in first


def test_each_set_has_its_own_board_pack_link(client, people, partnership, both_sets):
    """Each set's table is followed by the board pack for that set."""
    content = results(client, people["viewer"], partnership)
    packs = [
        reverse("assessments:board_pack", args=[partnership.slug, a.principle_set.slug])
        for a in (both_sets["national_voices"], both_sets["scotland"])
    ]
    first, second = content.split("<table")[1:]
    assert packs[0] in first and packs[1] not in first
    assert packs[1] in second


def test_one_set_has_one_table(client, people, partnership, service):
    """A partnership with results against one set has one table, its caption naming it."""
    signed_off_against(people, service)
    content = results(client, people["viewer"], partnership)
    assert captions(content) == [f"{partnership.name}: National Voices"]
