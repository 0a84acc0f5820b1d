"""Team scoring in an assessment's history of changes, in plain words.

``assessments.audit`` calls ``team_changes`` and merges what it returns with the rest of
the trail. Raters and individual ratings are read in two queries however many there are;
principle and level names come from the caller, which has read them already: in a draft,
as they read when each individual rating was saved (``assessments.audit_as_was``), so an
admin renaming a code or a level later never changes what a rater was recorded choosing.

Before agreement opens the ratings are private, so the trail then says only that someone
saved an individual rating, never what it was; after, members who may see the team's
ratings read the levels and rationales too (viewers never do: they read spreads in the
reports, without names), except those of a rater the lead removed, which never count.
"""

from assessments.audit_as_was import Wording
from assessments.models import Assessment, RatingPhase
from partnerships.permissions import Action, can

from .models import IndividualRating, Rater

# After the assessment's own records (0 to 2) when saved at the same instant.
RATER_RANK, INDIVIDUAL_RANK = 3, 4
INDIVIDUAL_FIELDS = ["level", "not_applicable", "not_applicable_reason", "rationale"]


def shows_values(assessment: Assessment, user) -> bool:
    return (
        user is not None
        and assessment.rating_phase == RatingPhase.AGREEMENT
        and can(user, Action.SEE_TEAM_RATINGS, assessment.service.partnership_id)
    )


def team_changes(assessment: Assessment, *, user, words: Wording):
    """(sort key, record, sentences) for each change to the raters and their ratings.

    ``words`` names each rating's principle and its levels at each entry's moment.
    Nothing, and no queries, for a shared assessment.
    """
    if not assessment.is_team_scored:
        return []
    from assessments.audit import _key, _with_previous  # shared with the rest of the trail

    show = shows_values(assessment, user)
    raters = list(
        Rater.history.filter(assessment_id=assessment.pk).select_related("history_user", "user")
    )
    individuals = list(
        IndividualRating.history.filter(
            rater_id__in={record.id for record in raters}
        ).select_related("history_user")
    )
    # A removed rater's ratings never counted and are never shown, after agreement too.
    removed = {record.id for record in raters if record.history_type == "-"}
    changes = []
    for record, previous in _with_previous(raters):
        changes.append((_key(record, RATER_RANK), record, _rater_sentences(record, previous)))
    for record, previous in _with_previous(individuals):
        moment = record.history_date
        label = words.principle(record.rating_id, moment)
        levels = words.levels_at(record.rating_id, {record.level_id}, moment)
        shown = show and record.rater_id not in removed
        sentences = _individual_sentences(record, previous, label, levels, show=shown)
        changes.append((_key(record, INDIVIDUAL_RANK), record, sentences))
    return changes


def _rater_sentences(record, previous) -> list[str]:
    name = record.user.name or record.user.email
    if record.history_type == "+":
        return [f"Chose {name} to rate individually"]
    if record.history_type == "-":
        return [f"Removed {name} as a rater, with their individual ratings"]
    if previous is None:
        return []
    # The "Who" column names whoever saved the record: the rater themself, so the sentence
    # does not name them again. Anyone else (never, through the app) is said to have done it
    # for them.
    own = record.history_user_id is not None and record.history_user_id == record.user_id
    if record.finished_at and not previous.finished_at:
        if own:
            return ["Marked their individual ratings as finished"]
        return [f"Marked {name}'s individual ratings as finished"]
    if previous.finished_at and not record.finished_at:
        if own:
            return ["Changed an individual rating, so their ratings are no longer finished"]
        return [f"Changed one of {name}'s individual ratings, so they are no longer finished"]
    return []


def _individual_sentences(record, previous, label: str, levels, *, show: bool) -> list[str]:
    # Created empty when the rater is chosen; only saves say something.
    if record.history_type != "~" or previous is None:
        return []
    changed = set(record.diff_against(previous, included_fields=INDIVIDUAL_FIELDS).changed_fields)
    if not changed:
        return []
    if not show:
        return [f"Saved an individual rating of {label}"]
    if record.not_applicable:
        answer = "not applicable"
        why = record.not_applicable_reason
    else:
        answer = levels.get(record.level_id, "no level yet")
        why = record.rationale
    sentence = f"Rated {label} individually as {answer}"
    return [f"{sentence}: {why}" if why else sentence]
