from django.core.management.base import BaseCommand

from events.reminders import send_due_reminders


class Command(BaseCommand):
    help = "Email a reminder to everyone with a place at an event starting today or tomorrow. Sends each once."

    def handle(self, *args, **options):
        sent = send_due_reminders(progress=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"Sent {sent} reminder{'s' if sent != 1 else ''}."))
