from django.core.paginator import Paginator
from django.shortcuts import render

from partnerships.permissions import Action, can
from partnerships.selectors import partnerships_for_user
from reporting.headlines import latest_signed_off

from .. import selectors, workflow

# Services shown on each page of the dashboard, across the user's partnerships. Nobody
# reads a hundred services' tables at once; the board pack has every service's headline.
SERVICES_PER_PAGE = 10


def dashboard(request):
    """The start page after sign-in: the user's partnerships, services and assessments,
    ten services a page; what needs the user's attention is listed in full on every page."""
    partnerships = list(
        partnerships_for_user(request.user)
        .select_related("default_principle_set")
        .prefetch_related("services")
    )
    # Every service in order, numbered within its partnership; a partnership without any
    # takes one place, to say so.
    places = [
        (partnership, number, service)
        for partnership in partnerships
        for number, service in enumerate(partnership.services.all() or [None], start=1)
    ]
    paginator = Paginator(places, SERVICES_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    shown = [service.pk for _, _, service in page.object_list if service is not None]
    assessments = selectors.dashboard_assessments(request.user, service_ids=shown)
    by_service: dict[int, list] = {}
    for assessment in assessments:
        by_service.setdefault(assessment.service_id, []).append(assessment)
    rows = []
    for partnership, number, service in page.object_list:
        if not rows or rows[-1]["partnership"] is not partnership:
            rows.append(
                {
                    "partnership": partnership,
                    "can_start": can(request.user, workflow.START.action, partnership.pk),
                    "can_manage_team": can(request.user, Action.MANAGE_TEAM, partnership.pk),
                    "services": [],
                    "service_count": len(partnership.services.all()),
                    "first": number,
                }
            )
        if service is not None:
            rows[-1]["services"].append(
                {"service": service, "assessments": by_service.get(service.pk, [])}
            )
            rows[-1]["last"] = number
    for row in rows:  # a partnership whose services are not all on this page says so
        shown = (row["first"], row.get("last"))
        row["partial"] = bool(row["services"]) and shown != (1, row["service_count"])
    attention = selectors.attention_items(request.user, assessments)
    return render(
        request,
        "assessments/dashboard.html",
        {
            "partnerships": rows,
            "attention": attention,
            # Each shown service's latest signed-off headline: first for people with
            # nothing to do here, such as board members.
            "headlines": _headlines(rows),
            "headlines_first": not any(attention.values()),
            "page": page,
            "page_numbers": paginator.get_elided_page_range(page.number, on_each_side=1),
        },
    )


def _headlines(rows) -> list:
    """Each shown partnership that has any, with its shown services' latest signed-off
    headlines, set by set (the partnership's default set first), by service within a set:
    the page has a table for each set, as sets are never compared."""
    found = latest_signed_off(item["service"].pk for row in rows for item in row["services"])

    def by_set(partnership, headlines):
        def key(headline):
            principle_set = headline.assessment.principle_set
            return (
                principle_set.pk != partnership.default_principle_set_id,
                principle_set.short_name,
                principle_set.pk,
            )

        return sorted(headlines, key=key)  # stable: each set's services stay in name order

    return [
        (row["partnership"], by_set(row["partnership"], found[row["partnership"].pk]))
        for row in rows
        if row["partnership"].pk in found
    ]
