from django.core.management.base import BaseCommand

from insights.summary import rebuild


class Command(BaseCommand):
    help = "Rebuild the award summary behind the insights dashboard (after bulk loads that bypass signals)."

    def handle(self, **options):
        def progress(done, total):
            self.stdout.write(f"\rbuyer {done}/{total}", ending="")
            self.stdout.flush()

        count = rebuild(progress=progress)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Rebuilt the award summary for {count} buyers."))
