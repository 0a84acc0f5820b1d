from django.apps import AppConfig


class VoiceConfig(AppConfig):
    """People's voice: what people who use a service and their carers say about it."""

    name = "voice"
    verbose_name = "People's voice"
