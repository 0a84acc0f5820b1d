"""Every surface agrees with a recomputation from the stored ratings (issue 10, items 6 to 12).

The test recomputes every figure from the stored ratings, by hand, and compares the report
page, its PDF, the CSV and Excel files and the board pack with it."""

import csv
import io
import re
from fractions import Fraction

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import Assessment, Rating
from principles.models import PrincipleSet, RatingLevel
from reporting.board_pack import build_board_pack
from reporting.documents import assessment_report_html, board_pack_html
from reporting.pdf import html_to_pdf
from reporting.reports import build_report
from tests import builders
from tests.factories import ServiceFactory
from tests.figures import NV, WORDS, assess, half_up, page, signed
from tests.pdftext import pdf_text

pytestmark = pytest.mark.django_db

CASES = [
    # (levels, weights, not applicable): varied, with ties, zero weights and halves.
    ({"NV-01": 5, "NV-02": 4}, {"NV-01": 2}, ()),
    ({"NV-01": 1, "NV-05": 2, "NV-09": 4}, {"NV-05": 3, "NV-09": 0}, ("NV-12",)),
    ({f"NV-{n:02d}": 1 + n % 5 for n in range(1, 13)}, {"NV-03": 7, "NV-04": 10}, ("NV-06",)),
    (
        {"NV-02": 2, "NV-03": 2, "NV-04": 4, "NV-08": 5},
        {"NV-08": 4, "NV-02": 5},
        ("NV-10", "NV-11"),
    ),
]


def recompute(assessment: Assessment) -> dict:
    """Every headline figure, worked out here from the stored ratings alone."""
    ratings = Rating.objects.filter(assessment=assessment).select_related("level", "principle")
    values = sorted(
        RatingLevel.objects.filter(scale=assessment.rating_scale).values_list("value", flat=True)
    )
    low, high = values[0], values[-1]
    scores, applies, rated_weight = {}, 0, 0
    for r in ratings:
        if r.not_applicable and not r.carried_forward:
            continue
        applies += r.weight
        if r.level_id and not r.carried_forward:
            scores[r.principle.code] = (r.weight, Fraction(100 * (r.level.value - low), high - low))
            rated_weight += r.weight
    total = sum(w for w, _ in scores.values())
    weighted = sum(w * s for w, s in scores.values()) / total if total else None
    shown = half_up(float(weighted)) if weighted is not None else None
    nearest = None
    if shown is not None:
        # The level whose score is nearest the figure shown; halfway goes to the higher one.
        level = max(values, key=lambda v: (-abs(Fraction(100 * (v - low), high - low) - shown), v))
        nearest = WORDS[level]
    return {
        "scores": {code: float(s) for code, (_, s) in scores.items()},
        "shown": shown,
        "word": nearest,
        "coverage": half_up(rated_weight * 100 / applies) if applies else None,
        "provisional": weighted is not None and rated_weight < applies,
    }


def test_every_surface_agrees_with_a_recomputation_from_the_stored_ratings(
    lead, people, partnership, viewer_client
):
    """For signed-off assessments of four services and a carried-forward draft, the report
    page, its PDF, the CSV, the Excel file and the board pack all show what a recomputation
    from the stored ratings gives."""
    assessments = []
    for index, (levels, weights, na) in enumerate(CASES):
        service = ServiceFactory(partnership=partnership, name=f"Service {index}")
        assessments.append(
            signed(assess(lead, service, levels=levels, weights=weights, na=na), people)
        )
    carried = builders.start(
        user=lead, service=assessments[0].service, period="2027/28", carry_forward=True
    )
    builders.rate(user=lead, assessment=carried, code="NV-04", value=1)
    assessments.append(builders.reload(assessment=carried))

    # The board pack by default (signed off), and with the carried-forward draft chosen.
    packs = []
    for chosen in ([], [str(carried.pk)]):
        pack = build_board_pack(partnership, PrincipleSet.objects.get(slug=NV), chosen=chosen)
        pack_page = viewer_client.get(
            reverse("assessments:board_pack", args=[partnership.slug, NV]), {"assessment": chosen}
        ).content.decode()
        packs.append((pack, pack_page, pdf_text(html_to_pdf(board_pack_html(pack)))))
    csv_rows = list(
        csv.DictReader(
            io.StringIO(
                viewer_client.get(
                    reverse("assessments:partnership_export", args=[partnership.slug, NV, "csv"])
                ).content.decode("utf-8-sig")
            )
        )
    )
    workbook = load_workbook(
        io.BytesIO(
            viewer_client.get(
                reverse("assessments:partnership_export", args=[partnership.slug, NV, "xlsx"])
            ).content
        )
    )
    sheet_rows = list(workbook.active.iter_rows(values_only=True))
    xlsx_rows = [dict(zip(sheet_rows[0], row, strict=True)) for row in sheet_rows[1:]]

    for assessment in assessments:
        expected = recompute(assessment)
        figure = "Not scored" if expected["shown"] is None else f"{expected['shown']}%"
        word = expected["word"] or "Not scored"
        report = build_report(assessment)
        assert report.score.band == expected["word"], assessment
        # The report page and its PDF.
        content = page(viewer_client, "report", assessment.pk)
        assert f'app-weighted-score">{figure}</dd>' in content
        assert f'<strong class="govuk-!-font-size-36">{word}</strong>' in content
        html = assessment_report_html(assessment)
        assert f"Overall<strong>{word}</strong>" in html  # page one's headline
        assert f"weighted score {figure}" in html
        for code, score in expected["scores"].items():
            row = next(r for r in report.rows if r.rating.code == code)
            assert row.score.normalised == pytest.approx(score)
        # The spreadsheets: each rated principle's score, and nothing for the rest.
        for rows in (csv_rows, xlsx_rows):
            mine = [
                r
                for r in rows
                if r["Service"] == assessment.service.name and r["Year"] == assessment.period
            ]
            assert len(mine) == 12
            listed = {
                r["Principle code"]: r["Score (%)"]
                for r in mine
                if r["Score (%)"] not in ("", None)
            }
            assert {code: float(v) for code, v in listed.items()} == pytest.approx(
                expected["scores"]
            )
        # The board pack that shows it: page, model and PDF.
        pack, pack_page, pack_pdf = next(
            p for p in packs if any(s.assessment.pk == assessment.pk for s in p[0].included)
        )
        summary = next(s for s in pack.included if s.assessment.pk == assessment.pk)
        assert summary.score.band == expected["word"]
        assert (summary.score.weighted_score is None) == (expected["shown"] is None)
        if expected["shown"] is not None:
            assert half_up(summary.score.weighted_score) == expected["shown"]
            assert half_up(summary.score.coverage * 100) == expected["coverage"]
        row = re.search(
            rf"<th scope=\"row\">{re.escape(assessment.service.name)}</th>(.*?)</tr>",
            pack_page,
            re.S,
        )[1]
        assert f">{word}" in row and f'<td class="num">{figure}</td>' in row
        overall = word + (" (provisional)" if expected["provisional"] else "")
        state = assessment.get_state_display()
        assert f"{assessment.service.name} {assessment.period} {state} {overall} {figure} " in (
            pack_pdf
        )
    pdf = pdf_text(html_to_pdf(assessment_report_html(assessments[0])))
    first = recompute(assessments[0])
    assert f"Overall {first['word']} Weighted score {first['shown']}%" in pdf
