"""A partnership's board pack against one principle set: page, PDF and spreadsheets.

Every member of the partnership, whatever their role, may read these; anyone else
gets "Page not found", as does an unknown principle set.
"""

from django.http import Http404
from django.shortcuts import render

from assessments.models import Assessment

from .. import board_pack, exports
from ..documents import board_pack_filename, board_pack_html, download_name
from ..pdf import cached_pdf
from .reports import SPREADSHEET_TYPES, attachment


def _pack(request, slug, set_slug) -> board_pack.BoardPack:
    partnership = board_pack.partnership_get(user=request.user, slug=slug)
    principle_set = board_pack.principle_set_get(slug=set_slug)
    return board_pack.build_board_pack(
        partnership, principle_set, chosen=request.GET.getlist("assessment")
    )


def board_pack_page(request, slug, set_slug):
    pack = _pack(request, slug, set_slug)
    other_sets = [
        s for s in board_pack.assessed_sets(pack.partnership) if s.pk != pack.principle_set.pk
    ]
    return render(request, "reports/board_pack.html", {"pack": pack, "other_sets": other_sets})


def board_pack_pdf(request, slug, set_slug):
    pack = _pack(request, slug, set_slug)
    return attachment(
        cached_pdf(board_pack_html(pack)), "application/pdf", board_pack_filename(pack)
    )


def partnership_export(request, slug, set_slug, fmt):
    """Every assessment of the partnership against the set, one row per rating."""
    if fmt not in SPREADSHEET_TYPES:
        raise Http404("No such format")
    partnership = board_pack.partnership_get(user=request.user, slug=slug)
    principle_set = board_pack.principle_set_get(slug=set_slug)
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
    filename = download_name(partnership.name, principle_set.short_name, "answers", extension=fmt)
    return attachment(content, SPREADSHEET_TYPES[fmt], filename)
