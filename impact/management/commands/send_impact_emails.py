from django.core.management.base import BaseCommand

from impact.reminders import send_due


class Command(BaseCommand):
    help = "Email suppliers the links to report delivery and answer the survey, and the reminders: each once."

    def handle(self, *args, **options):
        self.stdout.write("Sending delivery report and supplier survey emails that are due…")
        report = send_due(progress=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(str(report)))
