"""Load the fictional partnership's demo content. Safe to run again: it updates, never duplicates."""

from django.core.management.base import BaseCommand

from portal.demo import seed_all


class Command(BaseCommand):
    help = "Load demo content (organisations, opportunities, events, guidance). Idempotent and offline."

    def handle(self, *args, **options):
        seed_all(progress=lambda message: self.stdout.write(message))
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
