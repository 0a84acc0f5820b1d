"""The printable A4 poster for a feedback round: the link written out and as a QR code.

Made by the project's one WeasyPrint owner (``reporting.pdf``), from our own template
and stylesheet; the QR code is an SVG data: address, so nothing is fetched.
"""

import datetime

import segno
from django.template.loader import render_to_string
from django.utils.text import slugify

from reporting.pdf import cached_pdf


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


def poster_pdf(*, service_name: str, link: str, closes_on: datetime.date) -> bytes:
    return cached_pdf(poster_html(service_name=service_name, link=link, closes_on=closes_on))


def filename(assessment) -> str:
    """As the download names it: feedback-poster-hospital-discharge-2026-27.pdf."""
    period = assessment.period.replace("/", "-")
    return f"feedback-poster-{slugify(assessment.service.name)}-{period}.pdf"
