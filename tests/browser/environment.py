"""What the browser tests need from the machine, and what happens when it is missing.

Locally, a missing browser (or pdftoppm) skips the browser tests with a message saying
how to install it. In CI, ``REQUIRE_BROWSER=1`` turns the same situation into a failure,
so a broken image can never pass by quietly skipping every browser test.
"""

import os
import shutil
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import NoReturn

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
INSTALL_CHROMIUM = "Install it with: sudo apt-get install chromium"
INSTALL_POPPLER = "Install it with: sudo apt-get install poppler-utils"


def browser_required(environ: Mapping[str, str] = os.environ) -> bool:
    """True when CI asks for the browser tests to run whatever happens (REQUIRE_BROWSER=1).

    Any value but empty, 0, false or no counts, so a CI file that says "true" cannot
    turn a missing browser into a quiet skip.
    """
    return environ.get("REQUIRE_BROWSER", "").strip().lower() not in {"", "0", "false", "no"}


def unavailable(reason: str, hint: str, environ: Mapping[str, str] = os.environ) -> NoReturn:
    """Skip, or fail when REQUIRE_BROWSER=1, because something the browser tests need is missing."""
    if browser_required(environ):
        pytest.fail(
            f"{reason}, and REQUIRE_BROWSER=1 says the browser tests must run. {hint}",
            pytrace=False,
        )
    pytest.skip(f"{reason}, so the browser tests are skipped. {hint}")


def chromium_executable(path: Path = CHROMIUM, environ: Mapping[str, str] = os.environ) -> Path:
    """Debian's Chromium (Playwright cannot download its own browsers here)."""
    if not path.is_file() or not os.access(path, os.X_OK):
        unavailable(f"Chromium is not installed at {path}", INSTALL_CHROMIUM, environ)
    return path


def pdftoppm_executable(environ: Mapping[str, str] = os.environ) -> str | None:
    """pdftoppm (poppler-utils), or None with a warning when it is missing and not required."""
    found = shutil.which("pdftoppm")
    if found:
        return found
    message = f"pdftoppm is not installed, so PDFs are not rendered to PNG. {INSTALL_POPPLER}"
    if browser_required(environ):
        pytest.fail(f"{message} (REQUIRE_BROWSER=1 needs it)", pytrace=False)
    warnings.warn(message, stacklevel=2)
    return None
