"""Receiving a file: keep its bytes once, fingerprint them, and remember the publisher's columns."""

import hashlib

from django.core.files.base import File

from .models import ColumnMapping, PaymentFile


def receive(anchor, year, uploaded, user=None):
    """Store an uploaded (or opened) file as a PaymentFile waiting for its columns. Streams the bytes."""
    digest = hashlib.sha256()
    for chunk in uploaded.chunks() if hasattr(uploaded, "chunks") else iter(lambda: uploaded.read(1 << 20), b""):
        digest.update(chunk)
    uploaded.seek(0)
    name = getattr(uploaded, "name", "payments.csv").rsplit("/", 1)[-1]
    payment_file = PaymentFile(
        anchor=anchor, year=year, file_name=name[:255], sha256=digest.hexdigest(), uploaded_by=user
    )
    payment_file.file.save(f"{digest.hexdigest()[:16]}.csv", File(uploaded), save=False)
    payment_file.save()
    return payment_file


def remember_mapping(publisher, columns):
    """Save the publisher's columns for next time; returns the mapping."""
    mapping, _ = ColumnMapping.objects.update_or_create(
        publisher=publisher.strip(), defaults={"columns": {k: v for k, v in columns.items() if v}}
    )
    return mapping


def already_imported(payment_file):
    return (
        PaymentFile.objects.filter(anchor=payment_file.anchor_id, sha256=payment_file.sha256, status="imported")
        .exclude(pk=payment_file.pk)
        .first()
    )
