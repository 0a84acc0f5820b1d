"""The renderer's fingerprint (WeasyPrint's version and the PDF stylesheets) is worked out
once per process, not on every PDF asked for; with DEBUG on it is read each time, so a
stylesheet edited during development makes new PDFs at once."""

import pytest

from reporting import pdf as pdf_module


@pytest.fixture(autouse=True)
def fresh():
    """A process that has not worked the fingerprint out yet; forgotten again afterwards,
    so no other test keeps one made from this test's stylesheets."""
    pdf_module.renderer_fingerprint_kept.cache_clear()
    yield
    pdf_module.renderer_fingerprint_kept.cache_clear()


@pytest.fixture
def stylesheet(monkeypatch, tmp_path):
    """print.css as a file of the test's own, and a count of the times it is looked up."""
    path = tmp_path / "print.css"
    path.write_text("body { margin: 0 }")
    looked_up = []

    def static_path(name):
        looked_up.append(name)
        return str(path)

    monkeypatch.setattr(pdf_module, "static_path", static_path)
    return path, looked_up


def test_the_stylesheet_is_read_once_per_process(stylesheet):
    """Every PDF after the first gets the same fingerprint without reading the disk."""
    _, looked_up = stylesheet
    first = pdf_module.renderer_fingerprint()
    assert [pdf_module.renderer_fingerprint() for _ in range(3)] == [first] * 3
    assert looked_up == ["css/print.css"]


def test_different_stylesheet_contents_give_a_different_fingerprint(stylesheet):
    """Another print.css (as after a release, in a new process) is another fingerprint; the
    same contents are the same one."""
    path, _ = stylesheet
    first = pdf_module.renderer_fingerprint()
    path.write_text("body { margin: 1mm }")
    pdf_module.renderer_fingerprint_kept.cache_clear()
    changed = pdf_module.renderer_fingerprint()
    assert changed != first
    path.write_text("body { margin: 0 }")
    pdf_module.renderer_fingerprint_kept.cache_clear()
    assert pdf_module.renderer_fingerprint() == first


def test_a_process_keeps_the_fingerprint_it_started_with(stylesheet):
    """Without DEBUG, a stylesheet changed on disk under a running process does not change
    its keys: a release restarts it."""
    path, _ = stylesheet
    first = pdf_module.renderer_fingerprint()
    path.write_text("body { margin: 1mm }")
    assert pdf_module.renderer_fingerprint() == first


def test_with_debug_on_an_edited_stylesheet_counts_at_once(stylesheet, settings):
    """In development the stylesheet is read for every PDF, so an edit shows straight away."""
    settings.DEBUG = True
    path, looked_up = stylesheet
    first = pdf_module.renderer_fingerprint()
    path.write_text("body { margin: 1mm }")
    assert pdf_module.renderer_fingerprint() != first
    assert len(looked_up) == 2


def test_the_kept_fingerprint_is_the_shipped_stylesheets():
    """What is kept is what reading the shipped print.css and WeasyPrint's version gives."""
    kept = pdf_module.renderer_fingerprint()
    assert kept == pdf_module.renderer_fingerprint_read()
    assert len(kept) == 32  # a SHA-256 digest
