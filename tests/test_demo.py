"""The run command's demo data is created once and never changes existing data."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from assessments.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_demo_logins_work_and_a_second_run_changes_nothing(settings, django_user_model, capsys):
    """The printed admin login signs in, and running the set-up again keeps everything."""
    settings.DEBUG = True
    call_command("setup_demo")
    assert DEMO_PASSWORD in capsys.readouterr().out
    assert authenticate(username="demo-admin", password=DEMO_PASSWORD).is_superuser

    admin = django_user_model.objects.get(username="demo-admin")
    admin.set_password("changed-by-its-owner-1")
    admin.save()
    call_command("setup_demo")
    assert "unchanged" in capsys.readouterr().out
    assert django_user_model.objects.count() == 1
    assert authenticate(username="demo-admin", password="changed-by-its-owner-1")


def test_demo_data_is_refused_in_production(settings):
    """Demo logins have a public password, so the command refuses when DEBUG is off."""
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG=true"):
        call_command("setup_demo")
