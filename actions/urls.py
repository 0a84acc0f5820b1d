from django.urls import path

from . import views

app_name = "actions"
urlpatterns = [
    path("partnerships/<slug:partnership_slug>/actions/", views.actions_page, name="list"),
    path(
        "partnerships/<slug:partnership_slug>/actions.<str:fmt>",
        views.actions_export,
        name="export",
    ),
    path("actions/<int:action_id>/", views.action_detail, name="detail"),
    path("actions/<int:action_id>/update/", views.action_update, name="update"),
]
