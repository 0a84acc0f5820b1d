"""Team scoring steps for tests, one step per function, through the real services.

As ``tests/builders.py``: keyword arguments only, each step reloads what it needs and
passes the current version, so roles, phases and stale saves are checked as in the app.

    draft = start_team(user=lead, service=service)
    add_raters(user=lead, assessment=draft, raters=[a, b])
    rate_individually(user=a, assessment=draft, code="NV-01", value=3)
    finish(user=a, assessment=draft)
    open_agreement(user=lead, assessment=draft, although_unfinished=True)
    agree(user=lead, assessment=draft, code="NV-01", value=3)
"""

from consensus.models import IndividualRating, Rater
from consensus.services import (
    IndividualRatingInput,
    agreement_open,
    individual_rating_update,
    rater_finish,
    raters_add,
    team_scoring_start,
)
from tests.builders import level, rate, reload, start


def start_team(*, user, service, **kwargs):
    """Start a draft that members rate individually first (``builders.start``'s arguments)."""
    draft = start(user=user, service=service, **kwargs)
    return team_scoring_start(user=user, assessment_id=draft.pk, expected_version=draft.version)


def add_raters(*, user, assessment, raters) -> list[Rater]:
    return raters_add(user=user, assessment_id=assessment.pk, user_ids=[r.pk for r in raters])


def individual_rating_for(*, rater_user, assessment, code) -> IndividualRating:
    return IndividualRating.objects.select_related("level").get(
        rater__assessment=assessment, rater__user=rater_user, rating__principle__code=code
    )


def rate_individually(
    *, user, assessment, code, value=3, rationale=None, na=False, reason=""
) -> IndividualRating:
    """Save the user's own rating of ``code``: ``value`` (None: none), and a rationale."""
    individual = individual_rating_for(rater_user=user, assessment=assessment, code=code)
    level_id = None if value is None or na else level(assessment=assessment, value=value).pk
    return individual_rating_update(
        user=user,
        individual_rating_id=individual.pk,
        expected_version=individual.version,
        answer=IndividualRatingInput(
            level_id=level_id,
            not_applicable=na,
            not_applicable_reason=reason,
            rationale=f"Rationale for {code}." if rationale is None else rationale,
        ),
    )


def rate_all_individually(*, user, assessment, value=3) -> None:
    """Rate every principle at ``value`` (an int, or {code: int} with 3 for the others)."""
    for code in assessment.ratings.values_list("principle__code", flat=True):
        chosen = value.get(code, 3) if isinstance(value, dict) else value
        rate_individually(user=user, assessment=assessment, code=code, value=chosen)


def finish(*, user, assessment) -> Rater:
    return rater_finish(user=user, assessment_id=assessment.pk)


def open_agreement(*, user, assessment, although_unfinished=False):
    return agreement_open(
        user=user,
        assessment_id=assessment.pk,
        expected_version=reload(assessment=assessment).version,
        although_unfinished=although_unfinished,
    )


def agree(*, user, assessment, code, value=3, evidence=None, note=""):
    """Record the team's agreed rating of ``code``, with a divergence ``note`` if given."""
    return rate(
        user=user,
        assessment=assessment,
        code=code,
        value=value,
        evidence=evidence,
        divergence_note=note,
    )
