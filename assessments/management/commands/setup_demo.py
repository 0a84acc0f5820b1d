from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from assessments.demo import DEMO_PASSWORD, DemoDataError, demo_data_create


class Command(BaseCommand):
    help = "Create demo logins and data for local use. Existing data is never changed."

    def handle(self, *args, **options):
        # Demo logins share a published password, so they must never reach a live service.
        if not settings.DEBUG:
            raise CommandError(
                "Demo data can only be created with DJANGO_DEBUG=true: its passwords are public."
            )
        try:
            logins = demo_data_create()
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        width = max(len(login.sign_in_as) for login in logins) + 2
        rows = [("Sign in as", "Password", "Role")] + [
            (login.sign_in_as, DEMO_PASSWORD if login.created else f"{DEMO_PASSWORD} *", login.role)
            for login in logins
        ]
        # SITE_URL is where the server will be: `make run PORT=...` sets it.
        url = f"{settings.SITE_URL}/"
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"The app will run at {url}"))
        self.stdout.write(f"Demo logins (sign in at {url}sign-in/):")
        for sign_in_as, password, role in rows:
            self.stdout.write(f"  {sign_in_as:<{width}}{password:<{len(DEMO_PASSWORD) + 4}}{role}")
        self.stdout.write(f"Demo password: {DEMO_PASSWORD}")
        if not all(login.created for login in logins):
            self.stdout.write(
                "* Already existed, so left unchanged: the password still works unless "
                "someone changed it."
            )
        self.stdout.write("")
