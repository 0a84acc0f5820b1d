from .assessment import Assessment, AssessmentState, RatingPhase, SignOffDecision
from .ratings import ActionStatus, ImprovementAction, Rating

__all__ = [
    "ActionStatus",
    "Assessment",
    "AssessmentState",
    "ImprovementAction",
    "Rating",
    "RatingPhase",
    "SignOffDecision",
]
