from django.apps import AppConfig


class ActionsConfig(AppConfig):
    """Improvement actions followed through the year, after their assessment is signed off."""

    name = "actions"
    verbose_name = "Improvement actions through the year"
