"""Django's password validators with GOV.UK error messages; the codes are Django's own.

Django's messages end in full stops and name the field that matched ("too similar to the
username"), but people sign in with their email address and never see a username. Settings
(``AUTH_PASSWORD_VALIDATORS``) name these classes, so every form, service and Django admin
gives the same wording.
"""

from django.contrib.auth import password_validation as django_validators


class UserAttributeSimilarityValidator(django_validators.UserAttributeSimilarityValidator):
    # The display name is the name people type when they accept an invitation; Django
    # checks only its own name fields, which invited accounts leave empty.
    DEFAULT_USER_ATTRIBUTES = ("username", "display_name", "first_name", "last_name", "email")

    def __init__(self, user_attributes=DEFAULT_USER_ATTRIBUTES, max_similarity=0.7):
        super().__init__(user_attributes=user_attributes, max_similarity=max_similarity)

    def get_error_message(self):
        return "Your password is too similar to your name or email address"


class MinimumLengthValidator(django_validators.MinimumLengthValidator):
    def get_error_message(self):
        return f"Your password must be {self.min_length} characters or more"


class CommonPasswordValidator(django_validators.CommonPasswordValidator):
    def get_error_message(self):
        return "Your password is too common. Choose one that is harder to guess"


class NumericPasswordValidator(django_validators.NumericPasswordValidator):
    def get_error_message(self):
        return "Your password must include letters or symbols, not only numbers"
