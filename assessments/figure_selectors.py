"""Many assessments' figures for pages that list many services (the board pack).

Signed-off assessments' figures are read as stored at sign-off (``StoredScores``); drafts,
and signed-off assessments stored before there were stored scores, are scored here, in
memory, with the same rules (``score_rows``) and never written: a page never writes. The
``release`` command fills in the missing ones (``score_services.stored_scores_fill_missing``).

A fixed number of queries however many assessments: the stored figures of every one (two:
a few values of each, then everything about those a page shows in full), and for those
scored here the levels of drafts' scales and their ratings.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.db.models.fields.json import KT

from . import score_figures, score_rows
from .bands import Bands
from .models import Assessment, StoredScores
from .read_model import bands_for, previous_signed_off, scales_for
from .scoring import ScaleInput


@dataclass(frozen=True)
class ScoredFigures:
    """One assessment's figures, compared with ``previous`` (its previous signed-off
    assessment, or None when there is none or it was on another scale)."""

    assessment: Assessment
    figures: score_figures.Figures
    scale: ScaleInput
    bands: Bands
    previous: Assessment | None = None


def figures_for(
    assessments: Iterable[Assessment],
    *,
    among: Iterable[Assessment],
    detail: Iterable[int] | None = None,
) -> dict[int, ScoredFigures]:
    """Each assessment's figures, by assessment id, as ``read_model.score_assessments``
    scores it. ``among`` holds every earlier assessment of these services against these
    sets (see ``read_model.previous_signed_off``). Sections, lowest-scoring principles and
    targets are read for the assessments in ``detail`` only (every one when None)."""
    assessments = list(assessments)
    previous = previous_signed_off(assessments, among=among)
    everything = {a.pk: a for a in [*assessments, *filter(None, previous.values())]}
    scales = scales_for(everything.values())
    bands = bands_for(assessments, scales)
    wanted = set(everything) if detail is None else set(detail)

    figures = _stored([pk for pk, a in everything.items() if a.is_signed_off], wanted)
    missing = [a for pk, a in everything.items() if pk not in figures]
    # Scored alone (``among=[]``): the figures are the assessment's own, compared below.
    for pk, scored in score_rows.score_assessments(missing, among=[]).items():
        figures[pk] = score_figures.read(score_figures.figures_of(scored))

    found = {}
    for assessment in assessments:
        scale, earlier = scales[assessment.pk], previous[assessment.pk]
        if earlier is not None and scales[earlier.pk] != scale:
            earlier = None
        mine = figures[assessment.pk]
        headline = mine.headline.compared(figures[earlier.pk].headline if earlier else None)
        found[assessment.pk] = ScoredFigures(
            assessment=assessment,
            figures=mine if headline is mine.headline else replace(mine, headline=headline),
            scale=scale,
            bands=bands[assessment.pk],
            previous=earlier,
        )
    return found


def _stored(ids: list[int], detail: set[int]) -> dict[int, score_figures.Figures]:
    """The stored figures of these assessments that have them (of this version): the summary
    of every one, then the detail of those in ``detail`` and of one assessment with each
    different list of columns (every service normally rates the same principles).

    Read as JSON text and parsed here: Django's JSON field was several times slower at a
    hundred rows."""
    if not ids:
        return {}
    summaries = {
        pk: json.loads(text)
        for pk, text in StoredScores.objects.filter(
            assessment_id__in=ids, figures__version=score_figures.VERSION
        )
        .values_list("assessment_id", KT("figures__summary"))
        .order_by()
    }
    if not summaries:
        return {}
    first_with: dict[str, int] = {}  # an assessment with each list of columns
    for pk, summary in summaries.items():
        first_with.setdefault(summary["columns_key"], pk)
    shown = {pk for pk in summaries if pk in detail}
    columns: dict[str, tuple[score_figures.Column, ...]] = {}
    details = {}
    for pk, detail_text, columns_text in (
        StoredScores.objects.filter(assessment_id__in=shown | set(first_with.values()))
        .values_list("assessment_id", KT("figures__detail"), KT("figures__columns"))
        .order_by()
    ):
        if pk in shown:
            details[pk] = json.loads(detail_text)
        key = summaries[pk]["columns_key"]
        if first_with[key] == pk:
            columns[key] = score_figures.columns_from(json.loads(columns_text))
    found = {}
    for pk, summary in summaries.items():
        figures = score_figures.summary_from(summary, columns[summary["columns_key"]])
        found[pk] = score_figures.with_detail(figures, details[pk]) if pk in shown else figures
    return found
