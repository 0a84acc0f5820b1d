"""The words and numbers agree (issue 10, items 6, 7 and 9 to 12), on every surface.

Carried-forward answers (item 8) are in test_carried_forward_figures.py; the recomputation
of every figure from the stored ratings is in test_figures_recomputed.py."""

import re

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from assessments.errors import RefusedError
from assessments.forms import WeightsForm
from reporting.board_pack import build_board_pack
from reporting.documents import assessment_report_html, board_pack_html
from reporting.reports import build_report
from tests import builders
from tests.figures import NV, WORDS, assess, page, signed
from tests.formtools import codes

pytestmark = pytest.mark.django_db

OLD_WORDS = ("Emerging", "Developing", "Established")


def legend_ranges(text: str) -> dict[str, tuple[int, int]]:
    """The key's ranges as a reader finds them: "Growing: 38% to 62%"."""
    found = re.findall(r"([A-Z][a-z]+(?: [a-z]+)?): (\d+)% to (\d+)%", text)
    return {word: (int(low), int(high)) for word, low, high in found}


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
    assert f"Overall<strong>{word}</strong>" in pdf and "weighted score 60%" in pdf  # headline

    pack = build_board_pack(draft.service.partnership, draft.principle_set, chosen=[str(draft.pk)])
    (legend,) = pack.legends
    band = next(b for b in legend.bands if b.lower_bound <= 60 <= b.upper_bound)
    assert band.label == pack.included[0].score.band


def test_a_score_halfway_between_two_words_reads_as_the_figure_shown(lead, service, viewer_client):
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


# 9. Coverage is of what applies; part scores are provisional -------------------------------


def test_a_complete_assessment_with_one_not_applicable_is_fully_answered(
    lead, service, people, viewer_client, partnership
):
    """Answered "12 of 12, 1 not applicable" and 100% coverage, never "Coverage 92%"."""
    assessment = signed(assess(lead, service, na=("NV-02",)), people)
    content = page(viewer_client, "report", assessment.pk)
    assert "12 of 12, 1 not applicable" in content  # beside the label "Answered"
    assert "Answered12 of 12, 1 not applicable" in " ".join(strip_tags(content).split())
    assert "100% of the weight of the principles that apply is rated" in content
    assert "92%" not in content
    pack = page(viewer_client, "board_pack", partnership.slug, NV)
    assert "12 of 12, 1 not applicable" in pack and "92%" not in pack


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
