"""The app's addresses plus one trivial page, the reference the page benchmark compares with.

The trivial page does what every page does before its own work: the middleware, loading
the session and the signed-in user. Anything a real page costs beyond it is its own.
"""

from django.http import HttpResponse
from django.urls import path

from integrated_care.urls import urlpatterns as app_urlpatterns


def trivial(request):
    return HttpResponse(f"Signed in as {request.user.pk}", content_type="text/plain")


urlpatterns = [path("benchmark/trivial/", trivial, name="benchmark_trivial"), *app_urlpatterns]
