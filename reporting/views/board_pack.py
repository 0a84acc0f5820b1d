"""A partnership's board pack against one principle set: page, PDF and spreadsheets.

Every member of the partnership, whatever their role, may read these; anyone else
gets "Page not found", as does an unknown principle set.
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from assessments.models import Assessment
from partnerships.selectors import partnership_get
from principles.selectors import principle_set_get

from .. import board_pack, exports
from ..documents import board_pack_filename, board_pack_html, partnership_answers_filename
from .downloads import attachment, pdf_download
from .reports import SPREADSHEET_TYPES


def _pack(request, slug, set_slug, **paging) -> board_pack.BoardPack:
    partnership = partnership_get(user=request.user, slug=slug)
    principle_set = principle_set_get(slug=set_slug)
    return board_pack.build_board_pack(
        partnership, principle_set, chosen=request.GET.getlist("assessment"), **paging
    )


# Services in each page of the page's headline scores, chart, heat map and follow-through
# (the PDF and spreadsheets have them all): a hundred services by a hundred and twenty
# principles is more than anyone reads on screen.
HEAT_MAP_SERVICES = 10


def board_pack_page(request, slug, set_slug):
    pack = _pack(request, slug, set_slug, per_page=HEAT_MAP_SERVICES, page=request.GET.get("page"))
    other_sets = [
        s for s in board_pack.assessed_sets(pack.partnership) if s.pk != pack.principle_set.pk
    ]
    page = pack.heat_page
    # The headline scores list services with no assessment too, so they have pages of their
    # own, turned by the same page number.
    headline_paginator = Paginator(pack.services, HEAT_MAP_SERVICES)
    headline_page = headline_paginator.get_page(request.GET.get("page"))
    context = {
        "pack": pack,
        "other_sets": other_sets,
        "headline_page": headline_page,
        "headline_page_numbers": headline_paginator.get_elided_page_range(
            headline_page.number, on_each_side=1
        ),
        "heat_page": page,
        # "Choose assessments" only when a service has an assessment against the set to choose.
        "choosable": any(summary.choices for summary in pack.services),
        # Follow-through lists the heat map's page of services, and says so.
        "services_note": (
            f"The tables show {page.paginator.per_page} services at a time, as the scores by "
            f"principle do: services {page.start_index()} to {page.end_index()} of "
            f"{page.paginator.count}. The PDF has every service."
            if page.has_other_pages()
            else ""
        ),
        "page_numbers": page.paginator.get_elided_page_range(page.number, on_each_side=1),
        "heat_rows": page.object_list,
        # The chosen assessments, kept by the page links.
        "query": pack.query_string[1:] + "&" if pack.chosen_ids else "",
    }
    return render(request, "reports/board_pack.html", context)


def board_pack_pdf(request, slug, set_slug):
    pack = _pack(request, slug, set_slug)
    page = reverse("assessments:board_pack", args=[slug, set_slug]) + pack.query_string
    return pdf_download(
        request,
        html=board_pack_html(pack),
        filename=board_pack_filename(pack),
        title=f"Board pack: {pack.principle_set.short_name}, {pack.partnership.name}",
        back_url=page,
        back_label="the board pack",
    )


def partnership_export(request, slug, set_slug, fmt):
    """Every assessment of the partnership against the set, one row per rating."""
    if fmt not in SPREADSHEET_TYPES:
        raise Http404("No such format")
    partnership = partnership_get(user=request.user, slug=slug)
    principle_set = principle_set_get(slug=set_slug)
    assessments = (
        Assessment.objects.filter(service__partnership=partnership, principle_set=principle_set)
        .select_related("service__partnership", "principle_set", "rating_scale")
        .order_by("service__name", "period")
    )
    rows = exports.rows_for(assessments)
    content = (
        exports.to_csv(rows)
        if fmt == "csv"
        else exports.to_xlsx(rows, title=f"{principle_set.short_name} answers")
    )
    filename = partnership_answers_filename(partnership, principle_set, extension=fmt)
    return attachment(content, SPREADSHEET_TYPES[fmt], filename)
