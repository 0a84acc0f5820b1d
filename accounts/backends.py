"""Sign-in by email address (any case), or by username for break-glass accounts."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q


class EmailOrUsernameBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user_model = get_user_model()
        # The sign-in form calls the field "username" so django-axes keys lockouts
        # on what was typed, whether an email address or a username.
        candidates = list(
            user_model._default_manager.filter(
                Q(email__iexact=username.strip()) | Q(username=username)
            )[:2]
        )
        # An email address that is someone else's username is ambiguous: refuse it.
        if len(candidates) != 1:
            # Run the hasher anyway, so timing does not reveal which accounts exist.
            user_model().set_password(password)
            return None
        user = candidates[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
