from .assessment import Assessment, AssessmentState, SignOffDecision
from .partnerships import Membership, Nation, Partnership, Role, Service
from .ratings import ActionStatus, ImprovementAction, Rating

__all__ = [
    "ActionStatus",
    "Assessment",
    "AssessmentState",
    "ImprovementAction",
    "Membership",
    "Nation",
    "Partnership",
    "Rating",
    "Role",
    "Service",
    "SignOffDecision",
]
