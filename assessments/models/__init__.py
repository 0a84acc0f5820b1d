from .assessment import Assessment, AssessmentState, SignOffDecision
from .ratings import ActionStatus, ImprovementAction, Rating

__all__ = [
    "ActionStatus",
    "Assessment",
    "AssessmentState",
    "ImprovementAction",
    "Rating",
    "SignOffDecision",
]
