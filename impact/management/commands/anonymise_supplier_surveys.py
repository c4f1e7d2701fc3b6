from django.core.management.base import BaseCommand

from impact.survey import anonymise_expired_surveys, retention_days


class Command(BaseCommand):
    help = "Remove suppliers' names and emails from surveys that closed over IMPACT_SURVEY_RETENTION_DAYS ago."

    def handle(self, *args, **options):
        self.stdout.write(f"Anonymising supplier surveys that closed over {retention_days()} days ago…")
        total = anonymise_expired_surveys(progress=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"Anonymised {total} survey{'s' if total != 1 else ''}."))
