import pytest
from django.core.management import call_command

from principles.services import PRINCIPLE_FIXTURES


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Render {% static %} without the production manifest, which only collectstatic builds."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def principle_sets(db):
    """Both published principle sets and the default rating scale, as shipped."""
    for name in PRINCIPLE_FIXTURES:
        call_command("loaddata", name, verbosity=0)


@pytest.fixture
def signed_in_client(client, django_user_model):
    user = django_user_model.objects.create_user(username="reader", password="a-long-password-1")
    client.force_login(user)
    return client


@pytest.fixture
def admin_client_user(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        username="site-admin", password="a-long-password-1", email="admin@example.org"
    )
    client.force_login(user)
    return client
