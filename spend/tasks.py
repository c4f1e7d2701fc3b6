"""Background tasks (django-tasks): imports run outside the web request, so a big file shows progress."""

from django_tasks import task

from django.core.cache import cache

from .importer import ImportRefused, import_payments
from .models import PaymentFile


def error_key(file_id):
    return f"spend:import-error:{file_id}"


@task()
def import_file(file_id):
    payment_file = PaymentFile.objects.select_related("mapping").get(pk=file_id)
    try:
        report = import_payments(payment_file)
    except ImportRefused as error:
        PaymentFile.objects.filter(pk=file_id).update(status=PaymentFile.Status.UPLOADED)
        cache.set(error_key(file_id), str(error), 3600)
        return None
    return report.lines_imported
