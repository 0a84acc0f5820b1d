"""Weights, check your answers and submission, return for changes, sign-off."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from .. import selectors, services
from ..forms import ReturnForm, SignOffForm, SubmitForm, WeightsForm
from ..models import AssessmentState
from .common import Allowed

CONFLICT_MESSAGE = (
    "Someone else changed this assessment after you opened the page, so your change was "
    "not saved. The page now shows the latest version: check it and try again."
)


def _state_error(request, assessment, error):
    messages.error(request, str(error))
    return redirect("assessments:overview", pk=assessment.pk)


def _transition(request, assessment, change, success: str):
    """Run a state change and go back to the task list with what happened."""
    try:
        change()
    except services.ConflictError:
        messages.error(request, CONFLICT_MESSAGE)
    except services.StateError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect("assessments:overview", pk=assessment.pk)


def weights(request, pk):
    """A lead sets this assessment's weights, with a reason for each change."""
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    if not Allowed.for_user(request.user, assessment).set_weights:
        raise PermissionDenied("Only a lead can change weights, and only in a draft.")
    ratings = selectors.ratings_for_assessment(assessment)
    conflict = False
    if request.method == "POST":
        form = WeightsForm(request.POST, ratings=ratings)
        if form.is_valid():
            try:
                services.assessment_weights_update(
                    user=request.user,
                    assessment_id=assessment.pk,
                    expected_version=form.cleaned_data["version"],
                    weights=form.weights(),
                )
            except services.ConflictError as error:
                conflict = True
                data = request.POST.copy()
                data["version"] = error.current.version
                form = WeightsForm(data, ratings=ratings)
                form.is_valid()
            except services.StateError as error:
                return _state_error(request, assessment, error)
            else:
                messages.success(request, "The weights have been saved")
                return redirect("assessments:overview", pk=assessment.pk)
    else:
        form = WeightsForm(initial={"version": assessment.version}, ratings=ratings)
    return render(
        request,
        "assessments/weights.html",
        {"assessment": assessment, "form": form, "conflict": conflict and CONFLICT_MESSAGE},
    )


def check(request, pk):
    """Check your answers; a lead submits a complete draft from here."""
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    allowed = Allowed.for_user(request.user, assessment)
    ratings = selectors.ratings_for_assessment(assessment, with_actions=True)
    tasks = selectors.task_list(ratings)
    error = None
    if request.method == "POST":
        if not allowed.submit:
            raise PermissionDenied("Only a lead can submit, and only a draft.")
        form = SubmitForm(request.POST)
        if form.is_valid():
            try:
                services.assessment_submit(
                    user=request.user,
                    assessment_id=assessment.pk,
                    expected_version=form.cleaned_data["version"],
                )
            except services.ConflictError:
                error = CONFLICT_MESSAGE
            except services.StateError as state_error:
                error = str(state_error)
            else:
                return redirect("assessments:submitted", pk=assessment.pk)
        else:
            error = CONFLICT_MESSAGE
        assessment = selectors.assessment_get(user=request.user, pk=pk)
    return render(
        request,
        "assessments/check.html",
        {
            "assessment": assessment,
            "tasks": tasks,
            "allowed": allowed,
            "error": error,
        },
    )


def submitted(request, pk):
    """Confirmation after submission."""
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    if assessment.state == AssessmentState.DRAFT:
        return redirect("assessments:overview", pk=assessment.pk)
    return render(request, "assessments/submitted.html", {"assessment": assessment})


def return_for_changes(request, pk):
    """A lead or approver sends a submitted assessment back to draft with a comment."""
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    if not Allowed.for_user(request.user, assessment).return_:
        raise PermissionDenied("Only a lead or approver can return a submitted assessment.")
    if request.method == "POST":
        form = ReturnForm(request.POST)
        if form.is_valid():
            return _transition(
                request,
                assessment,
                lambda: services.assessment_return(
                    user=request.user,
                    assessment_id=assessment.pk,
                    expected_version=form.cleaned_data["version"],
                    comment=form.cleaned_data["comment"],
                ),
                f"{assessment.title} has been returned for changes",
            )
    else:
        form = ReturnForm(initial={"version": assessment.version})
    return render(request, "assessments/return.html", {"assessment": assessment, "form": form})


def sign_off(request, pk):
    """An approver records the board's decision on a submitted assessment."""
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    if not Allowed.for_user(request.user, assessment).sign_off:
        raise PermissionDenied("Only an approver can record sign-off of a submitted assessment.")
    if request.method == "POST":
        form = SignOffForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            return _transition(
                request,
                assessment,
                lambda: services.assessment_sign_off(
                    user=request.user,
                    assessment_id=assessment.pk,
                    expected_version=data["version"],
                    body=data["body"],
                    decision=data["decision"],
                    decision_date=data["decision_date"],
                    minute_reference=data["minute_reference"],
                ),
                f"Sign-off of {assessment.title} has been recorded",
            )
    else:
        form = SignOffForm(
            initial={
                "version": assessment.version,
                "body": assessment.service.partnership.signoff_body,
            }
        )
    return render(request, "assessments/sign_off.html", {"assessment": assessment, "form": form})
