"""Addresses of the reports, board packs and spreadsheets.

``assessments/urls.py`` includes these patterns in its own namespace, so they keep
their addresses under /assessments/ and their names ("assessments:report",
"assessments:board_pack"...): people bookmark them and board papers link to them,
and templates and tests reverse those names. Moving the code into its own app
changes neither.
"""

from django.urls import path

from .views import board_pack, reports

urlpatterns = [
    path("<int:pk>/report/", reports.report, name="report"),
    path("<int:pk>/report.pdf", reports.report_pdf, name="report_pdf"),
    path("<int:pk>/answers.<str:fmt>", reports.export, name="export"),
    path(
        "partnerships/<slug:slug>/board-pack/<slug:set_slug>/",
        board_pack.board_pack_page,
        name="board_pack",
    ),
    path(
        "partnerships/<slug:slug>/board-pack/<slug:set_slug>.pdf",
        board_pack.board_pack_pdf,
        name="board_pack_pdf",
    ),
    path(
        "partnerships/<slug:slug>/answers-<slug:set_slug>.<str:fmt>",
        board_pack.partnership_export,
        name="partnership_export",
    ),
]
