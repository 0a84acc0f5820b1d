from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """Emails: queued after the transaction commits and sent by a background worker."""

    name = "notifications"
    verbose_name = "Notifications"
