"""Many assessments' figures for pages that list many services (the board pack).

Signed-off assessments' figures are read as stored at sign-off (``StoredScores``); drafts,
and signed-off assessments stored before there were stored scores, are scored here, in
memory, with the same rules (``score_rows``) and never written: a page never writes. The
``release`` command fills in the missing ones (``score_services.stored_scores_fill_missing``).

A fixed number of queries however many assessments: the stored figures of every one (two:
the overall score of each, then each principle's score and the detail only of those asked
for), and for those scored here the levels of drafts' scales and their ratings.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.db.models import Case, TextField, When
from django.db.models.fields.json import KT

from . import score_figures, score_rows
from .bands import Bands
from .models import Assessment, StoredScores
from .read_model import bands_for, like_with_like, previous_signed_off, scales_for
from .scoring import ScaleInput


@dataclass(frozen=True)
class ScoredFigures:
    """One assessment's figures, compared with ``previous`` (its previous signed-off
    assessment, or None when there is none or it was on another scale, which is then
    ``not_compared``)."""

    assessment: Assessment
    figures: score_figures.Figures
    scale: ScaleInput
    bands: Bands
    previous: Assessment | None = None
    not_compared: Assessment | None = None


def figures_for(
    assessments: Iterable[Assessment],
    *,
    among: Iterable[Assessment],
    detail: Iterable[int] | None = None,
    scores: Iterable[int] | None = None,
) -> dict[int, ScoredFigures]:
    """Each assessment's figures, by assessment id, as ``read_model.score_assessments``
    scores it. ``among`` holds every earlier assessment of these services against these
    sets (see ``read_model.previous_signed_off``). Sections, lowest-scoring principles and
    targets are read for the assessments in ``detail`` only (every one when None); each
    principle's score for those in ``detail`` and ``scores`` (every one when None). The
    overall score is always read."""
    assessments = list(assessments)
    previous = previous_signed_off(assessments, among=among)
    everything = {a.pk: a for a in [*assessments, *filter(None, previous.values())]}
    scales = scales_for(everything.values())
    bands = bands_for(assessments, scales)
    wanted = set(everything) if detail is None else set(detail)
    with_scores = None if detail is None or scores is None else wanted | set(scores)

    signed_off = [pk for pk, a in everything.items() if a.is_signed_off]
    figures = _stored(signed_off, wanted, with_scores)
    missing = [a for pk, a in everything.items() if pk not in figures]
    # Scored alone (``among=[]``): the figures are the assessment's own, compared below.
    for pk, scored in score_rows.score_assessments(missing, among=[]).items():
        figures[pk] = score_figures.read(score_figures.figures_of(scored))

    found = {}
    for assessment in assessments:
        scale = scales[assessment.pk]
        earlier, other_scale = like_with_like(previous[assessment.pk], scale, scales)
        mine = figures[assessment.pk]
        headline = mine.headline.compared(figures[earlier.pk].headline if earlier else None)
        found[assessment.pk] = ScoredFigures(
            assessment=assessment,
            figures=mine if headline is mine.headline else replace(mine, headline=headline),
            scale=scale,
            bands=bands[assessment.pk],
            previous=earlier,
            not_compared=other_scale,
        )
    return found


def _stored(
    ids: list[int], detail: set[int], scores: set[int] | None
) -> dict[int, score_figures.Figures]:
    """The stored figures of these assessments that have them (of this version): the overall
    score of every one; each principle's score of those in ``scores`` (every one when None);
    the detail of those in ``detail``; and the columns of one assessment with each different
    list of them (every service normally rates the same principles).

    Read as JSON text and parsed here: Django's JSON field was several times slower at a
    hundred rows. Two queries: the overall scores, then the rest, each value only for the
    rows that need it."""
    if not ids:
        return {}
    summaries = {
        pk: (json.loads(headline), key)
        for pk, headline, key in StoredScores.objects.filter(
            assessment_id__in=ids, figures__version=score_figures.VERSION
        )
        .values_list(
            "assessment_id", KT("figures__summary__headline"), KT("figures__summary__columns_key")
        )
        .order_by()
    }
    if not summaries:
        return {}
    first_with: dict[str, int] = {}  # an assessment with each list of columns
    for pk, (_, key) in summaries.items():
        first_with.setdefault(key, pk)
    scored = set(summaries) if scores is None else {pk for pk in summaries if pk in scores}
    shown = {pk for pk in summaries if pk in detail}
    column_ids = set(first_with.values())
    rows = scored | shown | column_ids
    columns: dict[str, tuple[score_figures.Column, ...]] = {}
    rest = {}
    for pk, normalised, not_applicable, detail_text, columns_text in (
        StoredScores.objects.filter(assessment_id__in=rows)
        .values_list(
            "assessment_id",
            _only(scored, rows, KT("figures__summary__normalised")),
            _only(scored, rows, KT("figures__summary__not_applicable")),
            _only(shown, rows, KT("figures__detail")),
            _only(column_ids, rows, KT("figures__columns")),
        )
        .order_by()
    ):
        rest[pk] = (normalised, not_applicable, detail_text)
        if columns_text is not None:
            columns[summaries[pk][1]] = score_figures.columns_from(json.loads(columns_text))
    found = {}
    for pk, (headline, key) in summaries.items():
        figures = score_figures.headline_only(headline, columns[key])
        normalised, not_applicable, detail_text = rest.get(pk, (None, None, None))
        if pk in scored:
            figures = score_figures.with_scores(
                figures, json.loads(normalised), json.loads(not_applicable)
            )
        found[pk] = (
            score_figures.with_detail(figures, json.loads(detail_text)) if pk in shown else figures
        )
    return found


def _only(ids: set[int], rows: set[int], value):
    """``value`` for the rows of these assessments, NULL for the other ``rows`` read (so not
    sent at all): the columns of a hundred and twenty principles are thousands of bytes."""
    if ids >= rows:
        return value
    return Case(When(assessment_id__in=ids, then=value), default=None, output_field=TextField())
