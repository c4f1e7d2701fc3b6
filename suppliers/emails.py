"""The emails this app sends, each as plain text and accessible HTML (the alerts' layout)."""

from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from . import links


def absolute(path):
    """A full address on the public site (BASE_URL), for links in emails."""
    return urljoin(settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/", path.lstrip("/"))


def site_name():
    from portal.models import PortalSettings

    return PortalSettings.load().brand_name or settings.WAGTAIL_SITE_NAME


def build(to, subject, template, context, reply_to=None):
    context = {"site_name": site_name(), "subject": subject, **context}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"suppliers/email/{template}.txt", context),
        to=[to],
        reply_to=reply_to or None,
    )
    message.attach_alternative(render_to_string(f"suppliers/email/{template}.html", context), "text/html")
    return message


def sign_in_message(link):
    url = absolute(reverse("suppliers:sign_in_link", args=[links.make(link, links.SIGN_IN)]))
    return build(
        link.email, "Your sign-in link", "sign_in", {"url": url, "minutes": links.MAX_AGE[links.SIGN_IN] // 60}
    )


def quote_message(invitation, opportunity_url=""):
    request = invitation.request
    context = {
        "invitation": invitation,
        "request": request,
        "organisation": invitation.organisation.title,
        "opportunity_url": absolute(opportunity_url) if opportunity_url else "",
        "answer_url": absolute(reverse("suppliers:quote_answer", args=[links.make(invitation, links.QUOTE)])),
    }
    contact = invitation.organisation.contact_email
    return build(
        invitation.supplier.email,
        f"{invitation.organisation.title} asks you for a quote: {request.title}",
        "quote",
        context,
        reply_to=[contact] if contact else None,
    )


def prime_message(access):
    award = access.award
    url = absolute(reverse("suppliers:prime_link", args=[links.make(access, links.PRIME)]))
    context = {
        "award": award,
        "organisation": award.lot.opportunity.buyer.title if award.lot.opportunity.buyer else "",
        "opportunity": award.lot.opportunity.title,
        "url": url,
        "days": links.MAX_AGE[links.PRIME] // (24 * 60 * 60),
    }
    return build(access.email, "Post subcontracts for the contract you won", "prime", context)
