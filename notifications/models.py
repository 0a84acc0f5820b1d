"""Who wants which emails, and which weekly digests have gone out."""

from django.conf import settings
from django.db import models


class Notice(models.TextChoices):
    """The emails people can turn off. Invitations and password resets always go."""

    ASSESSMENT_SUBMITTED = "assessment_submitted", "An assessment is submitted for sign-off"
    ASSESSMENT_RETURNED = "assessment_returned", "An assessment is returned for changes"
    ASSESSMENT_SIGNED_OFF = "assessment_signed_off", "An assessment is signed off"
    ACTION_DIGEST = "action_digest", "Improvement actions that are due soon or overdue"


class NotificationPreference(models.Model):
    """One person's choices. Without a row every notice is on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_preference",
    )
    # One field per Notice, named by its value, so a notice can be looked up by name.
    assessment_submitted = models.BooleanField(default=True)
    assessment_returned = models.BooleanField(default=True)
    assessment_signed_off = models.BooleanField(default=True)
    action_digest = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Email notifications for {self.user}"

    def wants(self, notice: Notice) -> bool:
        return getattr(self, notice.value)


class DigestWeek(models.Model):
    """A week whose action digest has been sent, so running the command twice sends once."""

    week_starting = models.DateField(unique=True, help_text="The Monday of the week.")
    sent_at = models.DateTimeField(auto_now_add=True)
    emails = models.PositiveIntegerField(default=0, help_text="How many digests were queued.")

    class Meta:
        ordering = ["-week_starting"]

    def __str__(self):
        return f"Action digest for the week starting {self.week_starting:%-d %B %Y}"
