"""The partnership board pack page, scoped to the partnership, and its heat map's shades.

Its PDF and spreadsheets are in test_board_pack_files.py."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.score_figures import HeadlineScore
from partnerships.models import Role
from principles.models import PrincipleSet
from reporting import board_pack, legend
from reporting import pdf as pdf_module
from reporting.reports import build_report
from tests.board_pack_data import NV, SCOTLAND, hand_checked_services, pack_url, signed
from tests.builders import complete, new_action, rate, start, submit
from tests.factories import PartnershipFactory, ServiceFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def hand_checked(partnership, people):
    """Alpha, Beta and Gamma, signed off as ``hand_checked_services`` describes."""
    return hand_checked_services(partnership, people)


def heat_rows(pack) -> dict[str, dict[str, str]]:
    codes = [c.code for c in pack.columns]
    return {
        s.service.name: dict(zip(codes, (c.text for c in s.cells), strict=True))
        for s in pack.included
    }


# The page ----------------------------------------------------------------------------------


def test_page_shows_every_service_with_its_headline_score(viewer_client, partnership, hand_checked):
    """Every service is listed: scored ones with score, band, coverage and change, the rest
    as having no signed-off assessment."""
    response = viewer_client.get(pack_url(partnership))
    assert response.status_code == 200
    content = response.content.decode()
    pack = response.context["pack"]
    assert [s.service.name for s in pack.services] == [
        "Alpha reablement",
        "Beta discharge",
        "Gamma carers",
    ]
    alpha, beta, gamma = pack.services
    assert alpha.score.weighted_score == pytest.approx((100 + 10 * 50) / 11)
    assert alpha.score.band == "Growing"
    assert alpha.score.coverage == 1  # everything that applies is rated
    assert beta.score.weighted_score == pytest.approx(75 * 11 / 12)
    assert beta.previous.pk == hand_checked["beta_before"].pk
    assert beta.score.change == pytest.approx(75 * 11 / 12 - 50)
    assert gamma.assessment is None
    assert "55%" in content and "Growing" in content
    assert "12 of 12, 1 not applicable" in content  # beside the label "Answered"
    assert "69%" in content and "Strengthening" in content
    assert "Up 19 points since 2025/26 (was 50%)" in content
    assert "No signed-off assessment against National Voices" in content
    assert "DRAFT" not in content
    assert 'role="img"' in content  # the bar chart


def test_heat_map_cells_match_the_hand_checked_case(viewer_client, partnership, hand_checked):
    """Cells show each principle's score, N/A for not applicable, and the band; shades follow
    the band."""
    response = viewer_client.get(pack_url(partnership))
    pack = response.context["pack"]
    rows = heat_rows(pack)
    assert [c.code for c in pack.columns] == [f"NV-{n:02d}" for n in range(1, 13)]
    assert rows["Alpha reablement"] == {
        "NV-01": "100%",
        "NV-02": "N/A",
        **{f"NV-{n:02d}": "50%" for n in range(3, 13)},
    }
    assert rows["Beta discharge"] == {"NV-01": "0%", **{f"NV-{n:02d}": "75%" for n in range(2, 13)}}
    alpha_cells = pack.included[0].cells
    assert (alpha_cells[0].band, alpha_cells[0].shade) == ("Embedded", 4)
    assert (alpha_cells[2].band, alpha_cells[2].shade) == ("Growing", 2)
    assert alpha_cells[1].shade is None

    content = response.content.decode()
    assert re.search(r"<caption[^>]*>Score for each principle by service", content)
    assert '<th scope="col" class="heat-head">' in content and '<th scope="row">' in content
    assert 'class="app-table-scroll" tabindex="0" role="region"' in content
    assert 'class="heat heat-4">100% <span class="govuk-!-display-block' in content


def test_lowest_scoring_across_services_are_the_lowest_averages_with_every_tie(
    viewer_client, partnership, hand_checked
):
    """The lowest-scoring principles across services are the lowest averages over the
    services that rated them; every principle tied with the last one listed is shown."""
    response = viewer_client.get(pack_url(partnership))
    lowest = response.context["pack"].lowest_scoring
    assert [(low.column.code, low.rated_count) for low in lowest] == [
        ("NV-01", 2),  # (100 + 0) / 2 = 50
        # (50 + 75) / 2 = 62.5, shown as 63%: all ten tie, in the set's order.
        *((f"NV-{n:02d}", 2) for n in range(3, 13)),
    ]
    assert lowest[0].mean == pytest.approx(50)
    assert "Lowest-scoring principles across services" in response.content.decode()


def test_only_signed_off_assessments_are_shown_by_default(
    viewer_client, partnership, people, hand_checked
):
    """A later draft or submitted assessment does not replace the latest signed-off one."""
    lead = people[Role.LEAD]
    submitted = start(user=lead, service=hand_checked["beta"].service, period="2027/28")
    complete(user=lead, assessment=submitted)
    submit(user=lead, assessment=submitted)
    pack = viewer_client.get(pack_url(partnership)).context["pack"]
    assert [s.assessment.pk for s in pack.included] == [
        hand_checked["alpha"].pk,
        hand_checked["beta"].pk,
    ]
    assert pack.is_final


def test_chosen_assessments_replace_the_default_and_mark_the_pack_draft(
    viewer_client, partnership, hand_checked
):
    """?assessment=ID shows that assessment for its service (unrated cells as a dash) and DRAFT."""
    draft = hand_checked["alpha_draft"]
    response = viewer_client.get(pack_url(partnership), {"assessment": [draft.pk]})
    pack = response.context["pack"]
    alpha = pack.services[0]
    assert alpha.assessment.pk == draft.pk and alpha.chosen
    assert alpha.previous.pk == hand_checked["alpha"].pk
    assert heat_rows(pack)["Alpha reablement"]["NV-03"] == "100%"
    assert heat_rows(pack)["Alpha reablement"]["NV-04"] == "–"
    assert pack.services[1].assessment.pk == hand_checked["beta"].pk
    content = response.content.decode()
    assert "DRAFT – includes assessments that are not signed off" in content
    pdf_link = pack_url(partnership, "board_pack_pdf") + f"?assessment={draft.pk}"
    assert f'href="{pdf_link}"' in content


def test_assessments_of_other_partnerships_or_sets_cannot_be_chosen(
    viewer_client, partnership, people, hand_checked
):
    """Ids of another partnership's assessment, another set's, or not numbers are ignored."""
    other = PartnershipFactory()
    elsewhere = start(
        service=ServiceFactory(partnership=other), user=member(other, Role.LEAD), period="2027/28"
    )
    scottish = start(
        user=people[Role.LEAD],
        service=hand_checked["alpha"].service,
        period="2027/28",
        principle_set=PrincipleSet.objects.get(slug=SCOTLAND),
    )
    response = viewer_client.get(
        pack_url(partnership), {"assessment": [elsewhere.pk, scottish.pk, "x", "-1", "99999"]}
    )
    pack = response.context["pack"]
    assert [s.assessment.pk for s in pack.included] == [
        hand_checked["alpha"].pk,
        hand_checked["beta"].pk,
    ]
    assert pack.chosen_ids == () and pack.is_final
    assert elsewhere.service.name not in response.content.decode()


def test_scores_are_the_same_as_each_assessments_own_report(partnership, hand_checked):
    """Headline, coverage, change and principle scores agree with build_report, drafts too."""
    principle_set = PrincipleSet.objects.get(slug=NV)
    draft = hand_checked["alpha_draft"]
    pack = board_pack.build_board_pack(partnership, principle_set, chosen=[str(draft.pk)])
    for summary in pack.included:
        report = build_report(summary.assessment)
        assert summary.score == HeadlineScore.of(report.score)
        assert summary.previous.pk == report.previous.pk


def test_board_pack_links_to_the_other_sets_the_partnership_assessed(
    viewer_client, partnership, people, hand_checked
):
    """A partnership that also assessed against Scotland's principles gets a link to that pack,
    whose page shows only those assessments."""
    scottish = PrincipleSet.objects.get(slug=SCOTLAND)
    signed(hand_checked["gamma"], people, "2026/27", principle_set=scottish)
    content = viewer_client.get(pack_url(partnership)).content.decode()
    assert f'href="{pack_url(partnership, set_slug=SCOTLAND)}"' in content
    pack = viewer_client.get(pack_url(partnership, set_slug=SCOTLAND)).context["pack"]
    assert [s.service.name for s in pack.included] == ["Gamma carers"]
    assert all(c.code.startswith("SC-") for c in pack.columns)


def test_dashboard_links_to_the_default_sets_board_pack(viewer_client, partnership):
    """The dashboard links each partnership to its board pack for its default set."""
    content = viewer_client.get(reverse("home")).content.decode()
    assert f'href="{pack_url(partnership)}"' in content


def test_board_pack_queries_do_not_grow_with_services(client, principle_sets, monkeypatch):
    """The page, the PDF and the spreadsheet make the same number of queries for 2 services
    as for 6, with previous assessments, actions and chosen drafts."""
    monkeypatch.setattr(pdf_module, "html_to_pdf", lambda html: b"%PDF-stub")
    viewer = None
    cases = {}
    for size in (2, 6):
        partnership = PartnershipFactory()
        people = {role: member(partnership, role) for role in Role.values}
        if viewer is None:
            viewer = people[Role.VIEWER]
        else:
            member(partnership, Role.VIEWER, username=viewer.username)
        drafts = []
        for n in range(size):
            service = ServiceFactory(partnership=partnership)
            signed(service, people, "2025/26")
            current = signed(service, people, "2026/27", level=4)
            draft = start(user=people[Role.LEAD], service=service, period="2027/28")
            rate(
                user=people[Role.LEAD],
                assessment=draft,
                code="NV-01",
                value=5,
                actions=[_action(n)],
            )
            drafts.append(draft.pk)
            assert current.is_signed_off
        cases[size] = (partnership, drafts)

    client.force_login(viewer)
    counts = {}
    for size, (partnership, drafts) in cases.items():
        for name, query in (
            ("board_pack", {}),
            ("board_pack", {"assessment": drafts}),
            ("board_pack_pdf", {"assessment": drafts}),
            ("partnership_export", {}),
        ):
            url = (
                reverse(
                    "assessments:partnership_export",
                    kwargs={"slug": partnership.slug, "set_slug": NV, "fmt": "csv"},
                )
                if name == "partnership_export"
                else pack_url(partnership, name)
            )
            assert client.get(url, query).status_code == 200
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url, query)
            assert response.status_code == 200
            if name == "board_pack":
                assert len(response.context["pack"].included) == size
            counts.setdefault((name, bool(query)), []).append(len(queries))
    assert all(small == large for small, large in counts.values()), counts
    assert max(max(c) for c in counts.values()) <= 15, counts


def _action(n):
    """An agreed action, long overdue."""
    return new_action(
        description=f"Action {n}",
        owner="Team manager",
        due_date=datetime.date(2020, 1, 1),
        status="agreed",
    )


def test_board_pack_counts_open_and_overdue_actions(partnership, people, hand_checked):
    """Each service's summary counts its open and overdue improvement actions."""
    draft = hand_checked["alpha_draft"]
    rate(
        user=people[Role.LEAD],
        assessment=draft,
        code="NV-04",
        value=2,
        actions=[_action(1), _action(2)],
    )
    pack = board_pack.build_board_pack(
        partnership, PrincipleSet.objects.get(slug=NV), chosen=[str(draft.pk)]
    )
    alpha = pack.services[0]
    assert (alpha.open_actions, alpha.overdue_actions) == (2, 2)


# Access ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "extra"),
    [("board_pack", {}), ("board_pack_pdf", {}), ("partnership_export", {"fmt": "csv"})],
)
def test_non_members_get_not_found(client, partnership, hand_checked, name, extra):
    """Someone from another partnership gets 404 for every board pack page."""
    client.force_login(member(PartnershipFactory(), Role.LEAD))
    assert client.get(pack_url(partnership, name, **extra)).status_code == 404


@pytest.mark.parametrize(
    ("name", "extra"),
    [("board_pack", {}), ("board_pack_pdf", {}), ("partnership_export", {"fmt": "csv"})],
)
def test_unknown_principle_set_is_not_found(viewer_client, partnership, name, extra):
    """A principle set that does not exist is a 404."""
    assert viewer_client.get(pack_url(partnership, name, "no-such-set", **extra)).status_code == 404


def test_unknown_spreadsheet_format_is_not_found(viewer_client, partnership):
    """Only CSV and Excel are offered."""
    url = pack_url(partnership, "partnership_export", fmt="pdf")
    assert viewer_client.get(url).status_code == 404


# Shades ------------------------------------------------------------------------------------


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_every_heat_map_shade_keeps_text_contrast_above_4_5():
    """Each shade in print.css keeps the text colour at a contrast ratio of 4.5:1 or more."""
    css = (Path(settings.BASE_DIR) / "static" / "css" / "print.css").read_text()
    shades = dict(re.findall(r"\.heat-(\d) \{ background: (#[0-9a-f]{6}); \}", css))
    assert sorted(shades) == [str(n) for n in range(legend.SHADES)]
    text = _luminance("#0b0c0c")
    for shade, colour in shades.items():
        ratio = (_luminance(colour) + 0.05) / (text + 0.05)
        assert ratio >= 4.5, (shade, colour, ratio)


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (5, [0, 1, 2, 3, 4]),
        (3, [0, 2, 4]),
        (1, [4]),
        # Shade 0 (bold, with a heavy border) is the lowest level's alone.
        (10, [0, 1, 1, 1, 2, 2, 3, 3, 4, 4]),
    ],
)
def test_shades_spread_evenly_over_any_number_of_bands(count, expected):
    """The lowest band gets the strongest orange and the highest the darkest purple, however
    many; only the lowest gets the lowest's shade."""
    assert [legend.shade_for(position, count) for position in range(count)] == expected
    assert legend.shade_for(None, count) is None
