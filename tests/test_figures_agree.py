"""The words and numbers agree (issue 10, items 6 to 12), on every surface.

The last test recomputes every figure from the stored ratings, by hand, and compares the
report page, its PDF, the CSV and Excel files and the board pack with it.
"""

import csv
import io
import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.errors import RefusedError
from assessments.forms import WeightsForm
from assessments.models import Assessment, Rating
from partnerships.models import Role
from principles.models import PrincipleSet, RatingLevel
from reporting import exports
from reporting.board_pack import build_board_pack
from reporting.documents import assessment_report_html, board_pack_html
from reporting.pdf import html_to_pdf
from reporting.reports import build_report
from tests import builders
from tests.factories import ServiceFactory
from tests.formtools import codes
from tests.pdftext import pdf_text

pytestmark = pytest.mark.django_db

WORDS = {1: "Not evident", 2: "Limited", 3: "Growing", 4: "Strengthening", 5: "Embedded"}
OLD_WORDS = ("Emerging", "Developing", "Established")
NV = "national-voices"


def assess(lead, service, *, period="2026/27", levels=(), weights=(), na=()) -> Assessment:
    """A draft rated 3 throughout, except ``levels`` ({code: level, None for unrated}),
    with ``weights`` ({code: weight}) and ``na`` (codes not applicable)."""
    assessment = builders.start(user=lead, service=service, period=period)
    levels = dict(levels)
    for n in range(1, 13):
        code = f"NV-{n:02d}"
        if code in na:
            builders.rate(
                user=lead, assessment=assessment, code=code, value=None, na=True, reason="No."
            )
        elif levels.get(code, 3) is not None:
            builders.rate(user=lead, assessment=assessment, code=code, value=levels.get(code, 3))
    if weights:
        builders.set_weights(
            user=lead,
            assessment=assessment,
            weights={
                builders.rating_for(assessment=assessment, code=code).pk: (weight, "Board focus")
                for code, weight in dict(weights).items()
            },
        )
    return builders.reload(assessment=assessment)


def signed(assessment, people) -> Assessment:
    builders.submit(user=people[Role.LEAD], assessment=assessment)
    return builders.sign_off(user=people[Role.APPROVER], assessment=assessment)


def page(client, name, *args) -> str:
    return client.get(reverse(f"assessments:{name}", args=args)).content.decode()


def legend_ranges(text: str) -> dict[str, tuple[int, int]]:
    """The key's ranges as a reader finds them: "Growing: 38% to 62%"."""
    found = re.findall(r"([A-Z][a-z]+(?: [a-z]+)?): (\d+)% to (\d+)%", text)
    return {word: (int(low), int(high)) for word, low, high in found}


def half_up(value) -> int:
    return int(Decimal(str(value)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


# 6. The band follows the figure shown -----------------------------------------------------


def test_a_score_shown_as_60_percent_reads_in_the_band_the_key_gives_60_percent(
    lead, service, viewer_client
):
    """NV-01 at 5 with weight 2, NV-02 at 4, the rest at 3 scores 59.615%: shown as 60%, in
    the band the key gives for 60%, on the report page, its PDF and the board pack."""
    draft = assess(lead, service, levels={"NV-01": 5, "NV-02": 4}, weights={"NV-01": 2})
    report = build_report(draft)
    assert report.score.weighted_score == pytest.approx(59.615, abs=0.001)

    content = page(viewer_client, "report", draft.pk)
    assert '<dd class="govuk-summary-list__value app-weighted-score">60%</dd>' in content
    ranges = legend_ranges(content)
    (word,) = [w for w, (low, high) in ranges.items() if low <= 60 <= high]
    assert word == report.score.band == "Growing"
    assert f'<strong class="govuk-!-font-size-36">{word}</strong>' in content
    pdf = assessment_report_html(draft)
    assert (
        f"<dt>Overall</dt><dd>{word}</dd>" in pdf and "<dt>Weighted score</dt><dd>60%</dd>" in pdf
    )

    pack = build_board_pack(draft.service.partnership, draft.principle_set, chosen=[str(draft.pk)])
    (legend,) = pack.legends
    band = next(b for b in legend.bands if b.lower_bound <= 60 <= b.upper_bound)
    assert band.label == pack.included[0].score.band


def test_a_score_halfway_between_two_words_reads_as_the_figure_shown(
    lead, service, viewer_client
):
    """Half the principles at 4 and half at 3 score 62.5%, shown as 63%: the key gives 63%
    to Strengthening, so the headline says Strengthening, not Growing."""
    levels = {f"NV-{n:02d}": 4 if n <= 6 else 3 for n in range(1, 13)}
    draft = assess(lead, service, levels=levels)
    content = page(viewer_client, "report", draft.pk)
    assert 'app-weighted-score">63%</dd>' in content
    assert legend_ranges(content)["Strengthening"] == (63, 87)
    assert '<strong class="govuk-!-font-size-36">Strengthening</strong>' in content


# 7. One vocabulary --------------------------------------------------------------------------


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_a_service_rated_at_one_level_throughout_reads_in_that_levels_word(
    lead, service, people, viewer_client, partnership, level
):
    """Rated "3 - Growing" throughout reads "Growing", on every surface, and the old band
    words appear nowhere."""
    assessment = signed(
        assess(lead, service, levels={f"NV-{n:02d}": level for n in range(1, 13)}), people
    )
    word = WORDS[level]
    report_page = page(viewer_client, "report", assessment.pk)
    pack_page = page(viewer_client, "board_pack", partnership.slug, NV)
    pack = build_board_pack(partnership, assessment.principle_set)
    surfaces = [report_page, assessment_report_html(assessment), pack_page, board_pack_html(pack)]
    assert f'<strong class="govuk-!-font-size-36">{word}</strong>' in report_page
    assert pack.included[0].score.band == word
    for surface in surfaces:
        assert not any(old in surface for old in OLD_WORDS)


# 8. Carried-forward answers count as not yet rated ----------------------------------------


@pytest.fixture
def carried(lead, service, people):
    """2025/26 signed off, all at 3; a 2026/27 draft abandoned at 3 of 12 with level 5; and
    2027/28 started from the previous assessment, nothing reviewed."""
    last_year = signed(assess(lead, service, period="2025/26"), people)
    abandoned = builders.start(user=lead, service=service, period="2026/27")
    for code in ("NV-01", "NV-02", "NV-03"):
        builders.rate(user=lead, assessment=abandoned, code=code, value=5)
    draft = builders.start(user=lead, service=service, period="2027/28", carry_forward=True)
    return {"last_year": last_year, "abandoned": abandoned, "draft": draft}


def test_start_copies_only_the_latest_signed_off_assessment(carried):
    """The later draft is never copied: the answers come from the signed-off one."""
    draft = carried["draft"]
    assert draft.previous == carried["last_year"]
    rating = builders.rating_for(assessment=draft, code="NV-01")
    assert rating.level.value == 3 and rating.carried_forward


def test_start_page_and_history_name_the_assessment_copied(carried, people, client):
    """The start page says which assessment would be copied; the history names it."""
    client.force_login(people[Role.LEAD])
    last_year = carried["last_year"]
    start = page(client, "start")
    assert f"{last_year.title} (2025/26), signed off on 4 March 2027" in start
    history = page(client, "history", carried["draft"].pk)
    assert f"copying answers from {last_year.title} (2025/26), signed off on 4 March 2027" in (
        history
    )


def test_carried_forward_answers_count_as_not_rated_in_the_report(carried, viewer_client):
    """With nothing reviewed, the report scores nothing, covers nothing, compares nothing,
    and says how many answers were carried forward."""
    draft = carried["draft"]
    report = build_report(draft)
    assert report.score.weighted_score is None and report.score.coverage == 0
    assert report.score.change is None and report.score.carried_forward_count == 12
    content = page(viewer_client, "report", draft.pk)
    assert '<strong class="govuk-!-font-size-36">Not scored</strong>' in content
    assert "0 of 12 answered, 12 carried forward and not yet confirmed" in content
    assert "12 of the 12 answers were carried forward from" in content
    assert "Up " not in content and "Down " not in content
    assert "Not rated yet: carried forward and not confirmed" in assessment_report_html(draft)


def test_carried_forward_answers_count_as_not_rated_in_the_task_list_and_board_pack(
    carried, people, viewer_client, partnership
):
    """The task list shows them in progress; the board pack's cells are dashes."""
    draft = carried["draft"]
    overview = page(viewer_client, "overview", draft.pk)
    assert "You have completed 0 of 12 principles." in overview
    assert overview.count("(carried forward: review it)") == 12
    pack = build_board_pack(partnership, draft.principle_set, chosen=[str(draft.pk)])
    summary = pack.included[0]
    assert summary.score.weighted_score is None
    assert {cell.text for cell in summary.cells} == {"–"}


def test_carried_forward_answers_count_as_not_rated_in_the_exports(carried, lead):
    """Spreadsheets leave a carried-forward answer's level, label and score blank and say it
    is carried forward, until someone confirms it."""
    draft = carried["draft"]
    builders.rate(user=lead, assessment=draft, code="NV-01", value=4)  # reviewed
    rows = {row[7]: row for row in exports.assessment_rows(draft)}
    column = exports.COLUMNS.index
    carried_row, reviewed = rows["NV-02"], rows["NV-01"]
    assert carried_row[column("Level")] is None and carried_row[column("Level label")] == ""
    assert carried_row[column("Score (%)")] is None
    assert carried_row[column("Carried forward, not yet confirmed")] == "Yes"
    assert reviewed[column("Level")] == 4 and reviewed[column("Score (%)")] == 75
    assert reviewed[column("Carried forward, not yet confirmed")] == "No"


# 9. Coverage is of what applies; part scores are provisional -------------------------------


def test_a_complete_assessment_with_one_not_applicable_is_fully_answered(
    lead, service, people, viewer_client, partnership
):
    """ "12 of 12 answered, 1 not applicable" and 100% coverage, never "Coverage 92%"."""
    assessment = signed(assess(lead, service, na=("NV-02",)), people)
    content = page(viewer_client, "report", assessment.pk)
    assert "12 of 12 answered, 1 not applicable" in content
    assert "100% of the weight of the principles that apply is rated" in content
    assert "92%" not in content
    pack = page(viewer_client, "board_pack", partnership.slug, NV)
    assert "12 of 12 answered, 1 not applicable" in pack and "92%" not in pack


def test_a_score_on_part_of_the_weight_is_provisional(lead, service, viewer_client, partnership):
    """One principle of twelve rated: its band is marked provisional wherever it shows."""
    draft = assess(lead, service, levels={f"NV-{n:02d}": None for n in range(2, 13)})
    content = page(viewer_client, "report", draft.pk)
    assert '<strong class="govuk-tag govuk-tag--yellow">Provisional</strong>' in content
    assert "Growing (provisional)" in content  # the summary table and the section
    assert "8% of the weight of the principles that apply is rated, so the result is " in content
    pack = page(viewer_client, "board_pack", partnership.slug, NV)
    assert "Growing (provisional)" not in pack  # only signed-off assessments by default
    chosen = viewer_client.get(
        reverse("assessments:board_pack", args=[partnership.slug, NV]), {"assessment": draft.pk}
    ).content.decode()
    assert "Growing (provisional)" in chosen


# 10 and 11. Lowest-scoring principles ---------------------------------------------------------


def test_lowest_scoring_is_one_definition_with_ties_on_every_surface(
    lead, service, people, viewer_client, partnership
):
    """Heavily weighted NV-06 at 50% is not listed before the four principles at 25%, all
    four are listed, and the report, its PDF and the board pack agree."""
    assessment = signed(
        assess(
            lead,
            service,
            levels={
                "NV-07": 2,
                "NV-08": 2,
                "NV-09": 2,
                "NV-10": 2,
                **{f"NV-{n:02d}": 5 for n in (1, 2, 3, 4, 5, 11, 12)},
            },
            weights={"NV-06": 10},
        ),
        people,
    )
    expected = ["NV-07", "NV-08", "NV-09", "NV-10"]
    report = build_report(assessment)
    assert [row.rating.code for row in report.lowest_scoring] == expected
    pack = build_board_pack(partnership, assessment.principle_set)
    assert [low.code for low in pack.included[0].lowest_scoring] == expected
    assert [low.column.code for low in pack.lowest_scoring] == expected
    pdf = assessment_report_html(assessment)
    listed = re.search(r"<caption>Lowest-scoring principles</caption>(.*?)</table>", pdf, re.S)
    assert re.findall(r"NV-\d\d", listed[1]) == expected
    content = page(viewer_client, "report", assessment.pk)
    assert "Priorities" not in content and "Weakest" not in board_pack_html(pack)


def test_principles_at_the_bottom_with_no_weight_are_still_lowest_scoring(lead, service):
    """NV-01 to NV-04 rated "1 - Not evident" at weight 0: the PDF lists them, and never
    says no principle was rated below the top of the scale."""
    draft = assess(
        lead,
        service,
        levels={
            **{f"NV-{n:02d}": 1 for n in range(1, 5)},
            **{f"NV-{n:02d}": 5 for n in range(5, 13)},
        },
        weights={f"NV-{n:02d}": 0 for n in range(1, 5)},
    )
    pdf = assessment_report_html(draft)
    listed = re.search(r"<caption>Lowest-scoring principles</caption>(.*?)</table>", pdf, re.S)
    assert re.findall(r"NV-\d\d", listed[1]) == ["NV-01", "NV-02", "NV-03", "NV-04"]
    assert "no principle has been rated below the top" not in pdf
    assert "None:" not in listed[1]


def test_when_nothing_is_below_the_top_the_report_says_so_truly(lead, service):
    """All at the top: "every rated principle is at the top of the scale"."""
    draft = assess(lead, service, levels={f"NV-{n:02d}": 5 for n in range(1, 13)})
    assert "None: every rated principle is at the top of the scale." in assessment_report_html(
        draft
    )


# 12. Weight on rated principles -------------------------------------------------------------


def test_weights_that_leave_no_weight_on_a_principle_that_applies_are_refused(lead, service):
    """Eleven principles weighted 0 and the twelfth not applicable: refused at weights, by the
    service and the form alike."""
    draft = assess(lead, service, na=("NV-12",))
    weights = {f"NV-{n:02d}": 0 for n in range(1, 12)}
    with pytest.raises(RefusedError) as error:
        assess_weights(lead, draft, weights)
    assert error.value.code == "no_weight_applies"
    assert "at least one principle that applies a weight above 0" in error.value.message

    ratings = list(
        draft.ratings.select_related("principle__group", "level").order_by("principle__order")
    )
    data = {"version": str(draft.version)}
    for rating in ratings:
        data[f"weight_{rating.pk}"] = "0" if rating.code != "NV-12" else "1"
        data[f"reason_{rating.pk}"] = "Not this year" if rating.code != "NV-12" else ""
    form = WeightsForm(data, ratings=ratings)
    assert not form.is_valid()
    assert codes(form, "__all__") == ["no_weight_applies"]


def test_submission_is_refused_when_no_rated_principle_carries_weight(lead, service, people):
    """Weights set first, the only weighted principle then marked not applicable: the
    submission is refused with the same message."""
    draft = assess(lead, service, weights={f"NV-{n:02d}": 0 for n in range(1, 12)})
    builders.rate(user=lead, assessment=draft, code="NV-12", value=None, na=True, reason="No.")
    with pytest.raises(RefusedError) as error:
        builders.submit(user=lead, assessment=draft)
    assert error.value.code == "no_weight_applies"
    assert builders.reload(assessment=draft).is_draft


def assess_weights(lead, assessment, weights: dict[str, int]):
    return builders.set_weights(
        user=lead,
        assessment=assessment,
        weights={
            builders.rating_for(assessment=assessment, code=code).pk: (weight, "Not this year")
            for code, weight in weights.items()
        },
    )


# Every surface agrees with a recomputation from the stored ratings ---------------------------


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
        assert f"<dt>Weighted score</dt><dd>{figure}</dd>" in html
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
