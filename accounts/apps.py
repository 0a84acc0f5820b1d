from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Who people are: the user model and how they sign in."""

    name = "accounts"
    verbose_name = "Accounts"
