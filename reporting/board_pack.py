"""A partnership's board pack: every service's assessment against one principle set.

Each service appears once, with its latest signed-off assessment against the set (by
period), unless a reader chose another of its assessments (``?assessment=<id>``; ids
that are not this partnership's assessments against this set are ignored). Sets are
never mixed: each service is scored on its own, with the same rules as its report
(``assessments.read_model``), and only percentages are compared across services.

Reads are done in bulk, so the number of queries does not grow with the number of
services: one for services, one for assessments, two for the figures stored at sign-off
(``assessments.figure_selectors``; drafts are scored from their ratings, one more, and the
levels of their scales), and a few for actions. The web page reads in full only the page
of services it shows, and keeps the figures across services (the heat map's columns, the
lowest-scoring principles across services) once worked out for a set of signed-off
assessments (``across_cache``: one query to read them); with those kept it reads the
figures of only the services its tables show. The PDF reads every one.

Every service's scores are read in the words frozen with its assessment, so the legend
lists each set of words with the services that use it (normally one set for all).
"""

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.utils import timezone

from assessments import figure_selectors, read_model, score_figures, score_rows, scoring
from assessments.assessment_rows import AssessmentRow, assessment_rows, row_of
from assessments.bands import Bands
from assessments.models import Assessment
from consensus.report import TeamReport, TeamRow, team_reports
from partnerships.models import Partnership, Service
from principles.models import PrincipleSet
from voice.we_say import VoiceReport, voice_reports

from . import across_cache, pack_actions, pack_chart
from .across_services import (
    Cell,
    Column,
    Legend,
    LowAcrossServices,
    cells_of,
    columns_of,
    legends,
    lowest_across_services,
)
from .follow_through import FollowThrough, follow_through


@dataclass(frozen=True)
class Section:
    """One section of the set with its weighted score; ``heading`` as shown (with "…")."""

    heading: str
    score: scoring.GroupScore


@dataclass(frozen=True)
class LowScore:
    """One of a service's lowest-scoring principles."""

    code: str
    short_title: str
    normalised: float | None


@dataclass(frozen=True, slots=True)
class ShownService:
    """A service as the pack names it: by the name frozen with the assessment shown for it
    once that was submitted, as its own report does (a signed-off report's words never
    change), else by its name now."""

    pk: int
    name: str


def _sort_name(name: str, pk: int) -> tuple[str, str, int]:
    return name.casefold(), name, pk


def shown_service(service: Service, assessment: Assessment | AssessmentRow | None) -> ShownService:
    frozen = assessment.frozen_service_name if assessment is not None else ""
    return ShownService(service.pk, frozen or service.name)


@dataclass(frozen=True)
class ServiceSummary:
    """A service and the assessment shown for it (None when it has no signed-off one): a
    model where it is shown in full (every one in the PDF), otherwise its values. On the
    web page, a service none of the page's tables show has no score or previous one."""

    service: ShownService
    assessment: Assessment | AssessmentRow | None = None
    chosen: bool = False
    previous: AssessmentRow | None = None
    score: score_figures.HeadlineScore | None = None
    # Cells, sections, lowest-scoring principles and targets: for the services a page shows
    # in full (every one in the PDF), empty for the others.
    cells: tuple[Cell, ...] = ()
    sections: tuple[Section, ...] = ()
    lowest_scoring: tuple[LowScore, ...] = ()
    below_target: tuple[score_figures.BelowTargetRow, ...] = ()
    bands: Bands = ()
    open_actions: int = 0
    overdue_actions: int = 0
    open_earlier: str = ""  # which earlier cycles open ones are from: "including 1 from 2025/26"
    choices: tuple[AssessmentRow, ...] = ()  # every assessment of the service against the set
    not_compared: Assessment | None = None  # the previous signed-off one, on another scale


@dataclass(frozen=True)
class BoardPack:
    partnership: Partnership
    principle_set: PrincipleSet
    services: list[ServiceSummary]
    columns: list[Column]
    lowest_scoring: list[LowAcrossServices]
    legends: list[Legend]
    chart: str
    chart_alt: str
    chosen_ids: tuple[int, ...]
    today: date = field(default_factory=timezone.localdate)
    # We say / people say for each shown service whose assessment asked people.
    voice: tuple[tuple[ServiceSummary, VoiceReport], ...] = ()
    # Team scoring: each shown service whose team rated individually, then agreed.
    team: tuple[tuple[ServiceSummary, TeamReport], ...] = ()
    # What happened to each service's actions, its targets, and whether it is out of date.
    follow_through: FollowThrough | None = None
    # On the web page, the page of shown services the heat map, chart and follow-through
    # show (each service on it read in full); None in the PDF, which shows every service.
    heat_page: Page | None = None

    @property
    def split(self) -> list[tuple[ServiceSummary, TeamRow]]:
        """Every principle a service's team was split on, with the service."""
        return [(summary, row) for summary, report in self.team for row in report.split]

    @property
    def included(self) -> list[ServiceSummary]:
        return [s for s in self.services if s.assessment is not None]

    @property
    def is_final(self) -> bool:
        """True when every assessment shown is signed off (so no DRAFT mark)."""
        return all(s.assessment.is_signed_off for s in self.included)

    @property
    def any_rated(self) -> bool:
        """True when any service rated any principle. The page reads it only when there is no
        lowest-scoring principle, and then it has every service's score (never kept)."""
        return any(s.score and s.score.rated_count for s in self.included)

    @property
    def has_comparison(self) -> bool:
        """True when the chart marks any previous score: of the page's services on the page."""
        charted = self.heat_page.object_list if self.heat_page else self.included
        return any(s.previous is not None for s in charted)

    @property
    def query_string(self) -> str:
        """The chosen assessments, to carry from the page to its PDF ("" for the default)."""
        return (
            "?" + urlencode([("assessment", pk) for pk in self.chosen_ids])
            if self.chosen_ids
            else ""
        )


# What the board pack never shows of an assessment, left unread: at a hundred services,
# reading every field was a tenth of the page.
UNSHOWN = (
    "agreement_unfinished",
    "agreement_opened_at",
    "lead_summary",
    "board_ask",
    "returned_comment",
    "created_at",
    "updated_at",
    "submitted_at",
)


def assessed_sets(partnership: Partnership) -> list[PrincipleSet]:
    """The principle sets the partnership has any assessment against, by title."""
    return list(
        PrincipleSet.objects.filter(assessments__service__partnership=partnership)
        .distinct()
        .order_by("title")
    )


def parse_ids(values: Iterable[str]) -> set[int]:
    """Whole numbers from the query string; anything else is ignored."""
    return {int(v) for v in values if v.isascii() and v.isdigit() and len(v) < 19}


def build_board_pack(
    partnership: Partnership,
    principle_set: PrincipleSet,
    *,
    chosen: Iterable[str] = (),
    per_page: int | None = None,
    page: str | int | None = None,
) -> BoardPack:
    """Every service's figures. With ``per_page`` (the web page), the heat map, chart and
    follow-through are for one page of the services shown (``page``, as ``Paginator`` reads
    it), and only those services are read in full; without it (the PDF), every service."""
    services = list(partnership.services.all())
    # Every assessment as a few values (to choose, compare and score). The PDF shows every
    # one in full, so reads them as models; the page only those with people's voice or team
    # scoring (below).
    mine = {"service__partnership": partnership, "principle_set": principle_set}
    full = {} if per_page is not None else _full(mine)
    assessments = (
        assessment_rows(**mine) if per_page is not None else [row_of(a) for a in full.values()]
    )
    by_service: dict[int, list[AssessmentRow]] = defaultdict(list)
    for assessment in assessments:
        by_service[assessment.service_id].append(assessment)  # oldest first

    wanted = parse_ids(chosen)
    shown: dict[int, AssessmentRow] = {}
    for service_id, items in by_service.items():
        picked = [a for a in items if a.pk in wanted]
        signed = [a for a in items if a.is_signed_off]
        if picked or signed:
            shown[service_id] = (picked or signed)[-1]  # the latest period wins

    # In the order of the names the pack shows: a signed-off assessment's service keeps the
    # name it was submitted under, so ordering by today's names would look arbitrary.
    services.sort(key=lambda s: _sort_name(shown_service(s, shown.get(s.pk)).name, s.pk))
    heat_page = headline_services = None
    if per_page is not None:
        heat_page = Paginator([s for s in services if s.pk in shown], per_page).get_page(page)
        # The headline scores' page lists services with no assessment too: its own pages.
        headline_services = Paginator(services, per_page).get_page(page).object_list
    in_full = [shown[s.pk] for s in heat_page.object_list] if heat_page else list(shown.values())
    # People's voice and team scoring list each principle: their ratings and models are read.
    with_sections = {a.pk for a in shown.values() if a.feedback_round_id or a.is_team_scored}
    # The page keeps the figures across services once worked out for a set of signed-off
    # assessments; then it reads only the figures of the services its tables show.
    kept_key = across_cache.across_key(principle_set.pk, shown.values()) if heat_page else None
    kept = across_cache.across_get(kept_key)
    figured = list(shown.values())
    if kept is not None:
        on_page = {a.pk for a in in_full} | with_sections
        on_page |= {shown[s.pk].pk for s in headline_services if s.pk in shown}
        figured = [a for a in figured if a.pk in on_page]
    # Signed-off assessments' figures as stored at sign-off, the others scored in memory;
    # the previous signed-off ones are picked from the assessments read above.
    scored = figure_selectors.figures_for(
        figured,
        among=assessments,
        detail=[a.pk for a in in_full],
        scores=() if kept is not None else None,
    )
    # The words each service's scores are read in, for the legend: every service's.
    bands = (
        read_model.bands_for(shown.values(), read_model.scales_for(shown.values()))
        if kept is not None
        else {pk: figures.bands for pk, figures in scored.items()}
    )
    # Every action of the services shown in full, read once: their open actions and the
    # follow-through are counted from it by the same rule (``pack_actions``), each service's
    # from every action still followed, not only those of the assessment shown.
    today = timezone.localdate()
    pack_read = pack_actions.pack_actions({a.service_id for a in in_full}, principle_set, today)
    followed = pack_actions.pack_followed(actions=pack_read, shown=shown, today=today)
    if heat_page is not None and with_sections:
        full = _full({"pk__in": with_sections})

    columns = (
        kept.columns
        if kept is not None
        else columns_of([scored[a.pk].figures.columns for a in shown.values()])
    )
    full_ids = {a.pk for a in in_full}
    summaries = []
    for service in services:
        assessment = shown.get(service.pk)
        choices = tuple(reversed(by_service.get(service.pk, [])))
        if assessment is None:
            summaries.append(ServiceSummary(shown_service(service, None), choices=choices))
            continue
        extra = {"chosen": assessment.pk in wanted, "choices": choices}
        if assessment.pk not in scored:  # on another page: its name, words and choices
            summaries.append(
                ServiceSummary(
                    shown_service(service, assessment),
                    assessment,
                    bands=bands[assessment.pk],
                    **extra,
                )
            )
            continue
        summaries.append(
            _summary(
                shown_service(service, assessment),
                full.get(assessment.pk, assessment),
                scored[assessment.pk],
                columns if assessment.pk in full_ids else None,
                pack_actions.open_actions(followed.get(service.pk, []), assessment),
                **extra,
            )
        )
    included = [s for s in summaries if s.assessment is not None]
    in_page = [s for s in included if s.assessment.pk in full_ids]
    if heat_page is not None:  # the same page, of the services' summaries
        heat_page = Paginator(included, per_page).page(heat_page.number)
    chart, chart_alt = pack_chart.headline_chart(partnership, principle_set, in_page)
    ratings = score_rows.rating_rows(with_sections)
    sectioned = [
        dataclasses.replace(s, assessment=full[s.assessment.pk])
        for s in included
        if s.assessment.pk in ratings
    ]
    if kept is None:
        figures = [scored[s.assessment.pk].figures for s in included]
        kept = across_cache.Across(columns, lowest_across_services(columns, figures))
        across_cache.across_keep(kept_key, kept)
    lowest = kept.lowest
    pack = BoardPack(
        partnership=partnership,
        principle_set=principle_set,
        services=summaries,
        columns=columns,
        lowest_scoring=lowest,
        legends=legends(included),
        chart=chart,
        chart_alt=chart_alt,
        chosen_ids=tuple(sorted(s.assessment.pk for s in included if s.chosen)),
        voice=_voice(sectioned, scored, ratings),
        team=_team(sectioned, ratings),
        heat_page=heat_page,
        today=today,
    )
    ft = follow_through(pack, in_page, pack_read, followed=followed)
    return dataclasses.replace(pack, follow_through=ft)


def _full(filters: dict) -> dict[int, Assessment]:
    """The assessments matching ``filters`` as models, by id, by service then period."""
    return {
        a.pk: a
        for a in Assessment.objects.filter(**filters)
        .select_related("feedback_round")  # people's voice, without another query
        .defer(*UNSHOWN)
        .order_by("service_id", "period")
    }


def _voice(included: list[ServiceSummary], scored: dict, ratings: dict) -> tuple:
    """People's voice of the shown assessments, in a fixed number of queries."""
    reports = voice_reports(
        [
            (s.assessment, ratings[s.assessment.pk], scored[s.assessment.pk].scale.values)
            for s in included
        ]
    )
    return tuple((s, reports[s.assessment.pk]) for s in included if s.assessment.pk in reports)


def _team(included: list[ServiceSummary], ratings: dict) -> tuple:
    """Team scoring of the shown assessments, in a fixed number of queries."""
    reports = team_reports([(s.assessment, ratings[s.assessment.pk]) for s in included])
    return tuple((s, reports[s.assessment.pk]) for s in included if s.assessment.pk in reports)


def _summary(
    service, assessment, scored, columns, actions: pack_actions.OpenActions, **extra
) -> ServiceSummary:
    """One service's row, scored exactly as its report is (``read_model.score_assessments``);
    its cells, sections and lowest-scoring principles only when ``columns`` are given."""
    figures = scored.figures
    detail = {}
    if columns is not None:
        detail = {
            "cells": cells_of(figures, columns, scored.bands),
            "sections": tuple(Section(heading, group) for heading, group in figures.sections),
            "lowest_scoring": tuple(LowScore(*low) for low in figures.lowest),
            "below_target": figures.below_target,
        }
    return ServiceSummary(
        service=service,
        assessment=assessment,
        previous=scored.previous,
        not_compared=scored.not_compared,
        score=figures.headline,
        bands=scored.bands,
        open_actions=actions.open,
        overdue_actions=actions.overdue,
        open_earlier=actions.earlier_words,
        **detail,
        **extra,
    )
