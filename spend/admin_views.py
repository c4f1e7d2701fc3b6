"""Wagtail admin views for analysts: upload a file, match its columns, preview, import; decide merges.

Each view asks spend.access first. A file belonging to an anchor the user may not analyse is not found
(404), so nothing is revealed about it. The preview runs the whole import and rolls it back, so what it
shows is exactly what importing will do.
"""

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from wagtail.admin.auth import permission_denied

from portal import clock
from portal.models import OrganisationPage

from . import access, reading, resolve, tasks
from .importer import ImportRefused, preview, progress_key
from .models import ColumnMapping, PaymentFile, SupplierMerge, year_label
from .uploads import already_imported, receive, remember_mapping

LARGEST_UPLOAD_MB = 500


class UploadForm(forms.Form):
    anchor = forms.ModelChoiceField(
        label="Organisation", queryset=OrganisationPage.objects.none(), empty_label="Choose an organisation"
    )
    year = forms.TypedChoiceField(label="Financial year", coerce=int)
    publisher = forms.CharField(
        label="Who publishes the file",
        max_length=200,
        required=False,
        help_text="We remember how each publisher lays out its columns. Leave empty to use the organisation's name.",
    )
    file = forms.FileField(label="Payment file (CSV)")

    def __init__(self, *args, anchors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["anchor"].queryset = anchors
        self.fields["anchor"].error_messages["required"] = "Choose the organisation that made these payments."
        this_year = clock.today().year
        self.fields["year"].choices = [(y, year_label(y)) for y in range(this_year, this_year - 10, -1)]
        self.fields["file"].error_messages["required"] = "Choose a CSV file of payments."

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError("The file must be a CSV file. Save a spreadsheet as CSV first.")
        if upload.size > LARGEST_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(
                f"The file is bigger than {LARGEST_UPLOAD_MB} MB. Use manage.py import_payments for it."
            )
        if upload.size == 0:
            raise forms.ValidationError("The file is empty.")
        return upload


def _analysed_anchors(user):
    return OrganisationPage.objects.filter(pk__in=access.analysed_anchor_ids(user)).order_by("title")


def _own_file(request, file_id):
    return get_object_or_404(PaymentFile, pk=file_id, anchor_id__in=access.analysed_anchor_ids(request.user))


def upload(request):
    if not access.can_upload(request.user):
        return permission_denied(request)
    anchors = _analysed_anchors(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, anchors=anchors)
    if request.method == "POST" and form.is_valid():
        payment_file = receive(
            form.cleaned_data["anchor"], form.cleaned_data["year"], form.cleaned_data["file"], request.user
        )
        publisher = form.cleaned_data["publisher"].strip() or payment_file.anchor.title
        request.session[f"spend-publisher-{payment_file.pk}"] = publisher
        return redirect("spend_admin_columns", payment_file.pk)
    files = PaymentFile.objects.filter(anchor__in=anchors).select_related("anchor")[:50]
    return render(request, "spend/admin/upload.html", {"form": form, "files": files})


def column_form(headings, initial):
    choices = [("", "Not in this file"), *((h, h) for h in headings if h)]
    fields = {}
    for name, label in ColumnMapping.FIELDS:
        fields[name] = forms.ChoiceField(
            label=label, choices=choices, required=name in ColumnMapping.REQUIRED, initial=initial.get(name, "")
        )
        fields[name].error_messages["required"] = f"Choose the column that holds the {label.lower()}."
    fields["publisher"] = forms.CharField(label="Who publishes the file", max_length=200)
    return type("ColumnForm", (forms.Form,), fields)


def columns(request, file_id):
    payment_file = _own_file(request, file_id)
    if payment_file.status == PaymentFile.Status.IMPORTED:
        return redirect("spend_admin_status", payment_file.pk)
    headings = reading.read_headings(payment_file.file.path)
    publisher = request.session.get(f"spend-publisher-{payment_file.pk}") or payment_file.anchor.title
    remembered = ColumnMapping.objects.filter(publisher=publisher).first()
    initial = remembered.columns if remembered else reading.guess_columns(headings)
    Form = column_form(headings, initial)
    form = Form(request.POST or None, initial={**initial, "publisher": publisher})
    if request.method == "POST" and form.is_valid():
        chosen = {name: form.cleaned_data[name] for name, _ in ColumnMapping.FIELDS if form.cleaned_data[name]}
        payment_file.mapping = remember_mapping(form.cleaned_data["publisher"], chosen)
        payment_file.save(update_fields=["mapping"])
        return redirect("spend_admin_preview", payment_file.pk)
    context = {
        "payment_file": payment_file,
        "form": form,
        "sample": reading.text_sample(payment_file.file.path),
        "remembered": remembered,
    }
    return render(request, "spend/admin/columns.html", context)


def preview_file(request, file_id):
    payment_file = _own_file(request, file_id)
    if payment_file.status == PaymentFile.Status.IMPORTED:
        return redirect("spend_admin_status", payment_file.pk)
    if payment_file.mapping is None:
        return redirect("spend_admin_columns", payment_file.pk)
    earlier = already_imported(payment_file)
    try:
        report = None if earlier else preview(payment_file)
        refused = None
    except ImportRefused as error:
        report, refused = None, str(error)
    context = {"payment_file": payment_file, "report": report, "refused": refused, "earlier": earlier}
    return render(request, "spend/admin/preview.html", context)


@require_POST
def start_import(request, file_id):
    payment_file = _own_file(request, file_id)
    if payment_file.status == PaymentFile.Status.UPLOADED:
        PaymentFile.objects.filter(pk=payment_file.pk).update(status=PaymentFile.Status.IMPORTING)
        tasks.import_file.enqueue(payment_file.pk)
    return redirect("spend_admin_status", payment_file.pk)


def status(request, file_id):
    payment_file = _own_file(request, file_id)
    percent = payment_file.progress
    if payment_file.status == PaymentFile.Status.IMPORTING:
        percent = cache.get(progress_key(payment_file), 0)
    context = {"payment_file": payment_file, "percent": percent, "error": cache.get(tasks.error_key(payment_file.pk))}
    return render(request, "spend/admin/status.html", context)


def merges(request):
    if not access.can_resolve_suppliers(request.user):
        return permission_denied(request)
    confirmed = SupplierMerge.objects.filter(status=SupplierMerge.Status.CONFIRMED).select_related("keep", "other")
    context = {
        "proposals": resolve.open_proposals()[:200],
        "confirmed": confirmed.order_by("-decided_at")[:50],
    }
    return render(request, "spend/admin/merges.html", context)


@require_POST
def decide_merge(request, merge_id, decision):
    if not access.can_resolve_suppliers(request.user):
        return permission_denied(request)
    merge = get_object_or_404(SupplierMerge, pk=merge_id)
    actions = {"confirm": resolve.confirm_merge, "reject": resolve.reject_merge, "undo": resolve.undo_merge}
    if decision not in actions:
        return permission_denied(request)
    try:
        actions[decision](merge, request.user)
    except resolve.MergeRefused as error:
        messages.error(request, str(error))
    else:
        done = {
            "confirm": f"“{merge.other}” is now counted as “{merge.keep}”.",
            "reject": f"“{merge.other}” and “{merge.keep}” stay separate.",
            "undo": f"“{merge.other}” is counted on its own again.",
        }
        messages.success(request, done[decision])
    return redirect(reverse("spend_admin_merges"))
