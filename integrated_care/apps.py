from django.apps import AppConfig


class IntegratedCareConfig(AppConfig):
    """The project itself: site-wide commands such as the release step."""

    name = "integrated_care"
    verbose_name = "Integrated care self-assessment"
