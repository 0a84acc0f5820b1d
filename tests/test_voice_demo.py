"""Demo feedback: one round, about 40 responses, one statement under 5, two quotes."""

import pytest
from django.core.management import call_command

from voice.models import FeedbackAnswer, FeedbackResponse, FeedbackRound
from voice.selectors import tally_for_round
from voice.summary import people_say
from voice.we_say import voice_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, principle_sets, capsys):
    settings.DEBUG = True
    call_command("setup_demo")
    capsys.readouterr()


def test_one_open_round_with_forty_responses(demo):
    """On Riverside's submitted assessment; six entered for people by a member."""
    feedback_round = FeedbackRound.objects.select_related("assessment__service").get()
    assert feedback_round.assessment.service.partnership.slug == "riverside"
    assert feedback_round.assessment.state == "submitted"
    assert feedback_round.is_open()
    assert FeedbackResponse.objects.count() == 40
    assisted = FeedbackResponse.objects.filter(assisted=True)
    assert assisted.count() == 6 and all(r.entered_by for r in assisted)


def test_one_statement_is_under_the_threshold_and_one_principle_is_flagged(demo):
    """Carers' statement has 4 answers; NV-06 is rated 4 with fewer than half agreeing."""
    feedback_round = FeedbackRound.objects.select_related("assessment").get()
    tally = tally_for_round(feedback_round)
    suppressed = [pk for pk, counts in tally.by_principle.items() if people_say(counts).suppressed]
    assert len(suppressed) == 1
    assessment = feedback_round.assessment
    ratings = list(assessment.ratings.select_related("principle", "level"))
    report = voice_report(assessment, ratings, scale_values=assessment.frozen_scale_values)
    assert [row.team.code for row in report.flagged] == ["NV-06"]
    assert [row.team.code for row in report.rows if row.people.suppressed] == ["NV-08"]


def test_plausible_comments_two_of_them_quotable(demo):
    """A dozen or so comments, each on an answer that fits it; two quoted."""
    comments = FeedbackAnswer.objects.exclude(comment="")
    assert 10 <= comments.count() <= 20
    assert comments.filter(quotable=True).count() == 2
    assert not comments.filter(answer="does-not-apply").exists()


def test_a_second_run_changes_nothing(demo, capsys):
    """The round is created once."""
    call_command("setup_demo")
    assert FeedbackRound.objects.count() == 1
    assert FeedbackResponse.objects.count() == 40
