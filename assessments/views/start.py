import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from partnerships.permissions import partnership_ids_allowing
from partnerships.selectors import services_for_user

from .. import selectors, services, workflow
from ..errors import RefusedError
from ..forms import StartAssessmentForm
from ..one_per_period import DUPLICATE
from .common import form_again, refusal_page


def start(request):
    """Start a new assessment (leads only)."""
    leading = partnership_ids_allowing(request.user, workflow.START.action)
    if not leading:
        raise PermissionDenied("Only a lead can start an assessment.")

    def page(form):
        return render(request, "assessments/start.html", {"form": form})

    if request.method != "POST":
        form = StartAssessmentForm(user=request.user, initial=_initial(request))
    else:
        form = StartAssessmentForm(request.POST, user=request.user)
    if not form.has_services:  # a new partnership: a form with nothing to choose is no use
        return render(request, "assessments/start_no_services.html", {"several": len(leading) > 1})
    if request.method != "POST" or not form.is_valid():
        return page(form)
    data = form.cleaned_data
    try:
        assessment = services.assessment_start(
            user=request.user,
            service=data["service"],
            principle_set=data["principle_set"],
            period=data["period"],
            title=data["title"],
            carry_forward=data["carry_forward"],
            team_scoring=form.team_scoring,
        )
    except RefusedError as error:
        if error.code == DUPLICATE:  # started a moment ago (a double click, another tab)
            return _existing(request, data, error)
        return refusal_page(
            request,
            error,
            again=lambda e: page(
                form_again(StartAssessmentForm, request.POST, e, user=request.user)
            ),
        )
    messages.success(request, f"You have started {assessment.title}")
    if assessment.is_team_scored:
        return redirect("consensus:team", pk=assessment.pk)  # next: choose the raters
    return redirect("assessments:overview", pk=assessment.pk)


def _existing(request, data, error):
    """The assessment that was started first, saying no second one was started."""
    existing = (
        selectors.assessments_for_user(request.user)
        .filter(service=data["service"], principle_set=data["principle_set"], period=data["period"])
        .first()
    )
    if existing is None:  # not one this user may see: say why on the dashboard
        messages.error(request, error.message)
        return redirect("home")
    messages.info(request, f"{error.message}, so no new one was started: this is it.")
    return redirect("assessments:overview", pk=existing.pk)


# A database id as typed in an address: 0 to 9 only, as isdigit() also accepts "²" and
# other scripts' digits, which int() refuses or reads as another number.
_ID = re.compile(r"[0-9]{1,18}")


def _initial(request) -> dict:
    """Preselect the service (from ?service=) and its partnership's default principles."""
    wanted = request.GET.get("service", "")
    if not _ID.fullmatch(wanted):
        return {}
    service = services_for_user(request.user).filter(pk=int(wanted))
    service = service.select_related("partnership").first()
    if service is None:
        return {}
    return {
        "service": service.pk,
        "principle_set": str(service.partnership.default_principle_set_id),
    }
