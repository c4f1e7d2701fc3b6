"""The Wagtail admin page where a buyer sees notices from the CDP and brings them in now.

Only people who can edit the organisation's page (its buyers, and editors above them) may open it; the
button queues `sync_notices_task`, which reads the shared feed from where it stopped.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from portal.models import OrganisationPage

from .models import BuyerNoticeSettings, NoticeFeed
from .ocds.sync import sync_notices_task


class NoticeSettingsForm(forms.ModelForm):
    class Meta:
        model = BuyerNoticeSettings
        fields = ["publish_automatically"]


@require_http_methods(["GET", "POST"])
def notice_sync(request, organisation_id):
    organisation = get_object_or_404(OrganisationPage, pk=organisation_id)
    if not organisation.permissions_for_user(request.user).can_edit():
        raise PermissionDenied("Only the organisation's own buyers can bring in its notices.")
    settings_row, _ = BuyerNoticeSettings.objects.get_or_create(organisation=organisation)
    form = NoticeSettingsForm(request.POST or None, instance=settings_row)
    if request.method == "POST" and request.POST.get("action") == "sync":
        sync_notices_task.enqueue()
        messages.success(request, "Bringing in notices from the Central Digital Platform. This page shows the result.")
        return redirect("insights_notice_sync", organisation.pk)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your choice for new notices is saved.")
        return redirect("insights_notice_sync", organisation.pk)
    settings_row.refresh_from_db()
    return render(
        request,
        "insights/admin/notice_sync.html",
        {
            "organisation": organisation,
            "form": form,
            "notice_settings": settings_row,
            "feed": NoticeFeed.objects.order_by("-last_run_at").first(),
        },
        status=400 if form.errors else 200,
    )
