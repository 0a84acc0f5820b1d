from django.urls import path

from .views import assisted, comments, members, public

app_name = "voice"
urlpatterns = [
    # Members' pages come first: "assessments" is never a token (tokens are 16 characters).
    path("assessments/<int:pk>/", members.overview, name="overview"),
    path("assessments/<int:pk>/manage/", members.manage, name="manage"),
    path("assessments/<int:pk>/poster.pdf", members.poster_pdf, name="poster"),
    path("assessments/<int:pk>/assisted/", assisted.assisted, name="assisted"),
    path("assessments/<int:pk>/comments/", comments.comments, name="comments"),
    # The public form: no sign-in, reached only through a round's token.
    path("<slug:token>/", public.start, name="start"),
    path("<slug:token>/who/", public.who, name="who"),
    path("<slug:token>/part-<int:part>/", public.questions, name="questions"),
    path("<slug:token>/check/", public.check, name="check"),
    path("<slug:token>/sent/", public.sent, name="sent"),
]
