from django.core.management.base import BaseCommand

from principles.services import principle_fixtures_load_missing


class Command(BaseCommand):
    help = (
        "Load the shipped principle sets and rating scales that are not in the database yet. "
        "Sets already present are left alone, so admins' edits are kept. "
        "To reset a set to its published text, with a record in its History, use: "
        "manage.py restore_published_text <slug> --reason <why>."
    )

    def handle(self, *args, **options):
        loaded = principle_fixtures_load_missing()
        if loaded:
            self.stdout.write(self.style.SUCCESS(f"Loaded: {', '.join(loaded)}"))
        else:
            self.stdout.write("All principle sets and rating scales are already loaded.")
