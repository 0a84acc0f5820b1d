"""The app's URLs as they are when Microsoft sign-in is configured (the tests' ROOT_URLCONF)."""

from accounts.oidc import oidc_urlpatterns
from integrated_care.urls import urlpatterns as app_urlpatterns

urlpatterns = [*app_urlpatterns, *oidc_urlpatterns()]
