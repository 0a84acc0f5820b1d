"""Team scoring pages, under each assessment's address."""

from django.urls import path

from .views import agreement, individual, raters, team

app_name = "consensus"
urlpatterns = [
    path("<int:pk>/team/rate-individually/", team.switch, name="switch"),
    path("<int:pk>/team/", team.team, name="team"),
    path("<int:pk>/team/raters/<int:rater_id>/remove/", raters.remove, name="remove_rater"),
    path("<int:pk>/team/open-agreement/", team.open_agreement, name="open"),
    path("<int:pk>/team/names-in-reports/", team.report_names, name="report_names"),
    path("<int:pk>/team/my-ratings/", individual.mine, name="mine"),
    path("<int:pk>/team/my-ratings/<str:code>/", individual.rate, name="rate"),
    path("<int:pk>/team/agreement/", agreement.agreement, name="agreement"),
]
