from .board import BoardSummaryForm, SubmitWithReasonsForm, TargetsForm
from .rating import ActionForm, ActionFormSet, RatingForm
from .review import ReturnForm, SignOffForm, WeightsForm
from .start import StartAssessmentForm

__all__ = [
    "ActionForm",
    "ActionFormSet",
    "BoardSummaryForm",
    "RatingForm",
    "ReturnForm",
    "SignOffForm",
    "StartAssessmentForm",
    "SubmitWithReasonsForm",
    "TargetsForm",
    "WeightsForm",
]
