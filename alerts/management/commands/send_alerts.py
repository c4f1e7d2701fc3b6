"""Send the alerts that are due: `manage.py send_alerts --frequency daily` from cron."""

from django.core.management.base import BaseCommand, CommandError

from alerts.criteria import Frequency
from alerts.delivery import purge_unconfirmed, send_due


class Command(BaseCommand):
    help = (
        "Email every subscription of one frequency the matches it has not been sent yet. Safe to run again: "
        "nothing is sent twice. Run 'immediate' every few minutes to retry failures, 'daily' once a day and "
        "'weekly' once a week."
    )

    def add_arguments(self, parser):
        parser.add_argument("--frequency", choices=Frequency.values, required=True)

    def handle(self, *args, frequency, **options):
        purged = purge_unconfirmed()
        if purged:
            self.stdout.write(f"Deleted {purged} subscriptions that were never confirmed.")
        report = send_due(frequency, progress=self.stdout.write)
        self.stdout.write(f"{frequency.capitalize()} alerts: {report}.")
        if report.failed:
            raise CommandError(f"{report.failed} emails could not be sent; see the log. Run again to retry them.")
