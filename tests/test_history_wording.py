"""The history page's words: levels as every other page writes them (value, en dash, label),
no name the "Who" column already gives, and when in GOV.UK style."""

import datetime
import html
import re

import pytest
from django.urls import reverse

from assessments.audit import audit_entries
from assessments.models import Assessment, Rating
from consensus.models import Rater
from partnerships.models import Role
from tests import builders
from tests import team_builders as team

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


def summaries(assessment, user=None) -> list[str]:
    return [entry.summary for entry in audit_entries(assessment, user=user)]


def test_a_level_in_the_history_reads_value_dash_label(draft, people):
    """A rating reads "as" the level's value, an en dash and its label, with the level it
    replaced written the same way."""
    lead = people[Role.LEAD]
    builders.rate(user=lead, assessment=draft, code="NV-03", value=3, evidence="")
    builders.rate(user=lead, assessment=draft, code="NV-03", value=2, evidence="")
    assert "Rated NV-03 Outcomes people report as 3 – Growing" in summaries(draft)
    assert "Rated NV-03 Outcomes people report as 2 – Limited (was 3 – Growing)" in summaries(draft)
    assert not any(" as 3 Growing" in said or " as 2 Limited" in said for said in summaries(draft))


def test_individual_and_agreed_ratings_read_value_dash_label(individual, people, raters):
    """Once agreement opens, individual and agreed ratings are written the same way."""
    team.rate_all_individually(user=raters[0], assessment=individual, value={"NV-01": 2})
    opened = team.open_agreement(
        user=people[Role.LEAD], assessment=individual, although_unfinished=True
    )
    team.agree(user=people[Role.LEAD], assessment=opened, code="NV-01", value=2)
    said = summaries(opened, user=people[Role.LEAD])
    assert "Rated NV-01 Person-centred individually as 2 – Limited: Rationale for NV-01." in said
    assert "Recorded the team's agreed rating of NV-01 Person-centred as 2 – Limited" in said


def test_finishing_does_not_repeat_the_name_the_who_column_gives(individual, raters):
    """The rater who marks their ratings finished is in "Who"; the sentence does not name
    them again, nor when a changed rating undoes "finished"."""
    rater = raters[0]
    team.rate_all_individually(user=rater, assessment=individual)
    team.finish(user=rater, assessment=individual)
    team.rate_individually(user=rater, assessment=individual, code="NV-01", value=None)
    entries = {entry.summary: entry.who for entry in audit_entries(individual)}
    assert entries["Marked their individual ratings as finished"] == rater.name
    undone = "Changed an individual rating, so their ratings are no longer finished"
    assert entries[undone] == rater.name
    assert not any(rater.name in summary for summary in entries if "finished" in summary)


def test_finishing_recorded_by_someone_else_names_the_rater(individual, people, raters):
    """Were the record saved by anyone but the rater, the sentence says whose ratings."""
    rater = raters[0]
    team.rate_all_individually(user=rater, assessment=individual)
    team.finish(user=rater, assessment=individual)
    record = Rater.history.filter(user=rater, finished_at__isnull=False).latest("history_date")
    Rater.history.filter(history_id=record.history_id).update(history_user=people[Role.LEAD])
    assert f"Marked {rater.name}'s individual ratings as finished" in summaries(individual)


def test_the_history_page_says_when_in_govuk_style(client, draft, people):
    """The "When" column reads "4 Dec 2026 at 5:13pm": a short month for the narrow column,
    the 12-hour clock in London time, never "17:13"."""
    summer = datetime.datetime(2026, 7, 1, 4, 13, tzinfo=datetime.UTC)  # 5:13am in London
    winter = datetime.datetime(2026, 12, 4, 17, 13, tzinfo=datetime.UTC)  # London is on UTC
    builders.rate(user=people[Role.LEAD], assessment=draft, code="NV-01", value=3)
    rating = builders.rating_for(assessment=draft, code="NV-01")
    Assessment.history.filter(id=draft.pk, history_type="+").update(history_date=summer)
    Rating.history.filter(id=rating.pk, history_type="+").update(history_date=summer)
    Rating.history.filter(id=rating.pk, history_type="~").update(history_date=winter)

    client.force_login(people[Role.VIEWER])
    response = client.get(reverse("assessments:history", args=[draft.pk]))
    page = html.unescape(response.content.decode())
    assert f">4{NBSP}Dec{NBSP}2026 at{NBSP}5:13pm</time>" in page
    assert f">1{NBSP}Jul{NBSP}2026 at{NBSP}5:13am</time>" in page
    shown = re.sub(r"<[^>]+>", "", page)  # the words, not the machine-readable datetime
    assert "17:13" not in shown and "05:13" not in shown
