"""Sign-in by email address (any case), or by username for break-glass accounts."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from .emails import email_q


def account_for(username: str):
    """The one account ``username`` names: an email address in any case, or a username.
    None when none does, or when an email address is someone else's username (ambiguous)."""
    user_model = get_user_model()
    candidates = list(
        user_model._default_manager.filter(email_q(username) | Q(username=username))[:2]
    )
    return candidates[0] if len(candidates) == 1 else None


def is_disabled_account(username: str | None, password: str | None) -> bool:
    """Whether these are the right details of an account that has been disabled.

    ``authenticate`` never returns such an account; the sign-in form asks this only after
    it has refused the details, to say the account is disabled rather than that the
    password is wrong. It says so only to someone who knows the password.
    """
    if not username or not password:
        return False
    user = account_for(username)
    return user is not None and not user.is_active and user.check_password(password)


class EmailOrUsernameBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        # The sign-in form calls the field "username" so django-axes keys lockouts
        # on what was typed, whether an email address or a username.
        user = account_for(username)
        if user is None:
            # Run the hasher anyway, so timing does not reveal which accounts exist.
            get_user_model()().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
