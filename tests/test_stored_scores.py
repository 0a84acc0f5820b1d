"""Signed-off assessments' scores are stored at sign-off (``StoredScores``), read by the board
pack in place of scoring every rating, and equal to scoring them live; a page never writes
them, and the release command fills in those signed off before they were stored."""

import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments import figure_selectors, read_model, score_figures, score_rows
from assessments.models import Assessment, StoredScores
from assessments.score_services import assessment_scores_store, stored_scores_fill_missing
from partnerships.models import Role
from reporting.board_pack import build_board_pack
from reporting.documents import board_pack_html
from tests.board_pack_data import hand_checked_services, pack_url, signed, unchanging
from tests.builders import complete, rate, set_targets, sign_off, start, submit
from tests.factories import ServiceFactory
from tests.team_data import agreed_and_submitted, three_raters
from tests.voice_builders import open_round, respond

pytestmark = pytest.mark.django_db


@pytest.fixture
def every_case(partnership, people, service):
    """Signed-off assessments with not applicable, an earlier one to compare with, targets
    below and above, team scoring and people's voice; and a draft with its own ratings."""
    found = hand_checked_services(partnership, people)
    lead, approver = people[Role.LEAD], people[Role.APPROVER]
    with_targets = signed(ServiceFactory(partnership=partnership, name="Delta"), people, "2026/27")
    team = sign_off(
        user=approver,
        assessment=agreed_and_submitted(service, people, three_raters(partnership, people)),
    )
    voiced = signed(ServiceFactory(partnership=partnership, name="Epsilon"), people, "2025/26")
    draft = found["alpha_draft"]
    rate(user=lead, assessment=draft, code="NV-04", value=None, na=True, reason="No children.")
    set_targets(user=lead, assessment=draft, targets={"NV-03": 5, "NV-05": 4})
    return {
        **found,
        "with_targets": with_targets,
        "team": team,
        "voiced": voiced,
        "draft": draft,
    }


@pytest.fixture
def targets_and_voice(every_case, people):
    """A signed-off assessment below two of its targets, and one with people's voice."""
    lead, approver = people[Role.LEAD], people[Role.APPROVER]
    service = every_case["with_targets"].service
    later = _signed_with(service, lead, approver, "2027/28", targets={"NV-01": 5, "NV-02": 2})
    voiced_service = every_case["voiced"].service
    voiced = _start(lead, voiced_service, "2026/27")
    complete(user=lead, assessment=voiced, value=4)
    feedback_round = open_round(user=lead, assessment=voiced)
    for n in range(3):
        respond(feedback_round=feedback_round, by_code={"NV-06": "disagree" if n else "agree"})
    submit(user=lead, assessment=voiced)
    voiced = sign_off(user=approver, assessment=voiced)
    return {**every_case, "targeted": later, "voiced": voiced}


def _start(lead, service, period):
    return start(user=lead, service=service, period=period)


def _signed_with(service, lead, approver, period, *, targets):
    assessment = _start(lead, service, period)
    complete(user=lead, assessment=assessment, value=3)
    set_targets(user=lead, assessment=assessment, targets=targets)
    submit(user=lead, assessment=assessment)
    return sign_off(user=approver, assessment=assessment)


def _live(assessments) -> dict:
    """The figures of these assessments scored now, from their ratings, as JSON keeps them."""
    scored = score_rows.score_assessments(assessments, among=[])
    return {pk: json.loads(json.dumps(score_figures.figures_of(s))) for pk, s in scored.items()}


def test_sign_off_stores_the_scores_it_shows(targets_and_voice):
    """Every signed-off assessment has its figures stored, equal to scoring it now: with not
    applicable, targets below, team scoring and people's voice."""
    signed_off = Assessment.objects.filter(state="signed_off")
    stored = dict(StoredScores.objects.values_list("assessment_id", "figures"))
    assert set(stored) == set(signed_off.values_list("pk", flat=True))
    assert stored == _live(signed_off)
    below = stored[targets_and_voice["targeted"].pk]["detail"]["below_target"]
    assert [row[0] for row in below] == ["NV-01"]  # rated 3, target 5; NV-02 is above its 2
    assert stored[targets_and_voice["alpha"].pk]["summary"]["not_applicable"] == [1]  # NV-02
    assert not StoredScores.objects.filter(assessment=targets_and_voice["draft"]).exists()


def test_stored_figures_read_back_as_the_read_model_scores(targets_and_voice):
    """Overall (with the change since the previous signed-off assessment), sections and
    lowest-scoring principles read from stored figures equal the read model's."""
    shown = [
        targets_and_voice[name] for name in ("alpha", "beta", "team", "voiced", "targeted")
    ] + [targets_and_voice["draft"]]
    among = list(Assessment.objects.all())
    expected = read_model.score_assessments(shown, among=among)
    found = figure_selectors.figures_for(shown, among=among)
    for assessment in shown:
        score, figures = expected[assessment.pk].score, found[assessment.pk].figures
        assert figures.headline == score_figures.HeadlineScore.of(score)
        assert [group for _, group in figures.sections] == list(score.groups)
        assert [low[0] for low in figures.lowest] == [p.code for p in score.lowest_scoring]
        assert list(figures.normalised) == [p.normalised for p in score.principles]
        assert found[assessment.pk].previous == expected[assessment.pk].previous
    assert found[targets_and_voice["beta"].pk].figures.headline.change is not None


def test_only_the_scores_asked_for_are_read(targets_and_voice):
    """Given ``detail`` and ``scores``, principles' scores are read for those assessments alone;
    the others have their overall score, the same as when everything is read."""
    shown = [targets_and_voice[name] for name in ("alpha", "beta", "team", "targeted")]
    among = list(Assessment.objects.all())
    everything = figure_selectors.figures_for(shown, among=among)
    detail, scores = [shown[0].pk], [shown[1].pk]
    found = figure_selectors.figures_for(shown, among=among, detail=detail, scores=scores)
    for assessment in shown:
        figures, full = found[assessment.pk].figures, everything[assessment.pk].figures
        assert figures.headline == full.headline and figures.columns == full.columns
        if assessment.pk in detail + scores:
            assert figures.normalised == full.normalised
            assert figures.not_applicable == full.not_applicable
        else:
            assert figures.normalised is None
        assert (figures.sections is None) == (assessment.pk not in detail)
    assert found[shown[0].pk].figures.sections == everything[shown[0].pk].figures.sections


def test_board_pack_is_the_same_with_and_without_stored_figures(client, targets_and_voice, people):
    """The page (default and with a draft chosen) and the PDF's HTML do not change when the
    figures are scored live instead of read as stored."""
    partnership = targets_and_voice["alpha"].service.partnership
    client.force_login(people[Role.VIEWER])
    draft = targets_and_voice["draft"]
    chosen = {"assessment": [draft.pk]}

    def everything():
        return [
            unchanging(client.get(pack_url(partnership)).content),
            unchanging(client.get(pack_url(partnership), chosen).content),
            board_pack_html(
                build_board_pack(partnership, targets_and_voice["alpha"].principle_set)
            ),
        ]

    stored = everything()
    assert "Where teams disagreed" in stored[0] and "We say, people say" in stored[0]
    assert "Services below their targets" in stored[2] and "N/A" in stored[2]
    StoredScores.objects.all().delete()
    for live, kept in zip(everything(), stored, strict=True):
        assert live.splitlines() == kept.splitlines()


def test_a_page_never_writes_stored_figures(client, targets_and_voice, people):
    """Without stored figures the page scores in memory and stores nothing."""
    StoredScores.objects.all().delete()
    client.force_login(people[Role.VIEWER])
    partnership = targets_and_voice["alpha"].service.partnership
    with CaptureQueriesContext(connection) as queries:
        assert client.get(pack_url(partnership)).status_code == 200
    assert not StoredScores.objects.exists()
    writes = [q["sql"] for q in queries if "storedscores" in q["sql"].lower()]
    assert writes and all(sql.lstrip().upper().startswith("SELECT") for sql in writes), writes


def test_drafts_are_scored_live(client, every_case, people):
    """A chosen draft shows its ratings as they are now, changed after the last request."""
    partnership = every_case["alpha"].service.partnership
    draft, lead = every_case["draft"], people[Role.LEAD]
    client.force_login(people[Role.VIEWER])

    def alpha_row():
        pack = client.get(pack_url(partnership), {"assessment": draft.pk}).context["pack"]
        (alpha,) = [s for s in pack.included if s.assessment.pk == draft.pk]
        return alpha.score

    before = alpha_row()
    rate(user=lead, assessment=draft, code="NV-05", value=1)
    after = alpha_row()
    assert after.rated_count == before.rated_count + 1
    assert after.weighted_score != before.weighted_score


def test_release_fills_in_missing_figures_once(every_case, capsys):
    """Assessments signed off before scores were stored, and figures of an older shape, are
    stored by the release command; a second run stores nothing and is quick."""
    StoredScores.objects.filter(assessment=every_case["beta"]).delete()
    StoredScores.objects.filter(assessment=every_case["alpha"]).update(figures={"version": 0})
    wanted = _live(Assessment.objects.filter(state="signed_off"))
    call_command("release", verbosity=0)
    assert "Stored the scores of 2 signed-off assessments." in capsys.readouterr().out
    assert dict(StoredScores.objects.values_list("assessment_id", "figures")) == wanted
    with CaptureQueriesContext(connection) as queries:
        assert stored_scores_fill_missing() == 0
    assert len(queries) <= 3  # the atomic block and one read


def test_only_signed_off_scores_are_stored(every_case):
    with pytest.raises(ValueError, match="signed-off"):
        assessment_scores_store(assessment=every_case["draft"])


def test_stored_scores_say_whose_they_are(every_case):
    stored = StoredScores.objects.get(assessment=every_case["alpha"])
    assert str(stored) == f"Scores of assessment {every_case['alpha'].pk}"


@pytest.mark.parametrize("stored", [True, False])
def test_page_queries_do_not_grow_with_services(client, partnership, people, stored):
    """The page makes the same number of queries for 3 services as for 13 (two pages),
    with figures stored or, before the release fills them in, scored live."""
    client.force_login(people[Role.VIEWER])
    counts = []
    for size, added in ((3, 3), (13, 10)):
        for n in range(added):
            service = ServiceFactory(partnership=partnership, name=f"Service {size}-{n:02}")
            signed(service, people, "2025/26")
            signed(service, people, "2026/27", level=4)
        if not stored:
            StoredScores.objects.all().delete()
        for page in (1, 2):
            client.get(pack_url(partnership), {"page": page})
            with CaptureQueriesContext(connection) as queries:
                response = client.get(pack_url(partnership), {"page": page})
            assert response.status_code == 200
            counts.append(len(queries))
        assert len(response.context["pack"].included) == size
    assert len(set(counts)) == 1, counts
