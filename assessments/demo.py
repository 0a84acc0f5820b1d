"""Demo data for trying the service locally. Never used in production.

Everything is created only when absent, so running the set-up twice changes
nothing and never touches real data or passwords someone has changed.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - printed for local demo logins only


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    created: bool


@transaction.atomic
def demo_data_create() -> list[DemoLogin]:
    """Create the demo logins that do not exist yet and return every demo login."""
    user_model = get_user_model()
    admin, created = user_model.objects.get_or_create(
        username="demo-admin",
        defaults={
            "first_name": "Alex",
            "last_name": "Admin",
            "email": "demo-admin@example.org",
            "is_staff": True,
            "is_superuser": True,
        },
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save(update_fields=["password"])
    return [
        DemoLogin(
            username=admin.username, role="Admin (Django admin and every page)", created=created
        )
    ]
