"""Reading the text of PDFs the app makes, for assertions."""

import io
import re
from pathlib import Path

from pypdf import PdfReader


def pdf_pages(source: bytes | Path) -> list[str]:
    """Each page's text, with runs of whitespace (line breaks included) as single spaces.

    WeasyPrint may break a line after a hyphen ("person-" / "centred"), and where it
    does depends on the fonts installed, so a hyphen at the end of a line is joined
    to the next line's first word.
    """
    data = source.read_bytes() if isinstance(source, Path) else source
    pages = (page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return [" ".join(re.sub(r"(?<=\w-)\s*\n\s*", "", text).split()) for text in pages]


def pdf_text(source: bytes | Path) -> str:
    """All the text, page after page, as ``pdf_pages`` reads it."""
    return " ".join(pdf_pages(source))
