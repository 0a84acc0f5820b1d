from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from assessments.demo import DEMO_PASSWORD, demo_data_create


class Command(BaseCommand):
    help = "Create demo logins and data for local use. Existing data is never changed."

    def handle(self, *args, **options):
        # Demo logins share a published password, so they must never reach a live service.
        if not settings.DEBUG:
            raise CommandError(
                "Demo data can only be created with DJANGO_DEBUG=true: its passwords are public."
            )
        logins = demo_data_create()
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("The app will run at http://127.0.0.1:8000/"))
        self.stdout.write("Demo logins:")
        for login in logins:
            password = DEMO_PASSWORD if login.created else "(unchanged: it already existed)"
            self.stdout.write(f"  {login.role:<45} {login.username:<24} {password}")
        if any(login.created for login in logins):
            self.stdout.write(f"Demo password: {DEMO_PASSWORD}")
        self.stdout.write("")
