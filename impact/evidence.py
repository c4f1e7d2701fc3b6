"""Evidence files sent with a delivery return: checked for type and size, kept in the buyer's collection.

The type is checked twice: the file's name must end in an allowed extension, and its first bytes must look
like that kind of file, so a renamed program is refused. Files go into Wagtail's documents, in the
collection of the buyer's organisation, where its buyers (and nobody else's) can open them.
"""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from wagtail.documents import get_document_model
from wagtail.models import Collection

ZIP = b"PK\x03\x04"
SIGNATURES = {
    "pdf": [b"%PDF-"],
    "png": [b"\x89PNG\r\n\x1a\n"],
    "jpg": [b"\xff\xd8\xff"],
    "jpeg": [b"\xff\xd8\xff"],
    "docx": [ZIP],
    "xlsx": [ZIP],
    "odt": [ZIP],
    "ods": [ZIP],
    "csv": None,  # text: checked by decoding instead
    "txt": None,
}
ALLOWED = ", ".join(ext.upper() for ext in SIGNATURES if ext != "jpeg")


def max_bytes():
    return settings.IMPACT_EVIDENCE_MAX_BYTES


def check(upload):
    """Raise ValidationError with a plain message unless the upload is an allowed type within the size limit."""
    extension = os.path.splitext(upload.name or "")[1].lower().lstrip(".")
    if extension not in SIGNATURES:
        raise ValidationError(f"The evidence must be a {ALLOWED} file.")
    if upload.size > max_bytes():
        raise ValidationError(f"The evidence must be smaller than {max_bytes() // (1024 * 1024)} MB.")
    if upload.size == 0:
        raise ValidationError("The evidence file is empty.")
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    signatures = SIGNATURES[extension]
    if signatures is None:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            # A multi-byte character cut at 2,048 bytes is still text: allow a short tail to fail.
            try:
                head[:-3].decode("utf-8")
            except UnicodeDecodeError:
                raise ValidationError(f"The evidence file is not a real {extension.upper()} file.") from None
    elif not any(head.startswith(signature) for signature in signatures):
        raise ValidationError(f"The evidence file is not a real {extension.upper()} file.")


def store(upload, organisation, title):
    """Save a checked upload as a document in the organisation's collection (the root one if it has none)."""
    collection = organisation.collection or Collection.get_first_root_node()
    document = get_document_model()(title=title[:255], collection=collection)
    upload.seek(0)
    document.file.save(os.path.basename(upload.name), ContentFile(upload.read()), save=False)
    document.file_size = upload.size
    document.save()
    return document
