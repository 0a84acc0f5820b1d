"""The one place that runs WeasyPrint.

PDFs are tagged PDF/UA-1 documents. WeasyPrint may read only our own static files
and the charts we embed as data: addresses; every other address is refused, so
text typed into an assessment can never make the server fetch anything.
"""

import functools
import gc
import hashlib
import logging
import posixpath
import re
import ssl
import threading
from pathlib import Path
from urllib.parse import unquote, urlparse

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import caches
from django.utils import dateformat, timezone
from django_weasyprint.utils import DjangoURLFetcher, guess_content_type
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcherResponse

logger = logging.getLogger(__name__)

# Relative addresses in our templates, such as /static/css/print.css, resolve here.
BASE_URL = "file:///"
CACHE_SECONDS = 60 * 60 * 24 * 30
# PDFs and their jobs are kept in a cache of their own (settings.CACHES), which holds
# thousands before it culls any.
CACHE_ALIAS = "pdfs"
# WeasyPrint's fetcher would otherwise load the system's certificates for every PDF (25 ms
# of CPU) for HTTPS it never uses here: every address but our own files is refused. This
# context trusts no certificate at all, so HTTPS could not work even if asked for.
NO_NETWORK_TLS = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


class FetchRefused(ValueError):
    """WeasyPrint asked for something that is not one of our static files."""


def static_path(name: str) -> str | None:
    """The file on disk of one of our static files, or None.

    Source names come from the finders; the hashed names {% static %} gives in production
    exist only in the collected files.
    """
    return finders.find(name) or (
        staticfiles_storage.path(name) if staticfiles_storage.exists(name) else None
    )


class OwnStaticFilesFetcher(DjangoURLFetcher):
    """Serves our static files from disk and SVG data: addresses; refuses everything else."""

    def fetch(self, url, headers=None):
        if url.startswith("data:image/svg+xml"):
            # Our charts, embedded by the templates; handled without any network access.
            return super().fetch(url, headers)
        parsed = urlparse(url)
        static_prefix = settings.STATIC_URL
        if parsed.scheme == "file" and not parsed.netloc and parsed.path.startswith(static_prefix):
            relative = posixpath.normpath(unquote(parsed.path[len(static_prefix) :]))
            if not relative.startswith(("../", "/")) and relative != "..":
                path = static_path(relative)
                if path:
                    return URLFetcherResponse(
                        url=f"file://{path}",
                        body=open(path, "rb"),  # WeasyPrint closes it
                        headers={"Content-Type": guess_content_type(path)},
                    )
        logger.warning("Refused to fetch %s while making a PDF", url[:200])
        raise FetchRefused(f"Only the service's own static files can be used in a PDF: {url}")


# WeasyPrint otherwise makes a new font configuration for every document: Fontconfig
# loaded again, and Pango's fonts, shaping and metrics caches thrown away and filled
# again, a seventh of a report's CPU. One per thread (Pango's objects are not
# thread-safe) is kept for every PDF that thread makes. Our stylesheets have no
# @font-face rules, the one thing that would add to it from document to document.
_fonts = threading.local()


def font_configuration() -> FontConfiguration:
    """This thread's font configuration, made with its first PDF and kept."""
    if not hasattr(_fonts, "configuration"):
        _fonts.configuration = FontConfiguration()
    return _fonts.configuration


def html_to_pdf(html: str) -> bytes:
    """Render a complete HTML document (with <title> and lang) to a tagged PDF/UA-1 file."""
    fetcher = OwnStaticFilesFetcher(ssl_context=NO_NETWORK_TLS)
    # WeasyPrint makes millions of small objects (boxes, styles, lines), and the cyclic
    # garbage collector's passes over them were a large share of its CPU. It runs without
    # them; what it leaves behind is collected once at the end.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
        return document.write_pdf(pdf_variant="pdf/ua-1", font_config=font_configuration())
    finally:
        if was_enabled:
            gc.enable()
            gc.collect(0)


# The day a document was produced, which it states: "Produced 2 December 2026" (the PDF
# templates' ``<span data-produced>``) and the board pack's follow-through caption ("as they
# stand on 2 December 2026", shared with the web page). The day is not part of what a
# document shows, so not of its key: a signed-off report made at sign-off is the one
# downloaded next week, saying truthfully when it was made. Typed text is escaped, so it
# cannot match this.
PRODUCED = re.compile(r"(<span data-produced>|as they stand on )[^<]*(</)")


# A PDF depends on more than its HTML: on the stylesheet it links to and on the WeasyPrint
# that lays it out. Hashed static names (production) put the stylesheet's version in the
# HTML, but not WeasyPrint's, and plain names (development) put in neither. Both go into
# the key, so a release that changes either makes new PDFs rather than serving old ones
# for a month.
PDF_STYLESHEETS = ("css/print.css",)


def renderer_fingerprint() -> bytes:
    """What, besides the HTML, decides how a PDF looks: WeasyPrint's version and our PDF
    stylesheets' contents.

    Neither changes while a process runs in production (a release restarts it), so they
    are read once per process (``renderer_fingerprint_kept``), not on every PDF asked for.
    With DEBUG on they are read each time, so a stylesheet edited while the development
    server runs makes new PDFs at once.
    """
    if settings.DEBUG:
        return renderer_fingerprint_read()
    return renderer_fingerprint_kept()


def renderer_fingerprint_read() -> bytes:
    """The fingerprint from WeasyPrint's version and the stylesheets on disk now."""
    digest = hashlib.sha256(weasyprint.__version__.encode())
    for name in PDF_STYLESHEETS:
        digest.update(Path(static_path(name)).read_bytes())
    return digest.digest()


# ``renderer_fingerprint_kept.cache_clear()`` forgets it, for tests that change either.
renderer_fingerprint_kept = functools.cache(renderer_fingerprint_read)


def pdf_key(html: str) -> str:
    """The cache key of the PDF of this HTML.

    A hash of the HTML itself, so any change to what the document shows (an answer, a
    principle's text in a draft, a band, a sign-off) makes a new PDF, and nothing else
    does: not the date it is asked for on. The renderer is in it too (above).
    """
    digest = hashlib.sha256(renderer_fingerprint())
    digest.update(PRODUCED.sub(r"\1\2", html).encode())
    return "pdf:" + digest.hexdigest()


def stamp_produced(html: str) -> str:
    """The HTML with today as its "Produced" date, for a PDF being made now."""
    today = dateformat.format(timezone.localdate(), "j F Y")
    return PRODUCED.sub(lambda m: m[1] + today + m[2], html)


def _cache():
    return caches[CACHE_ALIAS]


def pdf_from_cache(key: str) -> bytes | None:
    return _cache().get(key)


def pdf_store(key: str, html: str) -> bytes:
    """Run WeasyPrint on the HTML and keep the PDF in the shared cache under ``key``.

    The PDF says it was produced today, even if the HTML was written on an earlier day.
    """
    pdf = html_to_pdf(stamp_produced(html))
    _cache().set(key, pdf, CACHE_SECONDS)
    return pdf


def cached_pdf(html: str) -> bytes:
    """The PDF for this exact HTML, made now unless the shared cache has it already.

    For ``render_reports``, which must work without a worker; web requests never call
    it, they queue the PDF instead (``reporting.services.pdf_get_or_queue``).
    """
    key = pdf_key(html)
    pdf = pdf_from_cache(key)
    return pdf if pdf is not None else pdf_store(key, html)


# PDFs being made in the background (``reporting.tasks``). The job entry holds the HTML
# for the worker and marks the PDF as on its way, so a page refreshing every few seconds
# queues it once; it expires, so a job lost with a crashed worker is queued again.
JOB_SECONDS = 5 * 60
# After a failure, pages say so (rather than waiting for ever) and retry after this long.
FAILED_SECONDS = 10 * 60


def _job_key(key: str) -> str:
    return "pdf-job:" + key.removeprefix("pdf:")


def _failed_key(key: str) -> str:
    return "pdf-failed:" + key.removeprefix("pdf:")


def job_start(key: str, html: str) -> bool:
    """Mark the PDF as being made; False when it is already (``cache.add`` is atomic)."""
    return _cache().add(_job_key(key), html, JOB_SECONDS)


def job_html(key: str) -> str | None:
    return _cache().get(_job_key(key))


def job_end(key: str) -> None:
    _cache().delete(_job_key(key))


def job_failed(key: str) -> None:
    _cache().set(_failed_key(key), True, FAILED_SECONDS)


def pdf_state(key: str) -> tuple[bytes | None, bool]:
    """The PDF if made, and whether its last attempt failed, in one cache read."""
    found = _cache().get_many([key, _failed_key(key)])
    return found.get(key), bool(found.get(_failed_key(key)))
