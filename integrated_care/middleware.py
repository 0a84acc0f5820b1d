"""Request and response rules every page shares: addresses that cannot exist, and caching."""

from django.http import Http404
from django.utils.cache import patch_cache_control


class NullCharacterAddressMiddleware:
    """An address with a null character is "Page not found", whatever it names.

    No address of ours contains one, and PostgreSQL refuses a null character even in a
    comparison, so an address like /assessments/2/principles/NV-01%00/ would otherwise
    reach the database and fail there. Query strings and forms are checked where they are
    read (forms refuse null characters; see ``assessments.rules``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            raise Http404("No address contains a null character")
        return self.get_response(request)


class PrivateNoStoreMiddleware:
    """Every page and download is sent "Cache-Control: private, no-store".

    Pages show assessments, evidence and people's names: a shared computer's browser
    cache or a proxy must keep none of it, including downloads and "Preparing your PDF".
    Static files are served before this runs (WhiteNoise) and keep their long caching.
    What a view asked for besides (``never_cache``'s no-cache, max-age=0) stays; ``public``
    is replaced by ``private``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_cache_control(response, private=True, no_store=True)
        return response
