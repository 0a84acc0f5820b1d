from .assessment import Assessment, AssessmentState, RatingPhase, SignOffDecision
from .ratings import CLOSED_STATUSES, ActionStatus, ImprovementAction, Rating, shown_order
from .stored_scores import StoredScores

__all__ = [
    "CLOSED_STATUSES",
    "ActionStatus",
    "Assessment",
    "AssessmentState",
    "ImprovementAction",
    "Rating",
    "RatingPhase",
    "SignOffDecision",
    "StoredScores",
    "shown_order",
]
