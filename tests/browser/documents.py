"""Downloaded PDFs: their text, and their first pages as PNGs for people to look at."""

import subprocess
from pathlib import Path

from .environment import pdftoppm_executable


def render_first_pages(path: Path, check, name: str, pages: int = 2) -> None:
    """Render with pdftoppm next to the screenshots; skipped, with a warning, without it."""
    pdftoppm = pdftoppm_executable()
    if pdftoppm is None:
        return
    check.count += 1
    check.directory.mkdir(parents=True, exist_ok=True)
    prefix = check.directory / f"{check.count:02d}-{name}-page"
    command = [pdftoppm, "-png", "-r", "60", "-f", "1", "-l", str(pages), str(path), str(prefix)]
    subprocess.run(command, check=True, timeout=60)
    assert list(check.directory.glob(f"{prefix.name}-*.png")), "pdftoppm made no images"
