from .rating import ActionForm, ActionFormSet, RatingForm
from .review import ReturnForm, SignOffForm, SubmitForm, WeightsForm
from .start import StartAssessmentForm

__all__ = [
    "ActionForm",
    "ActionFormSet",
    "RatingForm",
    "ReturnForm",
    "SignOffForm",
    "StartAssessmentForm",
    "SubmitForm",
    "WeightsForm",
]
