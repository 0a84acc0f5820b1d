"""Queue the weekly email of improvement actions due soon or overdue (run it from cron)."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from notifications.services import action_digest_send


class Command(BaseCommand):
    help = (
        "Email each action owner (and each partnership's leads, for actions owned by teams) "
        "their improvement actions due in the next 2 weeks or overdue. Sends once a week "
        "however often it runs, so cron can run it on every server."
    )

    def handle(self, *args, **options):
        today = timezone.localdate()
        week = f"the week starting {today - timedelta(days=today.weekday()):%-d %B %Y}"
        queued = action_digest_send(today=today)
        if queued is None:
            self.stdout.write(f"The action digest for {week} has already been sent.")
        else:
            self.stdout.write(f"Queued {queued} action digest email(s) for {week}.")
