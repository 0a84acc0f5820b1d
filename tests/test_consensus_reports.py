"""Team scoring in the reports, spreadsheets, board pack and history, and its freezing."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.audit import audit_entries
from consensus.report import EXPORT_COLUMNS
from consensus.spread import spreads_for
from principles.models import RatingLevel
from reporting import exports
from reporting.documents import assessment_report_html
from tests import builders
from tests import team_builders as team
from tests.pdftext import pdf_text
from tests.team_data import (
    SECRET,
    agreed_and_submitted,
    agreement_phase,
    individual_phase,
    three_raters,
)

pytestmark = pytest.mark.django_db

RULE = "at least a third of its ratings (rounded up"


@pytest.fixture
def raters(partnership, people):
    return three_raters(partnership, people)


@pytest.fixture
def submitted_team(service, people, raters):
    return agreed_and_submitted(service, people, raters)


def get(client, user, name, *args):
    client.force_login(user)
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response


def test_the_report_page_shows_the_spread_and_where_the_team_disagreed(
    client, people, submitted_team
):
    """Viewers read each principle's spread, the split one, the note and the rule; no names."""
    response = get(client, people["viewer"], "assessments:report", submitted_team.pk)
    content = response.content.decode()
    assert "How the team rated each principle" in content
    assert "Where the team disagreed" in content
    assert "split on 1 of 12 principles" in content
    assert "3 ratings: median 3 – Growing, range 1 – Not evident to 5 – Embedded, split" in content
    assert "The pilot&#x27;s results came after the individual ratings." in content
    assert RULE in content
    assert "Priya Shah" not in content  # rationales without names
    assert "Priya on NV-02" in content
    team = response.context["report"].team
    assert [row.spread.verdict for row in team.rows[:4]] == [
        "Agreed",
        "Split",
        "Agreed",
        "No ratings",
    ]


def test_a_shared_assessment_says_nothing_about_agreement(client, people, draft):
    builders.complete(user=people["lead"], assessment=draft)
    content = get(client, people["viewer"], "assessments:report", draft.pk).content.decode()
    for words in ("How the team rated", "disagreed", "Split", RULE, "individual ratings"):
        assert words not in content, words


def test_the_report_keeps_individual_ratings_private_until_agreement(
    client, people, service, raters
):
    draft = individual_phase(service, people, raters)
    response = get(client, people["lead"], "assessments:report", draft.pk)
    content = response.content.decode()
    assert response.context["report"].team is None
    assert "Their ratings are private until the lead opens agreement" in content
    assert SECRET not in content and "Where the team disagreed" not in content


def test_the_pdf_shows_the_spread_and_the_rule(client, people, submitted_team):
    response = get(client, people["viewer"], "assessments:report_pdf", submitted_team.pk)
    text = pdf_text(response.content)
    assert "How the team rated each principle" in text
    assert "Where the team disagreed" in text
    assert "3 ratings: median 3 – Growing, range 1 – Not evident to 5 – Embedded, split" in text
    assert "at least a third of its ratings" in text
    assert "Priya Shah" not in text


def test_the_spreadsheets_have_the_spread_of_every_principle(client, people, submitted_team):
    """CSV and Excel carry the team columns; a shared assessment says one shared rating."""
    content = get(client, people["viewer"], "assessments:export", submitted_team.pk, "csv").content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    header = rows[0]
    nv02 = next(row for row in rows if row[header.index("Principle code")] == "NV-02")
    cells = dict(zip(header, nv02, strict=True))
    assert header[-len(EXPORT_COLUMNS) :] == EXPORT_COLUMNS
    assert cells["Rated by"] == "Individual ratings, then agreement"
    assert (cells["Individual ratings"], cells["Median of individual ratings"]) == ("3", "3")
    assert (cells["Lowest individual rating"], cells["Highest individual rating"]) == ("1", "5")
    assert cells["Spread"] == "Split"
    assert cells["Why the agreed rating differs from the team's ratings"].startswith("The pilot")
    xlsx = get(client, people["viewer"], "assessments:export", submitted_team.pk, "xlsx").content
    sheet = load_workbook(io.BytesIO(xlsx)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][-len(EXPORT_COLUMNS) :] == EXPORT_COLUMNS
    assert "Split" in [row[values[0].index("Spread")] for row in values[1:]]


def test_shared_and_private_rows_say_so_in_the_spreadsheet(people, draft, service, raters):
    private = individual_phase(service, people, raters, period="2027/28")
    rows = list(exports.rows_for([draft, private]))
    method = len(rows[0]) - len(EXPORT_COLUMNS)
    assert rows[0][method:] == ["One shared rating", *[""] * (len(EXPORT_COLUMNS) - 1)]
    assert rows[12][method] == "Individual ratings, then agreement"
    assert rows[12][method + 6] == "Private until agreement opens"


def test_the_board_pack_flags_split_principles_across_services(client, people, submitted_team):
    """The pack shows each split principle with its service, and says how split is decided."""
    builders.sign_off(user=people["approver"], assessment=submitted_team)
    slug = submitted_team.service.partnership.slug
    response = get(client, people["viewer"], "assessments:board_pack", slug, "national-voices")
    content = response.content.decode()
    assert [(s.service.name, row.rating.code) for s, row in response.context["pack"].split] == [
        ("Hospital discharge to assess", "NV-02")
    ]
    assert "Where teams disagreed" in content and RULE in content
    pdf = get(client, people["viewer"], "assessments:board_pack_pdf", slug, "national-voices")
    text = pdf_text(pdf.content)
    assert "Where teams disagreed" in text
    assert "range 1 – Not evident to 5 – Embedded, split" in text


def test_a_signed_off_assessments_spread_never_changes(client, people, submitted_team):
    """Renaming a level later changes nothing in the signed-off report or spreadsheet."""
    signed = builders.sign_off(user=people["approver"], assessment=submitted_team)
    before = assessment_report_html(builders.reload(assessment=signed))
    RatingLevel.objects.filter(scale=signed.rating_scale).update(label="Changed by an admin")
    after = assessment_report_html(builders.reload(assessment=signed))
    assert "Changed by an admin" not in after
    strip = lambda html: html.replace("\n", "")  # noqa: E731 - dates aside, the same
    assert strip(after) == strip(before)


def test_a_returned_assessments_individual_levels_read_the_scales_words_now(
    people, submitted_team
):
    """Returned to draft, the individual ratings are no longer frozen: a level renamed then
    reads the same in the spread as in the rating choices."""
    returned = builders.return_(user=people["approver"], assessment=submitted_team)
    RatingLevel.objects.filter(scale=returned.rating_scale).update(label="Renamed")
    spreads = spreads_for([builders.reload(assessment=returned)])[returned.pk]
    answers = {r.answer for spread in spreads.values() for r in spread.ratings}
    assert answers and all(a.endswith("Renamed") or a == "Not applicable" for a in answers)


def test_the_history_tells_the_team_scoring_story_in_plain_words(people, service, raters):
    """Phases, raters, individual ratings (values once agreed), agreed ratings and notes."""
    draft = agreement_phase(service, people, raters)
    team.agree(user=people["lead"], assessment=draft, code="NV-02", value=5, note="Pilot results")
    said = [entry.summary for entry in audit_entries(draft, user=people["contributor"])]
    assert "Started the assessment" in said
    assert "Chose to have team members rate individually first, then agree the ratings" in said
    assert f"Chose {raters[2].name} to rate individually" in said
    assert any(s.startswith("Opened agreement") and "Priya Shah" in s for s in said)
    label = f"NV-01 {builders.rating_for(assessment=draft, code='NV-01').short_title}"
    assert f"Rated {label} individually as 2 – Limited: {SECRET}" in said
    assert any(s.startswith("Recorded the team's agreed rating of NV-02") for s in said)
    assert any("differs from the team's ratings: Pilot results" in s for s in said)
    viewer = [entry.summary for entry in audit_entries(draft, user=people["viewer"])]
    assert SECRET not in " ".join(viewer)
    assert any(s.startswith("Saved an individual rating of NV-01") for s in viewer)


def test_the_history_hides_values_before_agreement(people, service, raters):
    draft = individual_phase(service, people, raters)
    said = " ".join(e.summary for e in audit_entries(draft, user=people["lead"]))
    assert SECRET not in said and "individually as" not in said
    assert "Saved an individual rating of NV-01" in said


def test_the_report_says_when_agreement_opened_before_everyone_finished(
    client, people, submitted_team
):
    """Nobody had finished: the report does not claim everyone rated every principle."""
    viewer, pk = people["viewer"], submitted_team.pk
    pdf = pdf_text(get(client, viewer, "assessments:report_pdf", pk).content)
    page = get(client, viewer, "assessments:report", pk).content.decode()
    said = "3 people were asked to rate every principle privately, and none of them had finished"
    for text in (" ".join(page.split()), pdf):
        assert said in text and "rated every principle privately before" not in text


def test_the_report_says_everyone_rated_every_principle_when_they_had(
    client, people, service, raters
):
    """All three finished before the lead opened agreement."""
    draft = team.start_team(user=people["lead"], service=service)
    team.add_raters(user=people["lead"], assessment=draft, raters=raters)
    for user in raters:
        team.rate_all_individually(user=user, assessment=draft)
        team.finish(user=user, assessment=draft)
    team.open_agreement(user=people["lead"], assessment=draft)
    page = get(client, people["viewer"], "assessments:report", draft.pk).content.decode()
    assert "3 people rated every principle privately before the team agreed" in page


def test_a_signed_off_assessments_history_keeps_the_levels_words(client, people, submitted_team):
    """Renaming a level after sign-off leaves the history's sentences as recorded."""
    signed = builders.sign_off(user=people["approver"], assessment=submitted_team)
    level = RatingLevel.objects.get(scale=signed.rating_scale, value=2)
    level.label = "Renamed by an admin"
    level.save()  # through the model, as admin saves it, with history
    said = " ".join(e.summary for e in audit_entries(signed, user=people["contributor"]))
    assert "2 – Limited" in said
    assert "Renamed by an admin" not in said
