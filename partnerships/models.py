"""Partnerships, their services, and who belongs to them in which role."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from principles.models import Nation

# A partnership is in one nation; "United Kingdom" is only for principle sets.
PARTNERSHIP_NATIONS = [(value, label) for value, label in Nation.choices if value != Nation.UK]


class Role(models.TextChoices):
    CONTRIBUTOR = "contributor", "Contributor"
    LEAD = "lead", "Lead"
    APPROVER = "approver", "Approver"
    VIEWER = "viewer", "Viewer"


class PartnershipManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Partnership(models.Model):
    """A Health and Social Care Partnership, a Health and Wellbeing Board area or similar."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(unique=True, help_text="Stable identifier used in fixtures and URLs.")
    nation = models.CharField(max_length=20, choices=PARTNERSHIP_NATIONS)
    signoff_body = models.CharField(
        "usual sign-off body",
        max_length=200,
        blank=True,
        help_text=(
            "Offered first when an approver records sign-off, for example the Health and "
            "Wellbeing Board or the Integration Joint Board."
        ),
    )
    default_principle_set = models.ForeignKey(
        "principles.PrincipleSet",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Offered first when someone starts an assessment.",
    )

    objects = PartnershipManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class ServiceManager(models.Manager):
    def get_by_natural_key(self, partnership_slug, name):
        return self.get(partnership__slug=partnership_slug, name=name)


class Service(models.Model):
    """Something a partnership provides or commissions, assessed on its own."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="services")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=2000)
    care_group = models.CharField(
        max_length=100,
        blank=True,
        help_text=(
            "Who the service is for, for example older people or adults with learning disabilities."
        ),
    )

    objects = ServiceManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="unique_service_name")
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (*self.partnership.natural_key(), self.name)

    natural_key.dependencies = ["partnerships.partnership"]


class MembershipManager(models.Manager):
    def get_by_natural_key(self, username, partnership_slug):
        return self.get(user__username=username, partnership__slug=partnership_slug)


class Membership(models.Model):
    """A person's role in one partnership. A person may belong to several partnerships."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        max_length=20,
        choices=Role.choices,
        help_text=(
            "Contributors edit drafts. Leads also start assessments, set weights, submit and "
            "return them. Approvers record the board's sign-off. Viewers read reports only."
        ),
    )

    objects = MembershipManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "partnership"], name="one_role_per_partnership")
        ]

    def __str__(self):
        return f"{self.user}: {self.get_role_display()}, {self.partnership}"

    def natural_key(self):
        return (self.user.get_username(), *self.partnership.natural_key())

    natural_key.dependencies = ["partnerships.partnership"]
