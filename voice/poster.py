"""The printable A4 poster for a feedback round: the link written out and as a QR code.

Only the HTML is made here: the PDF comes from the project's one WeasyPrint owner
(``reporting``), made in the background like every PDF, from our own template and
stylesheet; the QR code is an SVG data: address, so nothing is fetched.
"""

import datetime

import segno
from django.template.loader import render_to_string
from django.utils.text import slugify


def qr_data_uri(link: str) -> str:
    """The link as a QR code in SVG; medium error correction survives a creased poster."""
    code = segno.make(link, error="m", micro=False)
    return code.svg_data_uri(scale=10, border=4, dark="#0b0c0c", light="#ffffff")


def poster_html(*, service_name: str, link: str, closes_on: datetime.date) -> str:
    return render_to_string(
        "voice/poster_pdf.html",
        {
            "service_name": service_name,
            "link": link,
            "closes_on": closes_on,
            "qr": qr_data_uri(link),
        },
    )


def filename(assessment) -> str:
    """As the download names it: feedback-poster-hospital-discharge-2026-27.pdf."""
    period = assessment.period.replace("/", "-")
    return f"feedback-poster-{slugify(assessment.service.name)}-{period}.pdf"
