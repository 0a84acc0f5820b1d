from django.apps import AppConfig


class IntegratedCareConfig(AppConfig):
    """The project itself: site-wide commands such as the release step."""

    name = "integrated_care"
    verbose_name = "Integrated care self-assessment"

    def ready(self):
        from django.core import checks

        from integrated_care.checks import site_url_check

        # Only with --deploy: in development links to the local address are right.
        checks.register(site_url_check, deploy=True)
