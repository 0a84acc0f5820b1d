"""Each thread keeps one WeasyPrint font configuration for every PDF it makes."""

import threading

import pytest
import weasyprint
from weasyprint.text.fonts import FontConfiguration

from reporting import pdf as pdf_module

pytestmark = pytest.mark.django_db


def document(heading: str, body: str) -> str:
    return (
        '<!DOCTYPE html><html lang="en-GB"><head><title>Report</title>'
        '<link rel="stylesheet" href="/static/css/print.css"></head>'
        f"<body><h1>{heading}</h1><p>{body}</p>"
        "<table><caption>Scores</caption><thead><tr><th>Principle</th>"
        '<th class="num">Score</th></tr></thead><tbody><tr><th>Person-centred</th>'
        '<td class="num">75%</td></tr></tbody></table></body></html>'
    )


@pytest.fixture
def configurations_used(monkeypatch):
    """The font configuration WeasyPrint was given for each PDF."""
    used = []
    original = weasyprint.HTML.write_pdf

    def write_pdf(html, *args, **kwargs):
        used.append(kwargs.get("font_config"))
        return original(html, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", write_pdf)
    return used


def test_every_pdf_a_thread_makes_uses_the_same_font_configuration(configurations_used):
    """Two PDFs from one thread share one font configuration."""
    pdf_module.html_to_pdf(document("First", "One"))
    pdf_module.html_to_pdf(document("Second", "Two"))
    first, second = configurations_used
    assert isinstance(first, FontConfiguration)
    assert second is first


def test_another_thread_has_a_font_configuration_of_its_own():
    """Pango's objects are not shared between threads."""
    here = pdf_module.font_configuration()
    there = []
    thread = threading.Thread(target=lambda: there.append(pdf_module.font_configuration()))
    thread.start()
    thread.join()
    assert there[0] is not here
    assert pdf_module.font_configuration() is here


def test_a_pdf_made_with_the_kept_configuration_is_the_one_a_new_configuration_makes():
    """Keeping the fonts changes nothing in the PDF, byte for byte, after other documents."""
    pdf_module.html_to_pdf(document("Something else", "<strong>Bold</strong> and plain text"))
    html = document("Board pack: National Voices", "Evidence for the first principle.")
    kept = pdf_module.html_to_pdf(html)
    fetcher = pdf_module.OwnStaticFilesFetcher(ssl_context=pdf_module.NO_NETWORK_TLS)
    fresh = weasyprint.HTML(
        string=html, base_url=pdf_module.BASE_URL, url_fetcher=fetcher
    ).write_pdf(pdf_variant="pdf/ua-1", font_config=FontConfiguration())
    assert kept == fresh


@pytest.mark.parametrize("stylesheet", ["print.css", "poster.css"])
def test_the_pdf_stylesheets_have_no_font_face_rules(stylesheet):
    """An @font-face rule would add its font to the kept configuration with every PDF."""
    path = pdf_module.finders.find(f"css/{stylesheet}")
    assert path, stylesheet
    with open(path, encoding="utf-8") as css:
        assert "@font-face" not in css.read().lower()
