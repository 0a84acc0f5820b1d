from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from partnerships.permissions import Action, can, partnership_roles
from partnerships.selectors import services_for_user

from .. import services
from ..forms import StartAssessmentForm


def start(request):
    """Start a new assessment (leads only)."""
    if not any(can(request.user, Action.START, p) for p in partnership_roles(request.user)):
        raise PermissionDenied("Only a lead can start an assessment.")
    if request.method == "POST":
        form = StartAssessmentForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            assessment = services.assessment_start(
                user=request.user,
                service=data["service"],
                principle_set=data["principle_set"],
                period=data["period"],
                title=data["title"],
                carry_forward=data["carry_forward"],
            )
            messages.success(request, f"You have started {assessment.title}")
            return redirect("assessments:overview", pk=assessment.pk)
    else:
        form = StartAssessmentForm(user=request.user, initial=_initial(request))
    return render(request, "assessments/start.html", {"form": form})


def _initial(request) -> dict:
    """Preselect the service (from ?service=) and its partnership's default principles."""
    service = (
        services_for_user(request.user)
        .filter(pk=request.GET.get("service") if request.GET.get("service", "").isdigit() else None)
        .select_related("partnership")
        .first()
    )
    if service is None:
        return {}
    return {
        "service": service.pk,
        "principle_set": str(service.partnership.default_principle_set_id),
    }
