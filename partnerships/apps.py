from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    """Partnerships, their services, and who belongs to them in which role."""

    name = "partnerships"
    verbose_name = "Partnerships"
