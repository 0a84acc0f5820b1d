"""The rule for a machine without the browser: skip locally, fail when REQUIRE_BROWSER=1.

These run without a browser, in a few milliseconds.
"""

import shutil
import sys
from pathlib import Path

import pytest

from .environment import browser_required, chromium_executable, pdftoppm_executable

MISSING = Path("/nonexistent/chromium")


@pytest.mark.parametrize(
    ("value", "required"),
    [(None, False), ("", False), ("0", False), ("false", False), ("1", True), ("true", True)],
)
def test_require_browser_values(value, required):
    environ = {} if value is None else {"REQUIRE_BROWSER": value}
    assert browser_required(environ) is required


def test_missing_chromium_skips_with_how_to_install_it():
    with pytest.raises(pytest.skip.Exception, match=r"apt-get install chromium"):
        chromium_executable(MISSING, environ={})


def test_missing_chromium_fails_when_the_browser_is_required():
    with pytest.raises(pytest.fail.Exception, match=r"REQUIRE_BROWSER=1.*apt-get install chromium"):
        chromium_executable(MISSING, environ={"REQUIRE_BROWSER": "1"})


def test_an_installed_browser_is_used():
    executable = Path(sys.executable).resolve()
    assert chromium_executable(executable, environ={"REQUIRE_BROWSER": "1"}) == executable


def test_missing_pdftoppm_warns_or_fails_when_required(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.warns(UserWarning, match=r"apt-get install poppler-utils"):
        assert pdftoppm_executable(environ={}) is None
    with pytest.raises(pytest.fail.Exception, match=r"poppler-utils"):
        pdftoppm_executable(environ={"REQUIRE_BROWSER": "1"})
