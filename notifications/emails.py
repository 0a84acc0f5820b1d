"""Rendering emails: plain text and HTML from one pair of templates, with absolute links."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.template import Context
from django.template.loader import get_template


@dataclass(frozen=True, kw_only=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def absolute_url(path: str) -> str:
    """The full address of ``path`` (from ``reverse``), for links in emails."""
    return f"{settings.SITE_URL}{path}"


def email_render(*, subject: str, template: str, context: dict) -> RenderedEmail:
    """Render ``emails/<template>.txt`` and ``emails/<template>.html`` with ``context``.

    The plain text is rendered without HTML escaping, whatever the template does,
    so names such as "Health & Care" read as written.
    """
    # A header cannot hold a line break; Django would refuse the message.
    subject = " ".join(subject.split())
    full_context = {
        "service_name": settings.SERVICE_NAME,
        "site_url": settings.SITE_URL,
        "subject": subject,
        **context,
    }
    text_template = get_template(f"emails/{template}.txt").template
    text = text_template.render(Context(full_context, autoescape=False))
    html = get_template(f"emails/{template}.html").render(full_context)
    # Template tags on lines of their own leave runs of blank lines in plain text.
    text = re.sub(r"\n\s*\n(\s*\n)+", "\n\n", text).strip() + "\n"
    return RenderedEmail(subject=subject, text=text, html=html)
