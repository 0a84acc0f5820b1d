"""The audit trail of one assessment, in plain words, newest first.

A pure read. The history of the assessment, of its ratings and of their actions
(deleted actions included) is read once per table with the user who made each
change, and principle and level labels are read in bulk, so the number of queries
stays the same however many ratings, actions or changes there are.

A draft's entries name principles and levels as they were when each change was made
(``audit_as_was``); a submitted or signed-off assessment's, as frozen at submission.

Each historical record is compared with the one before it for the same object and
turned into sentences. Records that change nothing people care about, such as a
version number, a timestamp or the text frozen at submission, give no sentences.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from consensus.audit import team_changes
from consensus.models import IndividualRating

from .audit_as_was import AsAt, Wording, gaps_fill, level_text, levels_as_at, principles_as_at
from .audit_text import day, fields_changed, text_changed, with_detail
from .models import (
    ActionStatus,
    Assessment,
    AssessmentState,
    ImprovementAction,
    Rating,
    RatingPhase,
    SignOffDecision,
)
from .set_growth import ADDED_REASON, REMOVED_REASON
from .wording import CONFIRMED_REASON

# With what the lead writes for the board: its summary and ask, targets, and at submission
# why a weak principle needs no action.
ASSESSMENT_FIELDS = [
    *["state", "title", "period", "rating_phase", "report_rater_names"],
    *["lead_summary", "board_ask"],
]
RATING_FIELDS = [
    "level",
    *Rating.ANSWER_FIELDS,
    "divergence_note",
    "target_level",
    "no_action_reason",
]
ACTION_FIELDS = ["description", "owner", "due_date", "status"]

# Breaks ties between records saved at the same instant: within one service call
# the assessment is saved before its ratings and ratings before their actions.
ASSESSMENT_RANK, RATING_RANK, ACTION_RANK = 0, 1, 2


@dataclass(frozen=True)
class AuditEntry:
    when: datetime
    who: str
    summary: str


def audit_entries(assessment: Assessment, *, user=None) -> list[AuditEntry]:
    """Every change to the assessment, its ratings and its actions, newest first.

    Team scoring's raters and individual ratings too (``consensus.audit``), whose levels
    only ``user`` may be shown, once agreement has opened.
    """
    assessment_records = list(
        Assessment.history.filter(id=assessment.pk).select_related("history_user")
    )
    rating_records = list(
        Rating.history.filter(assessment_id=assessment.pk).select_related("history_user")
    )
    action_records = list(
        ImprovementAction.history.filter(
            rating_id__in=Rating.history.filter(assessment_id=assessment.pk).values("id")
        ).select_related("history_user")
    )
    words = _wording(assessment, rating_records)
    starting_points = _starting_points(assessment_records)

    changes = []  # (sort key, record, sentences)
    for record, previous in _with_previous(assessment_records):
        sentences = _assessment_sentences(record, previous, starting_points)
        changes.append((_key(record, ASSESSMENT_RANK), record, sentences))
    for record, previous in _with_previous(rating_records):
        moment = record.history_date
        label = words.principle(record.id, moment)
        ids = {record.level_id, record.target_level_id}
        if previous:
            ids |= {previous.level_id, previous.target_level_id}
        said = words.levels_at(record.id, ids, moment)
        sentences = _rating_sentences(record, previous, label, said, assessment.is_team_scored)
        changes.append((_key(record, RATING_RANK), record, sentences))
    # Actions are carried forward only from the assessment this one was started from.
    copied_from = starting_points.get(assessment.previous_id)
    for record, previous in _with_previous(action_records):
        label = words.principle(record.rating_id, record.history_date)
        sentences = _action_sentences(record, previous, label, copied_from)
        changes.append((_key(record, ACTION_RANK), record, sentences))
    changes += team_changes(assessment, user=user, words=words)

    changes.sort(key=lambda change: change[0], reverse=True)
    return [
        AuditEntry(when=record.history_date, who=_who(record), summary=sentence)
        for _, record, sentences in changes
        for sentence in sentences
    ]


def _key(record, rank: int) -> tuple:
    return (record.history_date, rank, record.history_id)


def _with_previous(records):
    """Each record with the one before it for the same object (None for the first)."""
    by_object = defaultdict(list)
    for record in records:
        by_object[record.id].append(record)
    for history in by_object.values():
        history.sort(key=lambda r: (r.history_date, r.history_id))
        yield from zip(history, [None, *history[:-1]], strict=True)


def _who(record) -> str:
    user = record.history_user
    if user is None:
        return "Unknown"
    return user.name.strip() or user.get_username() or "Unknown"


def _wording(assessment: Assessment, rating_records) -> Wording:
    """How the entries name principles and levels: a query for each, and for a submitted
    assessment's frozen words or a draft's gaps (``gaps_fill``), however many entries."""
    principles = principles_as_at(assessment.principle_set_id)
    scale = levels_as_at(assessment.rating_scale_id)
    labels, frozen_ids = _rating_labels(rating_records, principles)
    frozen = _frozen_level_words(assessment)
    levels = {
        pk: level_text(value, frozen.get(value, label)) for pk, (value, label) in scale.now.items()
    }
    # Frozen words are what the team recorded; a draft's ratings have none, so each entry
    # reads as the principle and the levels did when it was made, never as renamed since.
    as_was = frozenset({record.id for record in rating_records} - frozen_ids)
    if as_was:
        gaps_fill(principle_set_id=assessment.principle_set_id, principles=principles, levels=scale)
    return Wording(
        labels=labels,
        levels=levels,
        principles=principles,
        scale=scale,
        as_was=as_was,
        principle_of={record.id: record.principle_id for record in rating_records},
    )


def _frozen_level_words(assessment: Assessment) -> dict[int, str]:
    """Submitted or signed off: each level's words as frozen at submission on its ratings,
    as its reports read them, so an admin's later renaming is no part of what the team
    recorded. A level no rating holds now reads as the scale says."""
    if not assessment.set_text_is_frozen:
        return {}
    frozen = {"frozen_level_value__isnull": False}
    pairs = ("frozen_level_value", "frozen_level_label")
    # Targets are frozen with the levels, in the same words: read in the same query.
    targets = ("frozen_target_value", "frozen_target_label")
    rows = assessment.ratings.filter(Q(**frozen) | Q(frozen_target_value__isnull=False))
    words = {}
    for value, label, target, target_label in rows.values_list(*pairs, *targets):
        words |= {v: text for v, text in ((target, target_label), (value, label)) if v is not None}
    individual = IndividualRating.objects.filter(rater__assessment=assessment, **frozen)
    return words | dict(individual.values_list(*pairs))


def _rating_labels(rating_records, principles_now: AsAt) -> tuple[dict[int, str], set[int]]:
    """Each rating's principle as "NV-01 Person-centred", by rating id, and the ids of the
    ratings whose latest record is frozen.

    A rating whose latest record is frozen is named as it was when submitted, so
    later edits to principle text do not change a submitted assessment's trail.
    """
    principles = {
        pk: f"{code} {short_title}" for pk, (code, short_title) in principles_now.now.items()
    }
    latest = {}
    for record in rating_records:
        current = latest.get(record.id)
        if current is None or _key(record, 0) > _key(current, 0):
            latest[record.id] = record
    labels = {
        rating_id: (
            f"{record.frozen_code} {record.frozen_short_title}"
            if record.frozen_code
            else principles.get(record.principle_id, "a principle")
        )
        for rating_id, record in latest.items()
    }
    return labels, {rating_id for rating_id, record in latest.items() if record.frozen_code}


def _starting_points(assessment_records) -> dict[int, Assessment]:
    """The assessments any record says this one was started from, by id, in one query."""
    ids = {record.previous_id for record in assessment_records if record.previous_id}
    return Assessment.objects.in_bulk(ids) if ids else {}


def _started_from(assessment: Assessment | None) -> str:
    """Names the assessment copied from: only a signed-off one is ever copied."""
    if assessment is None:  # deleted since
        return ", copying answers from an earlier assessment"
    titled = assessment.title
    if assessment.period not in titled:  # the year once: "Care at home 2025/26"
        titled += f" ({assessment.period})"
    copied = f", copying answers from {titled}"
    if assessment.signoff_date:
        copied += f", signed off on {day(assessment.signoff_date)}"
    return copied


def _assessment_sentences(record, previous, starting_points: dict[int, Assessment]) -> list[str]:
    if record.history_type == "+":
        started = "Started the assessment"
        if record.previous_id:
            started += _started_from(starting_points.get(record.previous_id))
        if record.rating_phase == RatingPhase.INDIVIDUAL:
            started += ", to be rated individually first and then agreed"
        return [started]
    if record.history_type == "-":
        return ["Deleted the assessment"]
    if previous is None:
        return []
    changed = fields_changed(record, previous, ASSESSMENT_FIELDS)
    sentences = []
    if "state" in changed:
        if record.state == AssessmentState.SUBMITTED:
            sentences.append("Submitted for sign-off")
        elif record.state == AssessmentState.DRAFT:
            sentences.append(with_detail("Returned for changes", record.returned_comment))
        elif record.state == AssessmentState.SIGNED_OFF:
            sentences.append(_signed_off(record))
    if "title" in changed:
        sentences.append(f"Changed the title to {record.title}")
    if "period" in changed:
        sentences.append(f"Changed the period to {record.period}")
    if "rating_phase" in changed:
        sentences.append(_phase_sentence(record))
    if "report_rater_names" in changed:
        sentences.append(
            "Chose to show raters' names in reports"
            if record.report_rater_names
            else "Chose to leave raters' names out of reports"
        )
    if "lead_summary" in changed:
        sentences.append(
            text_changed(previous.lead_summary, record.lead_summary, "the summary for the board")
        )
    if "board_ask" in changed:
        sentences.append(
            text_changed(previous.board_ask, record.board_ask, "what the board is asked to do")
        )
    return sentences


def _phase_sentence(record) -> str:
    if record.rating_phase == RatingPhase.INDIVIDUAL:
        return "Chose to have team members rate individually first, then agree the ratings"
    unfinished = ", ".join(record.agreement_unfinished or [])
    return "Opened agreement: the team can see everyone's individual ratings" + (
        f". Not finished then: {unfinished}" if unfinished else ""
    )


def _signed_off(record) -> str:
    decisions = dict(SignOffDecision.choices)
    sentence = "Signed off"
    if record.signoff_decision in decisions:
        sentence += f": {decisions[record.signoff_decision]}"
    if record.signoff_body:
        sentence += f" by {record.signoff_body}"
    if record.signoff_date:
        sentence += f" on {day(record.signoff_date)}"
    if record.signoff_minute_reference:
        sentence += f" (minute {record.signoff_minute_reference})"
    return sentence


def _rating_sentences(
    record, previous, label: str, levels: dict[int, str], agreed: bool = False
) -> list[str]:
    """``agreed``: the rating is a team's agreed rating (team scoring)."""
    # Ratings are created with their assessment ("Started the assessment") and deleted
    # only with it, so only changes are described, and a principle added to the set later,
    # or removed again while nobody had written in it (``set_growth``): a rater's individual
    # rating of it says nothing, so this says it once.
    if record.history_type == "+" and record.history_change_reason == ADDED_REASON:
        return [f"{label} was added to the set, so this assessment now includes it (not rated yet)"]
    if record.history_type == "-" and record.history_change_reason == REMOVED_REASON:
        return [f"{label} was removed from the set, so this assessment no longer includes it"]
    if record.history_type != "~" or previous is None:
        return []
    if record.history_change_reason == CONFIRMED_REASON:
        return [f"Confirmed the rating of {label} still stands after its wording changed"]
    changed = fields_changed(record, previous, RATING_FIELDS)
    sentences = []
    if record.not_applicable and "not_applicable" in changed:
        sentences.append(
            with_detail(f"Marked {label} as not applicable", record.not_applicable_reason)
        )
    elif record.not_applicable and "not_applicable_reason" in changed:
        sentences.append(
            with_detail(f"Changed why {label} is not applicable", record.not_applicable_reason)
        )
    elif changed & {"level", "not_applicable"}:
        was = "not applicable" if previous.not_applicable else levels.get(previous.level_id)
        if record.level_id:
            rated = "Recorded the team's agreed rating of" if agreed else "Rated"
            sentence = f"{rated} {label} as {levels.get(record.level_id, 'a level')}"
            sentences.append(f"{sentence} (was {was})" if was else sentence)
        elif previous.not_applicable:
            sentences.append(f"Marked {label} as applicable")
        else:
            sentences.append(f"Removed the rating for {label} (was {was})")
    if "evidence" in changed:
        if not previous.evidence.strip():
            sentences.append(f"Added evidence for {label}")
        elif not record.evidence.strip():
            sentences.append(f"Removed the evidence for {label}")
        else:
            sentences.append(f"Changed the evidence for {label}")
    if "weight" in changed:
        sentences.append(
            with_detail(
                f"Changed the weight of {label} from {previous.weight} to {record.weight}",
                record.weight_reason,
            )
        )
    elif "weight_reason" in changed and record.weight_reason.strip():
        sentences.append(with_detail(f"Changed why {label} has its weight", record.weight_reason))
    if "divergence_note" in changed and record.divergence_note:
        sentences.append(
            f"Recorded why the agreed rating of {label} differs from the team's ratings: "
            f"{record.divergence_note}"
        )
    if "target_level" in changed:
        sentences.append(_target_sentence(record, previous, label, levels))
    if "no_action_reason" in changed:
        sentences.append(_no_action_sentence(record, previous, label))
    if not sentences and "carried_forward" in changed and not record.carried_forward:
        sentences.append(f"Kept the answer carried forward for {label}")
    return sentences


def _target_sentence(record, previous, label: str, levels: dict[int, str]) -> str:
    was = levels.get(previous.target_level_id) if previous.target_level_id else ""
    if not record.target_level_id:
        return f"Removed the target for {label} (was {was or 'a level'})"
    sentence = f"Set the target for {label} to {levels.get(record.target_level_id, 'a level')}"
    return f"{sentence} (was {was})" if was else sentence


def _no_action_sentence(record, previous, label: str) -> str:
    """Why a weak principle needs no action, given at submission (shown as the not
    applicable reason is)."""
    if not record.no_action_reason.strip():
        return f"Removed the reason why {label} needs no action"
    said = "Changed why" if previous.no_action_reason.strip() else "Said why"
    return with_detail(f"{said} {label} needs no action", record.no_action_reason)


def _action_sentences(record, previous, label: str, copied_from: Assessment | None) -> list[str]:
    """``copied_from``: the assessment this one was started from, whose open actions it
    carried forward (``carried_from``) when it started."""
    if record.history_type == "+":
        if record.carried_from_id:
            earlier = copied_from.period if copied_from else "an earlier assessment"
            added = f"Carried forward an action from {earlier} to {label}"
        else:
            added = f"Added an action to {label}"
        return [with_detail(added, record.description)]
    if record.history_type == "-":
        return [with_detail(f"Deleted an action on {label}", record.description)]
    if previous is None:
        return []
    changed = fields_changed(record, previous, ACTION_FIELDS)
    sentences = []
    if "description" in changed:
        sentences.append(with_detail(f"Changed an action on {label}", record.description))
    if "owner" in changed:
        sentences.append(f"Changed the owner of an action on {label} to {record.owner}")
    if "due_date" in changed:
        sentences.append(f"Changed the due date of an action on {label} to {day(record.due_date)}")
    if "status" in changed:
        status = dict(ActionStatus.choices).get(record.status, record.status)
        sentences.append(f"Changed the status of an action on {label} to {status}")
    return sentences
