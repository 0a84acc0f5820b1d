"""Background tasks: sending one email, retried with backoff when the mail server fails."""

import logging
from datetime import timedelta

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
    context: TaskContext, *, to: str, subject: str, text: str, html: str, attempt: int = 1
) -> None:
    """Send one rendered email to one address; on failure queue another attempt, later."""
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception:
        task_id = context.task_result.id
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
        retry.enqueue(to=to, subject=subject, text=text, html=html, attempt=attempt + 1)
