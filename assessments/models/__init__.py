from .assessment import Assessment, AssessmentState, RatingPhase, SignOffDecision
from .ratings import CLOSED_STATUSES, ActionStatus, ImprovementAction, Rating

__all__ = [
    "CLOSED_STATUSES",
    "ActionStatus",
    "Assessment",
    "AssessmentState",
    "ImprovementAction",
    "Rating",
    "RatingPhase",
    "SignOffDecision",
]
