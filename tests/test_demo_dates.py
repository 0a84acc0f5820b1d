"""The demo's dates tell one plausible story: started, rated, submitted, decided, recorded."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from actions.models import ActionUpdate
from assessments.audit import audit_entries
from assessments.models import Assessment, AssessmentState, ImprovementAction, Rating
from consensus.models import IndividualRating, Rater
from reporting.exports import COLUMNS, assessment_rows
from reporting.reports import build_report
from voice.models import FeedbackAnswer, FeedbackResponse, FeedbackRound

pytestmark = pytest.mark.django_db

LAST_YEAR = "2025/26"
DAYS, WEEKS = datetime.timedelta(days=2), datetime.timedelta(weeks=2)


@pytest.fixture
def demo(settings, principle_sets, capsys):
    """The demo data, as ``make run`` makes it."""
    settings.DEBUG = True
    call_command("setup_demo")
    capsys.readouterr()


def _day(moment: datetime.datetime) -> datetime.date:
    return timezone.localdate(moment)


def _history_dates(assessment: Assessment) -> list[datetime.datetime]:
    """When each history record of the assessment, its ratings, actions and raters was saved."""
    ratings = Rating.history.filter(assessment_id=assessment.pk)
    raters = Rater.history.filter(assessment_id=assessment.pk)
    records = [
        Assessment.history.filter(id=assessment.pk),
        ratings,
        ImprovementAction.history.filter(rating_id__in=ratings.values("id")),
        raters,
        IndividualRating.history.filter(rater_id__in=raters.values("id")),
    ]
    return [date for history in records for date in history.values_list("history_date", flat=True)]


def _stamps(assessment: Assessment) -> dict:
    return {
        "assessment": (assessment.created_at, assessment.updated_at, assessment.submitted_at),
        "history": sorted(_history_dates(assessment)),
    }


def test_every_demo_assessment_takes_time_to_move_on_and_a_second_run_moves_nothing(demo):
    """Each assessment's history starts when it was started and ends by now; this year's
    start after last year's sign-off and take weeks to be submitted, and days more to be
    returned or agreed; running the set-up again leaves every date where it was."""
    now = timezone.now()
    assessments = Assessment.objects.select_related("service")
    assert assessments.count() == 14
    for assessment in assessments:
        dates = _history_dates(assessment)
        started = assessment.created_at
        assert started <= min(dates) < started + datetime.timedelta(minutes=1), assessment.title
        assert max(dates) <= now, assessment.title
        assert started <= assessment.updated_at <= now, assessment.title
        if assessment.period == LAST_YEAR:
            continue
        signed = assessments.get(
            service__partnership=assessment.service.partnership_id,
            state=AssessmentState.SIGNED_OFF,
        )
        assert signed.signed_off_at + WEEKS < started, assessment.title
        if assessment.submitted_at:
            assert started + WEEKS < assessment.submitted_at, assessment.title
        if assessment.returned_at:
            assert assessment.submitted_at + DAYS < assessment.returned_at, assessment.title
        if assessment.agreement_opened_at:
            assert started + WEEKS < assessment.agreement_opened_at, assessment.title

    before = {a.pk: _stamps(a) for a in Assessment.objects.all()}
    call_command("setup_demo")
    assert {a.pk: _stamps(a) for a in Assessment.objects.all()} == before


def test_last_years_assessments_are_submitted_before_the_board_decided_and_recorded_after(demo):
    """Started in the year it covers, rated over weeks, submitted before the meeting and
    recorded just after it: so the report, its export and its history say."""
    signed_off = Assessment.objects.filter(state=AssessmentState.SIGNED_OFF)
    assert signed_off.count() == 2
    for assessment in signed_off:
        assert assessment.period == LAST_YEAR
        decided = assessment.signoff_date
        assert datetime.date(2025, 4, 1) <= _day(assessment.created_at)
        assert assessment.created_at < assessment.submitted_at
        assert _day(assessment.submitted_at) < decided
        assert decided <= _day(assessment.signed_off_at) <= decided + datetime.timedelta(days=7)
        # Nothing changed between the day it was submitted and the day sign-off was recorded.
        for saved in map(_day, _history_dates(assessment)):
            assert saved <= _day(assessment.submitted_at) or saved == _day(assessment.signed_off_at)

    riverside = signed_off.get(title="Hospital discharge to assess 2025/26")
    assert riverside.signoff_date == datetime.date(2026, 6, 18)
    report = build_report(riverside)
    assert report.overdue_caption == "Overdue actions when sign-off was recorded, on 19 June 2026"
    (row, *_) = assessment_rows(riverside)
    exported = dict(zip(COLUMNS, row, strict=True))
    assert exported["Submitted"] == datetime.date(2026, 5, 21)
    assert exported["Decision date"] == datetime.date(2026, 6, 18)

    glenbrae = signed_off.get(title="Care at home 2025/26")
    entries = sorted(audit_entries(glenbrae), key=lambda entry: entry.when)
    assert entries[0].summary.startswith("Started the assessment")
    assert _day(entries[0].when) == _day(glenbrae.created_at)
    submitted = next(e for e in entries if e.summary == "Submitted for sign-off")
    assert _day(submitted.when) == _day(glenbrae.submitted_at)
    assert entries[-1].summary.startswith("Signed off: Endorsed by Glenbrae Integration Joint")
    assert "on 25 June 2026" in entries[-1].summary
    assert _day(entries[-1].when) == datetime.date(2026, 6, 26)
    rated = [e.when for e in entries if e.summary.startswith("Rated ")]
    assert len({_day(when) for when in rated}) > 5  # over weeks, not in one sitting
    assert glenbrae.created_at < min(rated) and max(rated) < submitted.when


def test_progress_and_team_ratings_are_dated_between_the_steps_around_them(demo):
    """Progress on actions is recorded on the day it is about, after sign-off and before this
    year's draft carried the actions forward; team members rate in sittings days apart, after
    the draft starts and before the lead opens agreement."""
    updates = ActionUpdate.objects.select_related("action__rating__assessment")
    assert updates.count() == 6
    for update in updates:
        signed = update.action.rating.assessment
        carried = Assessment.objects.get(previous=signed)
        assert _day(update.created_at) == update.noted_on
        assert signed.signed_off_at < update.created_at < carried.created_at

    team_scored = Assessment.objects.exclude(rating_phase="shared")
    assert team_scored.count() == 4
    for assessment in team_scored:
        raters = list(Rater.objects.filter(assessment=assessment))
        assert {_day(rater.added_at) for rater in raters} == {_day(assessment.created_at)}
        saved = IndividualRating.objects.filter(rater__assessment=assessment)
        assert len({_day(rating.updated_at) for rating in saved.exclude(level=None)}) > 1
        finished = [rater.finished_at for rater in raters if rater.finished_at]
        assert finished and all(assessment.created_at < when for when in finished)
        if assessment.agreement_opened_at:
            assert max(rating.updated_at for rating in saved) < assessment.agreement_opened_at
            assert max(finished) < assessment.agreement_opened_at


def test_the_feedback_form_is_dated_from_the_autumn_the_team_rated(demo):
    """Opened while the team rated its assessment, answered over the weeks after it, quotes
    chosen once the answers were in; still open today so people can try it."""
    feedback_round = FeedbackRound.objects.select_related("assessment").get()
    assessment = feedback_round.assessment
    assert assessment.created_at < feedback_round.opened_at < assessment.submitted_at
    assert feedback_round.is_open()
    answered = sorted(FeedbackResponse.objects.values_list("created_at", flat=True))
    assert len(answered) == 40 and feedback_round.opened_at < answered[0]
    assert len({_day(when) for when in answered}) > 10  # over weeks, not in one sitting
    assert _day(answered[-1]) < timezone.localdate()
    marked = FeedbackAnswer.objects.filter(quotable=True).values_list("marked_at", flat=True)
    assert len(marked) == 2 and all(answered[-1] < when for when in marked)
    history = FeedbackRound.history.values_list("history_date", flat=True)
    assert [_day(when) for when in history] == [_day(feedback_round.opened_at)]
