"""WeasyPrint runs without the cyclic garbage collector, which is always put back as it was."""

import gc

import pytest
import weasyprint

from reporting import pdf as pdf_module

pytestmark = pytest.mark.django_db

HTML = (
    '<!DOCTYPE html><html lang="en-GB"><head><title>Report</title>'
    '<link rel="stylesheet" href="/static/css/print.css"></head>'
    "<body><h1>Report</h1><p>Evidence for the first principle.</p></body></html>"
)


@pytest.fixture
def collector_enabled():
    """The collector on for the test, and restored to its earlier state after it."""
    was_enabled = gc.isenabled()
    gc.enable()
    yield
    if not was_enabled:
        gc.disable()


@pytest.fixture
def collector_disabled():
    """The collector off for the test, and restored to its earlier state after it."""
    was_enabled = gc.isenabled()
    gc.disable()
    yield
    if was_enabled:
        gc.enable()


@pytest.fixture
def collector_seen(monkeypatch):
    """Whether the collector was on each time WeasyPrint wrote a PDF."""
    seen = []
    original = weasyprint.HTML.write_pdf

    def write_pdf(document, *args, **kwargs):
        seen.append(gc.isenabled())
        return original(document, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", write_pdf)
    return seen


def test_the_collector_is_paused_while_weasyprint_runs_and_enabled_again_after(
    collector_enabled, collector_seen
):
    """WeasyPrint runs with the collector off, and it is on again once the PDF is made."""
    assert pdf_module.html_to_pdf(HTML).startswith(b"%PDF-")
    assert collector_seen == [False]
    assert gc.isenabled()


def test_the_collector_is_enabled_again_when_weasyprint_fails(collector_enabled, monkeypatch):
    """An error in WeasyPrint still leaves the collector on."""

    def broken(document, *args, **kwargs):
        raise RuntimeError("WeasyPrint failed")

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", broken)
    with pytest.raises(RuntimeError, match="WeasyPrint failed"):
        pdf_module.html_to_pdf(HTML)
    assert gc.isenabled()


def test_a_collector_disabled_before_stays_disabled(collector_disabled, collector_seen):
    """If the collector was off already, making a PDF does not turn it on."""
    pdf_module.html_to_pdf(HTML)
    assert collector_seen == [False]
    assert not gc.isenabled()


def test_the_pdf_is_the_one_weasyprint_makes_with_the_collector_running(collector_enabled):
    """Pausing the collector changes nothing in the PDF, byte for byte."""
    fetcher = pdf_module.OwnStaticFilesFetcher(ssl_context=pdf_module.NO_NETWORK_TLS)
    document = weasyprint.HTML(string=HTML, base_url=pdf_module.BASE_URL, url_fetcher=fetcher)
    with_collector = document.write_pdf(pdf_variant="pdf/ua-1")
    assert pdf_module.html_to_pdf(HTML) == with_collector
