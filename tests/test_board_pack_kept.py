"""The board pack page keeps the lowest-scoring principles across services once worked out for
a set of signed-off assessments (``reporting.across_cache``), shows exactly what it would work
out afresh, and never keeps them for a pack showing a draft."""

import re
from types import SimpleNamespace

import pytest
from django.core.cache import caches
from django.db import connection

from partnerships.models import Role
from reporting import across_cache
from reporting.across_services import LowAcrossServices
from tests.board_pack_data import hand_checked_services, pack_url, signed, unchanging
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def services(partnership, people):
    return hand_checked_services(partnership, people)


def _key(pack) -> str | None:
    return across_cache.across_key(pack.principle_set.pk, [s.assessment for s in pack.included])


def _cells(*texts: str) -> str:
    return "".join(f'<td class="num">{text}</td>' for text in texts)


def _kept_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM figures_cache")
        return cursor.fetchone()[0]


def test_kept_page_is_the_page_worked_out_afresh(client, partnership, people, services):
    """The page read with its kept figures is the page worked out from every score."""
    client.force_login(people[Role.VIEWER])
    first = client.get(pack_url(partnership))
    assert across_cache.across_get(_key(first.context["pack"])) is not None
    kept = client.get(pack_url(partnership))
    caches["figures"].clear()
    afresh = client.get(pack_url(partnership))
    assert "Lowest-scoring principles across services" in afresh.content.decode()
    pages = [unchanging(r.content) for r in (first, kept, afresh)]
    assert pages[0] == pages[1] == pages[2]


@pytest.fixture
def thirteen(partnership, people):
    """Twelve services with signed-off assessments at different levels, half of them with an
    earlier one to compare with, and one with none (so headline pages differ from the heat
    map's)."""
    for n in range(12):
        service = ServiceFactory(partnership=partnership, name=f"Service {n:02}")
        if n % 2:
            signed(service, people, "2025/26", level=3)
        signed(service, people, "2026/27", level=1 + n % 5)
    ServiceFactory(partnership=partnership, name="Aardvark service")


@pytest.mark.parametrize("page", [1, 2])
def test_every_page_read_with_kept_figures_is_the_same(client, partnership, people, thirteen, page):
    """Each page of a pack of thirteen services is the same read with the kept figures (its
    own services' scores alone) as worked out from every score."""
    client.force_login(people[Role.VIEWER])
    caches["figures"].clear()
    afresh = client.get(pack_url(partnership), {"page": page})
    kept = client.get(pack_url(partnership), {"page": page})
    assert across_cache.across_get(_key(kept.context["pack"])) is not None
    assert unchanging(kept.content) == unchanging(afresh.content)
    assert "Black lines: the previous signed-off assessment" in kept.content.decode()


def test_kept_figures_are_what_the_page_shows(client, partnership, people, services):
    """The page shows the figures kept for its assessments, without working them out again."""
    client.force_login(people[Role.VIEWER])
    pack = client.get(pack_url(partnership)).context["pack"]
    kept = across_cache.across_get(_key(pack)).lowest
    assert kept == pack.lowest_scoring
    marked = LowAcrossServices(kept[-1].column, mean=7.0, rated_count=1)
    across_cache.across_keep(_key(pack), across_cache.Across(pack.columns, [marked]))
    page = client.get(pack_url(partnership)).content.decode()
    caption = "<caption>Lowest-scoring principles across services</caption>"
    table = page[page.index(caption) : page.index("</table>", page.index(caption))]
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th>(.*?)</tr>", table)
    column = kept[-1].column
    assert rows == [(f"{column.code} {column.short_title}", _cells("7%", "1 of 2"))]


def test_a_new_sign_off_is_worked_out_afresh(client, partnership, people, services):
    """Another signed-off assessment makes another set: the page never shows the old figures."""
    client.force_login(people[Role.VIEWER])
    pack = client.get(pack_url(partnership)).context["pack"]
    marked = LowAcrossServices(pack.columns[-1], mean=99.0, rated_count=1)
    across_cache.across_keep(_key(pack), across_cache.Across(pack.columns, [marked]))
    signed(services["gamma"], people, "2026/27", level=1)
    pack = client.get(pack_url(partnership)).context["pack"]
    assert len(pack.included) == 3
    # NV-01: Alpha 100%, Beta 0%, Gamma 0%.
    lowest = pack.lowest_scoring[0]
    assert (lowest.column.code, lowest.rated_count) == ("NV-01", 3)
    assert lowest.mean == pytest.approx(100 / 3)


def test_a_pack_showing_a_draft_is_not_kept(client, partnership, people, services):
    """With a draft chosen the figures are worked out on every request and never kept."""
    client.force_login(people[Role.VIEWER])
    draft = services["alpha_draft"]
    pack = client.get(pack_url(partnership), {"assessment": draft.pk}).context["pack"]
    assert not pack.is_final and pack.lowest_scoring
    assert _key(pack) is None
    assert _kept_count() == 0


def test_the_key_is_the_set_of_signed_off_assessments():
    """The same assessments in any order give one key; another set, another; a draft, none."""

    def rows(*ids, draft=False):
        return [SimpleNamespace(pk=pk, is_signed_off=not draft) for pk in ids]

    key = across_cache.across_key(1, rows(3, 1, 2))
    assert key == across_cache.across_key(1, rows(1, 2, 3))
    assert key != across_cache.across_key(1, rows(1, 2))
    assert key != across_cache.across_key(2, rows(1, 2, 3))
    assert across_cache.across_key(1, [*rows(1, 2), *rows(3, draft=True)]) is None
    assert across_cache.across_key(1, []) is None
    assert len(key) < 250  # the database cache's longest key


def test_chart_caption_speaks_of_the_charted_services_only(client, partnership, people):
    """The chart's caption mentions previous scores only when its page's services have one."""
    for n in range(11):
        service = ServiceFactory(partnership=partnership, name=f"Service {n:02}")
        if n == 0:
            signed(service, people, "2025/26")
        signed(service, people, "2026/27", level=4)
    client.force_login(people[Role.VIEWER])
    caption = "Black lines: the previous signed-off assessment"
    for page, shown in ((1, True), (2, False), (2, False)):  # the second time, kept figures
        content = client.get(pack_url(partnership), {"page": page}).content.decode()
        assert (caption in content) is shown, page
