from django.shortcuts import render

from partnerships.permissions import Action, can
from partnerships.selectors import partnerships_for_user
from reporting.headlines import latest_signed_off

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
            "can_manage_team": can(request.user, Action.MANAGE_TEAM, partnership.pk),
            "services": [
                {"service": service, "assessments": by_service.get(service.pk, [])}
                for service in partnership.services.all()
            ],
        }
        for partnership in partnerships
    ]
    attention = selectors.attention_items(request.user, assessments)
    return render(
        request,
        "assessments/dashboard.html",
        {
            "partnerships": rows,
            "attention": attention,
            # Each service's latest signed-off headline: first for people with nothing to
            # do here, such as board members.
            "headlines": _headlines(partnerships),
            "headlines_first": not any(attention.values()),
        },
    )


def _headlines(partnerships) -> list:
    """Each partnership that has any, with its services' latest signed-off headlines."""
    found = latest_signed_off([p.pk for p in partnerships])
    return [(p, found[p.pk]) for p in partnerships if p.pk in found]
