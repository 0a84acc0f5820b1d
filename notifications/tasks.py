"""Background tasks: sending one email, retried with backoff when the mail server fails."""

import logging
from datetime import datetime, timedelta

from django.core.mail import EmailMultiAlternatives
from django.tasks import TaskContext, task
from django.utils import timezone

logger = logging.getLogger(__name__)

# Waits before the 2nd, 3rd, ... attempt: a mail server that is down for a few
# hours still gets the message; after the last one the failure is logged as an error.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
)


@task(takes_context=True)
def email_deliver(
    context: TaskContext,
    *,
    to: str,
    subject: str,
    text: str,
    html: str,
    attempt: int = 1,
    expires_at: str | None = None,
) -> None:
    """Send one rendered email to one address; on failure queue another attempt, later.

    ``expires_at`` (an ISO 8601 time with its offset, as task arguments must be JSON) is
    when the email stops being worth sending, such as when its link stops working: from
    then on every attempt is skipped and logged.
    """
    task_id = context.task_result.id
    # Retries wait up to 2 hours, longer than a reset link lasts: an email whose link has
    # expired would only send the person to an error page.
    if expires_at is not None and timezone.now() >= datetime.fromisoformat(expires_at):
        logger.warning(
            "Email %r (task %s) expired unsent at %s: not sending it (attempt %d)",
            subject,
            task_id,
            expires_at,
            attempt,
        )
        return
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception:
        if attempt > len(RETRY_DELAYS):
            logger.exception(
                "Email %r (task %s) not sent after %d attempts: giving up",
                subject,
                task_id,
                attempt,
            )
            raise
        delay = RETRY_DELAYS[attempt - 1]
        logger.warning(
            "Email %r (task %s) not sent on attempt %d: trying again in %s",
            subject,
            task_id,
            attempt,
            delay,
            exc_info=True,
        )
        retry = email_deliver
        # The immediate backend (development) cannot wait, so it tries again at once.
        if retry.get_backend().supports_defer:
            retry = retry.using(run_after=timezone.now() + delay)
        retry.enqueue(
            to=to,
            subject=subject,
            text=text,
            html=html,
            attempt=attempt + 1,
            **_expiry_argument(expires_at),
        )


def _expiry_argument(expires_at: str | None) -> dict[str, str]:
    """``expires_at`` as a task argument, left out when there is none: a worker still
    running the previous release during a deployment would refuse an argument it does not
    know, so only emails that expire carry it."""
    return {} if expires_at is None else {"expires_at": expires_at}
