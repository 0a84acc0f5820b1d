"""Writes for notifications: queueing emails."""

import logging

from django.db import transaction

from notifications.emails import email_render
from notifications.tasks import email_deliver

logger = logging.getLogger(__name__)


def email_send(*, to: list[str], subject: str, template: str, context: dict) -> None:
    """Queue an email to each address in ``to``, to be sent after the transaction commits.

    Renders ``templates/emails/<template>.txt`` (plain text: never HTML-escaped) and
    ``templates/emails/<template>.html`` now, with ``context`` plus ``service_name`` and
    ``site_url``. Templates can extend ``emails/base.txt`` and ``emails/base.html``; use
    ``notifications.emails.absolute_url(reverse(...))`` for links. Put only plain values
    in ``context``: whatever the templates show goes into the email.

    Each address gets its own message (nobody sees the others' addresses), sent by the
    background worker (``manage.py db_worker``) once the current transaction commits,
    so nothing is sent for work that is rolled back. A message the mail server refuses
    is tried again later (``notifications.tasks.RETRY_DELAYS``) and logged.

    Never raises: a template that fails to render or a queue that cannot be reached is
    logged, and the request carries on. Sending is unconditional: check people's email
    preferences (``notifications.selectors``) before calling it for non-essential emails.

    Example::

        email_send(
            to=[user.email],
            subject="Reset your password",
            template="password_reset",
            context={"reset_url": absolute_url(reverse("password_reset_confirm", ...))},
        )
    """
    try:
        email = email_render(subject=subject, template=template, context=context)
    except Exception:
        logger.exception("Email %r not sent: template %r failed to render", subject, template)
        return
    # One message per person, however their address is capitalised.
    addresses = list({address.strip().lower(): address.strip() for address in to}.values())
    addresses = [address for address in addresses if address]

    def enqueue() -> None:
        for address in addresses:
            try:
                email_deliver.enqueue(
                    to=address, subject=email.subject, text=email.text, html=email.html
                )
            except Exception:
                logger.exception("Email %r could not be queued", email.subject)

    transaction.on_commit(enqueue)
