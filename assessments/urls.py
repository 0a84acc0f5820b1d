from django.urls import path

from reporting.urls import urlpatterns as reporting_urlpatterns

from .views import board, history, review, start, tasks, weights, wording

app_name = "assessments"
urlpatterns = [
    path("start/", start.start, name="start"),
    path("<int:pk>/", tasks.overview, name="overview"),
    path("<int:pk>/principles/<str:code>/", tasks.principle, name="principle"),
    path(
        "<int:pk>/principles/<str:code>/wording-still-stands/",
        wording.wording_confirm,
        name="wording_confirm",
    ),
    path("<int:pk>/weights/", weights.weights, name="weights"),
    path("<int:pk>/for-the-board/", board.board_summary, name="board_summary"),
    path("<int:pk>/targets/", board.targets, name="targets"),
    path("<int:pk>/check/", review.check, name="check"),
    path("<int:pk>/submitted/", review.submitted, name="submitted"),
    path("<int:pk>/return/", review.return_for_changes, name="return"),
    path("<int:pk>/sign-off/", review.sign_off, name="sign_off"),
    path("<int:pk>/history/", history.history, name="history"),
    # Reports live in the reporting app but keep their addresses and their names in
    # this namespace ("assessments:report"...), which links and bookmarks rely on.
    *reporting_urlpatterns,
]
