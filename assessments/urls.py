from django.urls import path

from .views import board_pack, history, reports, review, start, tasks

app_name = "assessments"
urlpatterns = [
    path("start/", start.start, name="start"),
    path("<int:pk>/", tasks.overview, name="overview"),
    path("<int:pk>/principles/<str:code>/", tasks.principle, name="principle"),
    path("<int:pk>/weights/", review.weights, name="weights"),
    path("<int:pk>/check/", review.check, name="check"),
    path("<int:pk>/submitted/", review.submitted, name="submitted"),
    path("<int:pk>/return/", review.return_for_changes, name="return"),
    path("<int:pk>/sign-off/", review.sign_off, name="sign_off"),
    path("<int:pk>/history/", history.history, name="history"),
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
