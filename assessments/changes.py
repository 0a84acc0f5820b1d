"""What changed since an assessment was last returned, for the approver who sees it again.

Read from the history (django-simple-history): each rating, action and the assessment as
they were when it was returned, compared with now. A fixed number of queries however
many principles, actions or changes there are.
"""

from dataclasses import dataclass, field

from .models import ActionStatus, Assessment, ImprovementAction, Rating

RATING_ANSWER = ("level_id", "not_applicable", "not_applicable_reason")
STATUS_LABELS = dict(ActionStatus.choices)


@dataclass
class PrincipleChanges:
    code: str
    short_title: str
    sentences: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ChangesSinceReturn:
    principles: list[PrincipleChanges]
    summary_changed: bool
    board_ask_changed: bool

    @property
    def any(self) -> bool:
        return bool(self.principles or self.summary_changed or self.board_ask_changed)


def _latest_before(records, when) -> dict[int, object]:
    """The latest record of each object saved at or before ``when``."""
    found = {}
    for record in records:
        if record.history_date > when:
            continue
        current = found.get(record.id)
        if current is None or (record.history_date, record.history_id) > (
            current.history_date,
            current.history_id,
        ):
            found[record.id] = record
    return found


def changes_since_return(
    assessment: Assessment, ratings: list[Rating]
) -> ChangesSinceReturn | None:
    """None unless the assessment was returned; ``ratings`` are its ratings as displayed, with
    their actions loaded (``read_model.display_ratings(..., with_actions=True)``)."""
    when = assessment.returned_at
    if when is None:
        return None
    rating_ids = [r.pk for r in ratings]
    before_ratings = _latest_before(Rating.history.filter(id__in=rating_ids), when)
    before_actions = {
        pk: record
        for pk, record in _latest_before(
            ImprovementAction.history.filter(rating_id__in=rating_ids), when
        ).items()
        if record.history_type != "-"
    }
    before_assessment = _latest_before(Assessment.history.filter(id=assessment.pk), when).get(
        assessment.pk
    )
    levels = {
        level.pk: f"{level.value} – {level.label}" for level in assessment.rating_scale.levels.all()
    }

    principles = []
    for rating in ratings:
        changes = PrincipleChanges(code=rating.code, short_title=rating.short_title)
        before = before_ratings.get(rating.pk)
        if before is not None:
            changes.sentences += _rating_sentences(before, rating, levels)
        changes.sentences += _action_sentences(
            [a for a in before_actions.values() if a.rating_id == rating.pk],
            list(rating.actions.all()),
        )
        if changes.sentences:
            principles.append(changes)
    return ChangesSinceReturn(
        principles=principles,
        summary_changed=bool(before_assessment)
        and before_assessment.lead_summary != assessment.lead_summary,
        board_ask_changed=bool(before_assessment)
        and before_assessment.board_ask != assessment.board_ask,
    )


def _answer(record, levels) -> str:
    if record.not_applicable:
        return "not applicable"
    return levels.get(record.level_id, "not rated")


def _rating_sentences(before, now: Rating, levels) -> list[str]:
    sentences = []
    if any(getattr(before, name) != getattr(now, name) for name in RATING_ANSWER):
        sentences.append(f"Rating changed from {_answer(before, levels)} to {_answer(now, levels)}")
    if before.evidence != now.evidence:
        sentences.append("Evidence changed")
    if before.weight != now.weight:
        sentences.append(f"Weight changed from {before.weight} to {now.weight}")
    if before.target_level_id != now.target_level_id:
        sentences.append(
            f"Target changed from {levels.get(before.target_level_id, 'none')} to "
            f"{levels.get(now.target_level_id, 'none')}"
        )
    # Written again at each submission, so a lead may rewrite it after a return.
    if before.no_action_reason != now.no_action_reason:
        if not before.no_action_reason:
            sentences.append("Reason for no action added")
        elif not now.no_action_reason:
            sentences.append("Reason for no action removed")
        else:
            sentences.append("Reason for no action changed")
    return sentences


def _action_sentences(before: list, now: list[ImprovementAction]) -> list[str]:
    sentences = []
    before_by_id = {record.id: record for record in before}
    for action in now:
        old = before_by_id.pop(action.pk, None)
        if old is None:
            sentences.append(f"Action added: {action.description}")
            continue
        what = [
            label
            for name, label in (
                ("description", "wording"),
                ("owner", "owner"),
                ("due_date", "due date"),
                ("status", "status"),
            )
            if getattr(old, name) != getattr(action, name)
        ]
        if what:
            sentences.append(f"Action changed ({', '.join(what)}): {action.description}")
    for old in before_by_id.values():
        sentences.append(f"Action removed: {old.description}")
    return sentences
