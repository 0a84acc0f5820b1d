"""Writes for notifications: queueing emails, telling people about assessments, the digest."""

import logging
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment
from notifications import selectors
from notifications.emails import absolute_url, email_render
from notifications.models import DigestWeek, Notice, NotificationPreference
from notifications.tasks import email_deliver
from partnerships.models import Role

logger = logging.getLogger(__name__)


def email_send(
    *,
    to: list[str],
    subject: str,
    template: str,
    context: dict,
    expires_at: datetime | None = None,
) -> None:
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

    ``expires_at`` is when the email stops being worth sending, usually when the link in it
    stops working (a password reset link lasts an hour, and retries go on for over two
    hours). From then on no attempt sends it: it is logged as expired unsent instead.
    Leave it out for emails that are always worth sending late.

    Never raises: a template that fails to render or a queue that cannot be reached is
    logged, and the request carries on. Sending is unconditional: check people's email
    preferences (``notifications.selectors``) before calling it for non-essential emails.

    Example::

        email_send(
            to=[user.email],
            subject="Reset your password",
            template="password_reset",
            context={"reset_url": absolute_url(reverse("password_reset_confirm", ...))},
            expires_at=timezone.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT),
        )
    """
    try:
        email = email_render(subject=subject, template=template, context=context)
    except Exception:
        logger.exception("Email %r not sent: template %r failed to render", subject, template)
        return
    # One message per person, however their address is capitalised.
    by_address: dict[str, str] = {}
    for address in to:
        if address.strip():
            by_address.setdefault(address.strip().casefold(), address.strip())
    addresses = list(by_address.values())
    # Task arguments must be JSON. A naive time is read in TIME_ZONE, as Django's own
    # fields read one, rather than failing the task when it is compared with now.
    expiry = {}
    if expires_at is not None:
        if timezone.is_naive(expires_at):
            expires_at = timezone.make_aware(expires_at)
        expiry["expires_at"] = expires_at.isoformat()

    def enqueue() -> None:
        for address in addresses:
            try:
                email_deliver.enqueue(
                    to=address, subject=email.subject, text=email.text, html=email.html, **expiry
                )
            except Exception:
                logger.exception("Email %r could not be queued", email.subject)

    transaction.on_commit(enqueue)


def _preferences_url() -> str:
    return absolute_url(reverse("notifications:preferences"))


def _notify_members(
    *,
    assessment: Assessment,
    notice: Notice,
    roles: list[str],
    actor_id: int | None,
    subject: str,
    context: dict,
) -> None:
    """Email the partnership's members in ``roles`` about ``assessment``, except whoever
    acted. Only the assessment's title and service go into the email."""
    service = assessment.service
    try:
        # A savepoint, so a failure here cannot spoil the caller's transaction.
        with transaction.atomic():
            users = selectors.users_to_notify(
                partnership_id=service.partnership_id,
                roles=roles,
                notice=notice,
                exclude_user_id=actor_id,
            )
            partnership_name = service.partnership.name
    except Exception:
        logger.exception(
            "Could not work out who to email: %s (assessment %s)", notice, assessment.pk
        )
        return
    if not users:
        return
    email_send(
        to=[user.email for user in users],
        subject=subject,
        template=notice.value,
        context={
            "assessment_title": assessment.title,
            "assessment_service": service.name,
            "partnership_name": partnership_name,
            "preferences_url": _preferences_url(),
            **context,
        },
    )


def assessment_submitted_notify(*, assessment: Assessment) -> None:
    """Tell the partnership's approvers that an assessment is ready for sign-off."""
    _notify_members(
        assessment=assessment,
        notice=Notice.ASSESSMENT_SUBMITTED,
        roles=[Role.APPROVER],
        actor_id=assessment.submitted_by_id,
        subject=f"Ready for sign-off: {assessment.title}",
        context={"url": absolute_url(reverse("assessments:overview", args=[assessment.pk]))},
    )


def assessment_returned_notify(*, assessment: Assessment) -> None:
    """Tell the partnership's leads and contributors what needs to change, with the comment."""
    _notify_members(
        assessment=assessment,
        notice=Notice.ASSESSMENT_RETURNED,
        roles=[Role.LEAD, Role.CONTRIBUTOR],
        actor_id=assessment.returned_by_id,
        subject=f"Returned for changes: {assessment.title}",
        context={
            "comment": assessment.returned_comment,
            "url": absolute_url(reverse("assessments:overview", args=[assessment.pk])),
        },
    )


def assessment_signed_off_notify(*, assessment: Assessment) -> None:
    """Tell every member of the partnership that an assessment has been signed off."""
    _notify_members(
        assessment=assessment,
        notice=Notice.ASSESSMENT_SIGNED_OFF,
        roles=list(Role.values),
        actor_id=assessment.signed_off_by_id,
        subject=f"Signed off: {assessment.title}",
        context={"url": absolute_url(reverse("assessments:report", args=[assessment.pk]))},
    )


@transaction.atomic
def preference_update(*, user, wanted: set[Notice]) -> NotificationPreference:
    """Turn each optional email on or off for ``user``: on if it is in ``wanted``."""
    preference, _ = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    for notice in Notice:
        setattr(preference, notice.value, notice in wanted)
    preference.save()
    return preference


def _digest_groups(actions: list[selectors.DueAction]) -> list[dict]:
    """The actions grouped by assessment, in the order of their earliest due date."""
    groups: dict[int, dict] = {}
    for action in actions:
        group = groups.setdefault(
            action.assessment_id,
            {
                "title": action.assessment_title,
                "service": action.service_name,
                # The Actions page, where each action is as it stands now: a signed-off
                # report shows them as signed off, which may no longer be true.
                "url": absolute_url(
                    reverse("actions:list", args=[action.partnership_slug])
                    + "?"
                    + urlencode({"service": action.service_id})
                ),
                "actions": [],
            },
        )
        group["actions"].append(action)
    return list(groups.values())


@transaction.atomic
def action_digest_send(*, today: date | None = None) -> int | None:
    """Queue this week's digest of improvement actions due soon or overdue.

    Sends once a week however often it runs (so cron can run it on every server):
    returns how many digests were queued, or None if this week's have already gone.
    """
    today = today or timezone.localdate()
    week_starting = today - timedelta(days=today.weekday())
    week, created = DigestWeek.objects.get_or_create(week_starting=week_starting)
    if not created:
        return None
    digests = selectors.action_digests(today=today)
    due_by = today + timedelta(days=selectors.DIGEST_DAYS_AHEAD)
    for digest in digests:
        count = len(digest.own) + len(digest.unmatched)
        email_send(
            to=[digest.user.email],
            subject="Improvement actions due soon or overdue",
            template=Notice.ACTION_DIGEST.value,
            context={
                "name": digest.user.name,
                "count": count,
                "overdue": sum(a.overdue for a in (*digest.own, *digest.unmatched)),
                "due_by": due_by,
                "own": _digest_groups(digest.own),
                "unmatched": _digest_groups(digest.unmatched),
                "preferences_url": _preferences_url(),
            },
        )
    week.emails = len(digests)
    week.save(update_fields=["emails"])
    return len(digests)
