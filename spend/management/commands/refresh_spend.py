from django.core.management.base import BaseCommand

from spend.summary import refresh


class Command(BaseCommand):
    help = "Re-apply the influenceable-spend rules and rebuild the spend summary (after bulk changes)."

    def handle(self, **options):
        def progress(done, total):
            self.stdout.write(f"\ranchor {done}/{total}", ending="")
            self.stdout.flush()

        count = refresh(progress=progress)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Refreshed the spend figures for {count} anchors."))
