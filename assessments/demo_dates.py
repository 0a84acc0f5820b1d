"""When the demo's invented work happened, so that its dates tell one plausible story.

The services stamp what they save with the moment they save it: when an assessment was
started, submitted, returned or signed off, when each rating, action and progress update
was saved, and every history record. The demo is made in seconds, so left alone every
report would say its assessment was submitted and signed off on the day the demo was
made, months after the board's decision it records.

``DemoClock`` leaves the services to do their work, checks included, and only then moves
the times they stamped: everything saved during one step (``clock.at(moment)``) moves back
by the same amount, to the moment ``DemoTimeline`` gives it. The order within a step is
kept, so the rules that compare those times (what changed since a return, for example)
read them as they were saved. The moves are queryset updates on the demo partnership's
own rows: they change no content and write no history. A moment not yet reached on this
computer's clock is left as the time it was saved, so nothing is dated in the future.
"""

import bisect
import datetime
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Case, F, When
from django.utils import timezone

from actions.models import ActionUpdate
from consensus.models import IndividualRating, Rater
from partnerships.models import Membership, Partnership, Service
from voice.models import FeedbackAnswer, FeedbackResponse, FeedbackRound

from .models import Assessment, ImprovementAction, Rating, StoredScores

DAY = datetime.timedelta(days=1)
WEEK = datetime.timedelta(weeks=1)

# The tables whose times the demo's steps stamp, each with the way from a row to its
# partnership; their history tables follow them.
_STAMPED = (
    (Partnership, "pk"),
    (Service, "partnership"),
    (Membership, "partnership"),
    (Assessment, "service__partnership"),
    (Rating, "assessment__service__partnership"),
    (ImprovementAction, "rating__assessment__service__partnership"),
    (StoredScores, "assessment__service__partnership"),
    (ActionUpdate, "action__rating__assessment__service__partnership"),
    (Rater, "assessment__service__partnership"),
    (IndividualRating, "rater__assessment__service__partnership"),
    (FeedbackRound, "assessment__service__partnership"),
    (FeedbackResponse, "round__assessment__service__partnership"),
    (FeedbackAnswer, "response__round__assessment__service__partnership"),
)


def on(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """``day`` at ``hour``:``minute``, local time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def working_day(day: datetime.date) -> datetime.date:
    """``day``, or the Monday after it if it falls at a weekend."""
    return day + (7 - day.weekday()) * DAY if day.weekday() >= 5 else day


def spread(first: datetime.date, last: datetime.date, count: int) -> list[datetime.datetime]:
    """``count`` moments in order from ``first`` to about ``last``, on working days in
    working hours: a team's saves over a few weeks."""
    span = max((last - first).days, 0)
    moments: list[datetime.datetime] = []
    for n in range(count):
        day = working_day(first + span * n // max(count - 1, 1) * DAY)
        moment = on(day, hour=9 + (3 * n) % 8, minute=(17 * n) % 60)
        if moments and moment <= moments[-1]:  # two saves on one day, the second later
            moment = moments[-1] + datetime.timedelta(minutes=25)
        moments.append(moment)
    return moments


def period_start(period: str) -> datetime.date:
    """The first day of the year an assessment covers: 1 April 2026 for 2026/27."""
    return datetime.date(int(period[:4]), 4, 1)


@dataclass(frozen=True)
class DemoTimeline:
    """When each step of one demo partnership's assessments happened.

    Last year's assessment is dated from the board's meeting (``decision``): started in
    the last weeks of the year it covers, submitted a month before the meeting, the
    decision recorded the next working day, then progress on its actions through the
    summer and autumn. This year's are dated from the start of ``period``: started in
    September and October, submitted or returned in the autumn, and the draft that
    carries last year's answers forward started once that progress was recorded.
    """

    decision: datetime.date  # the date of the board's meeting that signed off last year's
    period: str  # this year's

    # Last year's assessment.
    @property
    def set_up(self) -> datetime.datetime:
        """The partnership, its services and its people."""
        return on(self.decision - 17 * WEEK, hour=9)

    @property
    def last_year_started(self) -> datetime.datetime:
        return on(self.decision - 15 * WEEK, hour=9, minute=30)

    def last_year_rated(self, count: int) -> list[datetime.datetime]:
        return spread(self.decision - 15 * WEEK + DAY, self.decision - 7 * WEEK, count)

    @property
    def last_year_weights(self) -> datetime.datetime:
        return on(self.decision - 6 * WEEK, hour=14)

    @property
    def last_year_summary(self) -> datetime.datetime:
        return on(self.decision - 5 * WEEK, hour=11)

    @property
    def last_year_submitted(self) -> datetime.datetime:
        """In time for the board's papers."""
        return on(self.decision - 4 * WEEK, hour=16)

    @property
    def signed_off(self) -> datetime.datetime:
        """The board's decision recorded the working day after its meeting."""
        return on(working_day(self.decision + DAY), hour=11)

    # This year's assessments.
    @property
    def carried_started(self) -> datetime.datetime:
        """After the last progress on last year's actions (``actions.demo.PROGRESS_WEEKS``),
        which it carries forward as they stand then."""
        return on(self.decision + 20 * WEEK, hour=9, minute=30)

    def carried_rated(self, count: int) -> list[datetime.datetime]:
        started = self.carried_started.date()
        return spread(started + DAY, started + 6 * DAY, count)

    def _week(self, weeks: int) -> datetime.date:
        return period_start(self.period) + weeks * WEEK

    @property
    def submitted_started(self) -> datetime.datetime:
        return on(self._week(22), hour=9, minute=30)

    def submitted_rated(self, count: int) -> list[datetime.datetime]:
        return spread(self._week(22) + DAY, self._week(28), count)

    @property
    def submitted_submitted(self) -> datetime.datetime:
        return on(self._week(29), hour=15)

    @property
    def returned_started(self) -> datetime.datetime:
        return on(self._week(23), hour=10)

    def returned_rated(self, count: int) -> list[datetime.datetime]:
        return spread(self._week(23) + DAY, self._week(29), count)

    @property
    def returned_submitted(self) -> datetime.datetime:
        return on(self._week(30), hour=16)

    @property
    def returned_returned(self) -> datetime.datetime:
        return on(self._week(31) + DAY, hour=12)

    @property
    def partial_started(self) -> datetime.datetime:
        return on(self._week(32), hour=9, minute=30)

    def partial_rated(self, count: int) -> list[datetime.datetime]:
        return spread(self._week(32) + DAY, self._week(33) + 2 * DAY, count)

    # Team scoring (consensus/demo.py): one draft in agreement, one still rated individually.
    @property
    def agreeing_started(self) -> datetime.datetime:
        return on(self._week(25), hour=11)

    def agreeing_rated(self, rater: int) -> datetime.datetime:
        """Each rater's session of individual ratings, a few days apart."""
        return on(working_day(self._week(25) + (4 + 3 * rater) * DAY), hour=10 + rater)

    @property
    def agreement_opened(self) -> datetime.datetime:
        return on(self._week(32), hour=14)

    def agreed(self, count: int) -> list[datetime.datetime]:
        return spread(self._week(32) + DAY, self._week(33), count)

    # People's voice (voice/demo.py): the submitted assessment's feedback form, opened while
    # the team rated, answered over the weeks after, and comments chosen to quote once in.
    @property
    def feedback_opened(self) -> datetime.datetime:
        return on(self._week(24), hour=9, minute=45)

    def feedback_answered(self, count: int) -> list[datetime.datetime]:
        return spread(self._week(24) + DAY, self._week(30), count)

    @property
    def feedback_quoted(self) -> datetime.datetime:
        return on(self._week(31), hour=14, minute=30)

    @property
    def part_way_started(self) -> datetime.datetime:
        return on(self._week(28), hour=11)

    def part_way_rated(self, rater: int) -> datetime.datetime:
        return on(working_day(self._week(28) + (5 + 4 * rater) * DAY), hour=10 + rater)


class DemoClock:
    """Dates what the demo saves in each step, once the partnership is made (``apply``)."""

    def __init__(self) -> None:
        # (began, ended, how far back): each step whose moment the clock has reached.
        self._steps: list[tuple[datetime.datetime, datetime.datetime, datetime.timedelta]] = []

    @contextmanager
    def at(self, moment: datetime.datetime):
        """Everything saved inside happened at ``moment`` (in the order it was saved)."""
        began = timezone.now()
        yield
        if moment < began:
            self._steps.append((began, timezone.now(), moment - began))

    def apply(self, partnership: Partnership) -> None:
        """Move the times stamped during each step on the partnership's rows to its moment:
        one update for each table and time, naming only the steps that stamped it."""
        if not self._steps:
            return
        began = [step[0] for step in self._steps]  # in order: steps follow one another
        first, last = began[0], self._steps[-1][1]
        for model, path in _tables():
            rows = model._default_manager.filter(**{path: partnership.pk})
            for field in _stamps(model):
                stamped = rows.filter(**{f"{field}__range": (first, last)})
                steps = {
                    self._steps[n]
                    for n in (
                        bisect.bisect_right(began, moment) - 1
                        for moment in stamped.values_list(field, flat=True)
                    )
                }
                if not steps:
                    continue
                moved = Case(
                    *[
                        When(**{f"{field}__range": (start, end)}, then=F(field) + back)
                        for start, end, back in sorted(steps)
                    ],
                    default=F(field),
                    output_field=model._meta.get_field(field),
                )
                stamped.update(**{field: moved})
        self._steps.clear()


def _tables():
    """Each stamped table and its way to the partnership, history tables included."""
    for model, path in _STAMPED:
        yield model, path
        if history := getattr(model, "history", None):
            yield history.model, "id" if path == "pk" else path
    yield get_user_model(), "memberships__partnership"  # the people it made, when it made them


def _stamps(model) -> list[str]:
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.DateTimeField)
    ]
