from django.core.management.base import BaseCommand, CommandError

from principles.restore import published_text_restore


class Command(BaseCommand):
    help = (
        "Put a principle set (or rating scale) back to its published text, as shipped in "
        "fixtures/, overwriting admins' edits to it. Each object changed is saved with a "
        "record in its admin History, with the reason given. Drafts rated against wording "
        "that changes are told to check their ratings; submitted and signed-off assessments "
        "keep the text they were rated against."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The set's or scale's slug, for example national-voices.")
        parser.add_argument(
            "--reason",
            required=True,
            help="Why, in up to 100 characters: kept in the History of every object changed.",
        )

    def handle(self, *args, slug, reason, **options):
        try:
            restored = published_text_restore(slug=slug, reason=reason)
        except ValueError as error:
            raise CommandError(str(error)) from None
        if not (restored.changed or restored.created):
            self.stdout.write(f"{slug} already has its published text: nothing changed.")
            return
        for line in restored.changed:
            self.stdout.write(f"Restored {line}")
        for line in restored.created:
            self.stdout.write(f"Added {line}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{slug}: {len(restored.changed)} restored, {len(restored.created)} added, "
                f"from the {restored.fixture} fixture."
            )
        )
