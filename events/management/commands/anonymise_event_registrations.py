from django.core.management.base import BaseCommand

from events.retention import anonymise_expired_registrations, retention_days


class Command(BaseCommand):
    help = "Delete personal details of people registered for events that ended over EVENT_DATA_RETENTION_DAYS ago."

    def handle(self, *args, **options):
        self.stdout.write(f"Anonymising registrations for events that ended over {retention_days()} days ago…")
        total = anonymise_expired_registrations(progress=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"Anonymised {total} registration{'s' if total != 1 else ''}."))
