from django.shortcuts import render

from partnerships.permissions import can
from partnerships.selectors import partnerships_for_user

from .. import selectors, workflow


def dashboard(request):
    """The start page after sign-in: the user's partnerships, services and assessments."""
    assessments = selectors.dashboard_assessments(request.user)
    partnerships = list(
        partnerships_for_user(request.user)
        .select_related("default_principle_set")
        .prefetch_related("services")
    )
    by_service: dict[int, list] = {}
    for assessment in assessments:
        by_service.setdefault(assessment.service_id, []).append(assessment)
    rows = [
        {
            "partnership": partnership,
            "can_start": can(request.user, workflow.START.action, partnership.pk),
            "services": [
                {"service": service, "assessments": by_service.get(service.pk, [])}
                for service in partnership.services.all()
            ],
        }
        for partnership in partnerships
    ]
    return render(
        request,
        "assessments/dashboard.html",
        {
            "partnerships": rows,
            "attention": selectors.attention_items(request.user, assessments),
        },
    )
