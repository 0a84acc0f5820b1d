"""The run command's demo data is created once and never changes existing data."""

from collections import defaultdict

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from assessments.demo import DEMO_PASSWORD
from assessments.models import Assessment, AssessmentState, Rating, RatingPhase
from consensus.spread import spreads_for
from partnerships.models import Partnership, Service

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_demo(settings, capsys, principle_sets):
    """Run ``setup_demo`` as ``make run`` does and return what it printed."""
    settings.DEBUG = True

    def run():
        call_command("setup_demo")
        return capsys.readouterr().out

    return run


def _printed_logins(output):
    """(username, password) for each row of the printed table that shows the password."""
    rows = [line.split() for line in output.splitlines()]
    return [(row[0], row[1]) for row in rows if len(row) > 1 and row[1] == DEMO_PASSWORD]


def _row_counts():
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_demo_logins_work_and_a_second_run_changes_nothing(run_demo, django_user_model):
    """The printed admin login signs in, and running the set-up again keeps a changed password."""
    output = run_demo()
    assert "The app will run at http://127.0.0.1:8000/" in output
    assert f"Demo password: {DEMO_PASSWORD}" in output
    assert authenticate(username="demo-admin", password=DEMO_PASSWORD).is_superuser

    admin = django_user_model.objects.get(username="demo-admin")
    admin.set_password("changed-by-its-owner-1")
    admin.save()
    users = django_user_model.objects.count()
    assert "Already existed, so left unchanged" in run_demo()
    assert django_user_model.objects.count() == users
    assert authenticate(username="demo-admin", password="changed-by-its-owner-1")


def test_every_printed_login_signs_in_with_its_role(run_demo):
    """Each login in the printed table authenticates, one per role in each partnership."""
    output = run_demo()
    logins = _printed_logins(output)
    assert len(logins) == 11
    for username, password in logins:
        assert authenticate(username=username, password=password), username
    assert "Lead in Riverside Health and Wellbeing Board" in output
    assert "Viewer in Glenbrae Health and Social Care Partnership" in output
    assert "riverside-contributor-2@example.org" in output
    assert "glenbrae-contributor-2@example.org" in output


def test_each_partnership_has_an_assessment_in_every_state(run_demo):
    """Each partnership has drafts, a submission, a sign-off and a returned draft."""
    run_demo()
    for partnership in Partnership.objects.all():
        assessments = Assessment.objects.filter(service__partnership=partnership)
        states = set(assessments.values_list("state", flat=True))
        assert states == {
            AssessmentState.DRAFT,
            AssessmentState.SUBMITTED,
            AssessmentState.SIGNED_OFF,
        }
        assert assessments.filter(state="draft", returned_at__isnull=False).count() == 1
        assert assessments.get(state="signed_off").signoff_minute_reference
        assert partnership.services.count() == 6  # two rated individually first
        assert partnership.memberships.count() == 6  # a second contributor, and a colleague


def test_demo_ratings_include_carried_forward_na_actions_and_a_weight(run_demo):
    """The demo shows carried-forward answers, N/A reasons, actions and a changed weight."""
    run_demo()
    carried = Assessment.objects.filter(previous__isnull=False)
    assert carried.count() == 2
    assert Rating.objects.filter(assessment__in=carried, carried_forward=True).exists()
    assert not Rating.objects.filter(not_applicable=True, not_applicable_reason="").exists()
    assert Rating.objects.filter(not_applicable=True).count() >= 3
    assert Rating.objects.filter(actions__isnull=False).exclude(actions__owner="").exists()
    assert Rating.objects.exclude(weight_reason="").filter(weight__gt=1).exists()


def test_demo_evidence_is_plausible_and_the_same_on_every_run(run_demo):
    """Rated principles get two to four sentences, and a rebuilt demo gets the same text."""
    run_demo()
    rated = Rating.objects.filter(level__isnull=False).values_list("evidence", flat=True)
    assert all(2 <= len(text.split(". ")) <= 4 for text in rated)
    first = _evidence()
    Assessment.objects.all().delete()
    Service.objects.all().delete()
    Partnership.objects.all().delete()
    run_demo()
    assert _evidence() == first


def _evidence():
    return sorted(Rating.objects.values_list("assessment__title", "principle__code", "evidence"))


def test_a_second_run_creates_nothing(run_demo):
    """Running the set-up again leaves every table, history included, exactly as it was."""
    run_demo()
    before = _row_counts()
    assert before["assessments.HistoricalAssessment"] > 0
    run_demo()
    assert _row_counts() == before


def test_a_second_run_keeps_changes_people_made(run_demo):
    """A demo rating or title someone changed is not reset by running the set-up again."""
    run_demo()
    assessment = Assessment.objects.get(title="Care at home 2026/27")
    assessment.title = "Care at home review"
    assessment.save()
    rating = Rating.objects.filter(assessment__state="draft").first()
    rating.evidence = "Rewritten by the team."
    rating.save()
    run_demo()
    assessment.refresh_from_db()
    rating.refresh_from_db()
    assert assessment.title == "Care at home review"
    assert rating.evidence == "Rewritten by the team."
    assert not Assessment.objects.filter(title="Care at home 2026/27").exists()


def test_demo_needs_the_principle_sets(settings):
    """Without the principle sets the command says how to load them and creates nothing."""
    settings.DEBUG = True
    with pytest.raises(CommandError, match="load_principles"):
        call_command("setup_demo")
    assert not Partnership.objects.exists()


def test_demo_data_is_refused_in_production(settings):
    """Demo logins have a public password, so the command refuses when DEBUG is off."""
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG=true"):
        call_command("setup_demo")


def test_each_partnership_has_team_scoring_in_both_phases(run_demo):
    """Five raters part-way through one draft; another in agreement with a split principle,
    agreed ratings and a note where the agreed rating is far from the team's median."""
    run_demo()
    for partnership in Partnership.objects.all():
        assessments = Assessment.objects.filter(service__partnership=partnership)
        individual = assessments.get(rating_phase=RatingPhase.INDIVIDUAL)
        finished = [r.finished_at is not None for r in individual.raters.all()]
        assert len(finished) == 5 and any(finished) and not all(finished)
        agreeing = assessments.get(rating_phase=RatingPhase.AGREEMENT)
        assert agreeing.agreement_unfinished  # opened before everyone had finished
        spreads = spreads_for([agreeing])[agreeing.pk]
        assert any(spread.agreement.split for spread in spreads.values())
        assert agreeing.ratings.exclude(divergence_note="").count() == 1
        assert agreeing.ratings.filter(level__isnull=False).count() == 4


def test_each_no_action_reason_is_written_for_its_principle(run_demo):
    """A reason why no action is needed is never given for two different principles, and
    only the carers principle is told that the carers strategy covers it."""
    run_demo()
    codes_by_reason = defaultdict(set)
    given = Rating.objects.exclude(no_action_reason="").values_list(
        "no_action_reason", "principle__code"
    )
    for reason, code in given:
        codes_by_reason[reason].add(code)
    assert len(codes_by_reason) >= 10
    assert all(len(codes) == 1 for codes in codes_by_reason.values()), codes_by_reason
    about_carers = {
        code for reason, codes in codes_by_reason.items() if "carer" in reason for code in codes
    }
    assert about_carers == {"NV-08"}


def test_demo_prints_the_address_the_server_will_use(run_demo, settings):
    """`make run PORT=8103` passes SITE_URL, so the printed sign-in address is that port's."""
    settings.SITE_URL = "http://127.0.0.1:8103"
    output = run_demo()
    assert "The app will run at http://127.0.0.1:8103/" in output
    assert "sign in at http://127.0.0.1:8103/sign-in/" in output
