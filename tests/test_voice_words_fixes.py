"""People's voice and team table words: the flag follows the figure shown, the levels are
named in the assessment's own scale words, and "agreed" means one thing in a table row."""

import re
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from partnerships.models import Role
from principles.models import PrincipleSet, RatingLevel
from reporting.exports import _people
from tests.builders import complete, sign_off, submit
from tests.factories import RatingScaleFactory
from tests.pdftext import pdf_text
from tests.team_data import agreement_phase, three_raters
from tests.voice_builders import open_round, respond
from voice.summary import (
    PeopleSay,
    Respondents,
    Tally,
    TeamRating,
    compare,
    people_say,
    strong_from,
    strong_levels_text,
)
from voice.we_say import VoiceReport

FLAG = "Fewer than half agree"


def _team(level_value: int | None) -> TeamRating:
    return TeamRating(
        principle_id=1,
        code="NV-06",
        short_title="Designed with users",
        level_value=level_value,
        answer=f"{level_value} – Strengthening",
    )


def _row(agreeing: int, answered: int, level_value: int = 4):
    """One principle rated ``level_value`` on 1 to 5, ``agreeing`` of ``answered`` agreeing."""
    counts = {"agree": agreeing, "disagree": answered - agreeing}
    tally = Tally(by_principle={1: counts}, statements={1: "I was asked what matters to me"})
    return compare([_team(level_value)], tally, lowest=1, highest=5)[0]


def _voice(rows, *, strong_levels: str = "Strengthening or better") -> VoiceReport:
    return VoiceReport(
        # An open round: the summary asks whether it still takes answers.
        feedback_round=SimpleNamespace(
            closed_at=None,
            is_frozen=False,
            assessment_id=1,
            closes_on=timezone.localdate(),
            is_open=lambda: True,
        ),
        rows=rows,
        respondents=Respondents(total=rows[0].people.answered, by_kind=[], assisted_text="0"),
        quotes=[],
        strong_levels=strong_levels,
    )


def _text(html) -> str:
    return " ".join((html.decode() if isinstance(html, bytes) else html).split())


# Defect 1: the flag follows the whole percentage shown -------------------------------------


@pytest.mark.parametrize(
    ("agreeing", "answered", "shown", "flagged"),
    [
        (247, 500, "49% agree", True),  # 49.4%
        (99, 200, "50% agree", False),  # 49.5%, shown as 50%
        (5, 10, "50% agree", False),  # exactly half
        (50, 101, "50% agree", False),  # 49.5...%, the reviewer's case
        (99, 199, "50% agree", False),  # 49.7...%, the reviewer's case
    ],
)
def test_the_flag_is_set_only_when_the_shown_share_is_under_50(agreeing, answered, shown, flagged):
    """At the boundary the flag follows the whole percentage shown, never the exact share."""
    row = _row(agreeing, answered)
    assert row.people_text == shown
    assert row.people.fewer_than_half_agree is flagged
    assert row.flagged is flagged


@given(st.integers(5, 400).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_the_flag_never_contradicts_the_figure(counts):
    """For any answers, a strong rating is flagged exactly when the figure shown is under 50%."""
    agreeing, answered = counts
    row = _row(agreeing, answered, level_value=5)
    shown = int(row.people_text.removesuffix("% agree"))
    assert row.flagged is (shown < 50)


def test_a_statement_with_too_few_answers_is_never_fewer_than_half():
    """Below 5 answers there is no figure, so no flag, whatever the answers."""
    assert not people_say({"disagree": 4}).fewer_than_half_agree
    assert not PeopleSay(answered=4, agreeing=0).fewer_than_half_agree


def test_the_summary_and_table_do_not_flag_a_share_shown_as_50_percent():
    """50 of 101 reads "50% agree" in the table with no flag beside it and none in the summary."""
    voice = _voice([_row(50, 101)])
    table = _text(render_to_string("voice/_we_say_table.html", {"voice": voice}))
    summary = _text(render_to_string("voice/_report_summary.html", {"voice": voice}))
    assert "<td>50% agree</td>" in table
    assert FLAG not in table and FLAG not in summary


def test_the_summary_and_table_flag_a_share_shown_as_49_percent():
    """247 of 500 reads "49% agree" and is flagged in the table and the summary."""
    voice = _voice([_row(247, 500)])
    table = _text(render_to_string("voice/_we_say_table.html", {"voice": voice}))
    summary = _text(render_to_string("voice/_report_summary.html", {"voice": voice}))
    assert "<td>49% agree</td>" in table and FLAG in table
    assert f"<strong>{FLAG}</strong> with the statement for 1 principle" in summary


@pytest.mark.parametrize(("agreeing", "answered", "flag"), [(50, 101, "No"), (247, 500, "Yes")])
def test_the_spreadsheets_flag_by_the_figure_they_show(agreeing, answered, flag):
    """The spreadsheet's share and its flag follow the same rule as the report."""
    _statement, share, count, flagged = _people(_row(agreeing, answered))
    assert (str(share), count, flagged) == (f"{round(100 * agreeing / answered)}%", answered, flag)


def test_the_method_note_says_how_shares_are_rounded_and_flagged():
    """The note explains that 49.5% shows as 50% and the flag is for a shown share under 50%."""
    note = _text(render_to_string("voice/_we_say_method.html", {"voice": None}))
    assert "49.5% is shown as 50%" in note
    assert "where the share shown is under 50%" in note


# Defect 2: the levels the flag looks at, in the scale's own words ---------------------------


def test_the_flag_looks_at_levels_from_three_quarters_of_the_way_up():
    """The lowest strong level: 4 on 1 to 5, 5 on 1 to 6, 3 on 0 to 4, 2 on 1 to 2."""
    assert strong_from(range(1, 6)) == 4
    assert strong_from(range(1, 7)) == 5
    assert strong_from(range(0, 5)) == 3
    assert strong_from([1, 2]) == 2


def test_the_top_level_alone_is_not_said_to_have_better():
    """ "Thriving or better", but the top level's word alone when nothing is above it."""
    assert strong_levels_text("Thriving", is_top=False) == "Thriving or better"
    assert strong_levels_text("Excellent", is_top=True) == "Excellent"


def test_the_summary_names_the_levels_it_is_given():
    """The summary reads the levels from the report, never a fixed "Strengthening"."""
    voice = _voice([_row(1, 6, level_value=5)], strong_levels="Thriving or better")
    summary = _text(render_to_string("voice/_report_summary.html", {"voice": voice}))
    assert "the team rates Thriving or better: NV-06 Designed with users." in summary
    assert "Strengthening" not in summary
    note = _text(render_to_string("voice/_we_say_method.html", {"voice": voice}))
    assert "(Thriving or better on this assessment's scale)" in note


@pytest.fixture
def six_levels(principle_sets):
    """National Voices on a 1 to 6 scale whose level 5 is "Thriving"."""
    scale = RatingScaleFactory(levels=range(1, 7))
    RatingLevel.objects.filter(scale=scale, value=5).update(label="Thriving")
    national_voices = PrincipleSet.objects.get(slug="national-voices")
    national_voices.rating_scale = scale
    national_voices.save()
    return scale


@pytest.fixture
def answered_on_six(six_levels, draft, people):
    """Rated 5 (Thriving) throughout on 1 to 6; six people answered, NV-06 1 of 6 agreeing."""
    lead = people[Role.LEAD]
    complete(user=lead, assessment=draft, value=5)
    feedback_round = open_round(user=lead, assessment=draft)
    for n in range(6):
        respond(feedback_round=feedback_round, by_code={"NV-06": "agree" if n == 0 else "disagree"})
    return draft


@pytest.mark.django_db
def test_the_report_names_the_threshold_in_the_scales_own_words(client, answered_on_six, people):
    """On a 1 to 6 scale the summary and method note say "Thriving or better"."""
    client.force_login(people[Role.VIEWER])
    html = _text(client.get(reverse("assessments:report", args=[answered_on_six.pk])).content)
    assert "the team rates Thriving or better: NV-06" in html
    assert "(Thriving or better on this assessment's scale)" in html
    assert "Strengthening" not in html


@pytest.mark.django_db
def test_the_voice_page_names_the_threshold_in_the_scales_own_words(
    client, answered_on_six, people
):
    """The people's voice page's method note says "Thriving or better" too."""
    client.force_login(people[Role.VIEWER])
    html = _text(client.get(reverse("voice:overview", args=[answered_on_six.pk])).content)
    assert "(Thriving or better on this assessment's scale)" in html
    assert "Strengthening" not in html


@pytest.mark.django_db
def test_a_signed_off_report_keeps_the_words_frozen_at_sign_off(
    client, answered_on_six, people, six_levels, tmp_path
):
    """Renaming the level after sign-off changes neither the report nor its PDF nor the pack."""
    submit(user=people[Role.LEAD], assessment=answered_on_six)
    signed = sign_off(user=people[Role.APPROVER], assessment=answered_on_six)
    RatingLevel.objects.filter(scale=six_levels, value=5).update(label="Renamed later")
    client.force_login(people[Role.VIEWER])
    html = _text(client.get(reverse("assessments:report", args=[signed.pk])).content)
    assert "the team rates Thriving or better: NV-06" in html
    assert "Renamed later" not in html
    args = [signed.service.partnership.slug, signed.principle_set.slug]
    pack = _text(client.get(reverse("assessments:board_pack", args=args)).content)
    assert "the team rates Thriving or better: NV-06" in pack
    path = tmp_path / "report.pdf"
    path.write_bytes(client.get(reverse("assessments:report_pdf", args=[signed.pk])).content)
    assert "Thriving or better" in " ".join(pdf_text(path).split())


@pytest.mark.django_db
def test_the_default_scale_still_reads_strengthening_or_better(client, draft, people):
    """On the default 1 to 5 scale the words are unchanged: "Strengthening or better"."""
    lead = people[Role.LEAD]
    complete(user=lead, assessment=draft, value=4)
    feedback_round = open_round(user=lead, assessment=draft)
    for n in range(6):
        respond(feedback_round=feedback_round, by_code={"NV-06": "agree" if n == 0 else "disagree"})
    client.force_login(people[Role.VIEWER])
    html = _text(client.get(reverse("assessments:report", args=[draft.pk])).content)
    assert "the team rates Strengthening or better: NV-06" in html


# Defect 3: the team table's last column cannot be misread as the agreed rating -------------


@pytest.mark.django_db
def test_the_team_table_says_not_split_beside_not_agreed_yet(client, people, service, partnership):
    """Before the team records a rating, the row reads "Not agreed yet" and "Not split",
    never "Agreed"; the column is headed "Spread"."""
    draft = agreement_phase(service, people, three_raters(partnership, people))
    client.force_login(people[Role.LEAD])
    html = _text(client.get(reverse("assessments:report", args=[draft.pk])).content)
    table = html[html.index("How the team rated each principle</caption>") :]
    table = table[: table.index("</table>")]
    assert '<th scope="col">Spread</th>' in table and '<th scope="col">Team</th>' not in table
    nv01 = re.search(r"NV-01 .*?</tr>", table).group(0)
    assert "<td>Not agreed yet</td>" in nv01 and "<td>Not split</td>" in nv01
    nv02 = re.search(r"NV-02 .*?</tr>", table).group(0)
    assert "<td><strong>Split</strong></td>" in nv02
    assert "<td>Agreed</td>" not in table
