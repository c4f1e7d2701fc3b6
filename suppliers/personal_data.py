"""Everything the portal holds for one verified email address: shown together, exported, erased (UK GDPR).

Alerts and event registrations are not copied into the profile: they join it by the verified address,
so ones made before the profile existed (or made later, signed out) appear too.
"""

from django.db import transaction

from alerts.emails import links as alert_links
from alerts.models import Subscription
from events.links import registration_path
from events.models import Registration

from .models import QuoteInvitation, Supplier


def alerts_for(email):
    return Subscription.objects.filter(email__iexact=email).order_by("created_at")


def registrations_for(email):
    return (
        Registration.objects.filter(email__iexact=email, anonymised_at__isnull=True)
        .select_related("event")
        .order_by("-event__start")
    )


def joined(email):
    """The alerts and registrations made with this address, with the links that manage them."""
    return {
        "email": email,
        "alerts": [
            {"subscription": s, "criteria": s.criteria_summary(), "manage_url": alert_links(s)["manage_url"]}
            for s in alerts_for(email)
        ],
        "registrations": [{"registration": r, "url": registration_path(r)} for r in registrations_for(email)],
    }


def export(email):
    """A JSON-ready copy of the profile, its alerts, registrations and the quote invitations it received."""
    supplier = Supplier.objects.filter(email=email.lower()).prefetch_related("work", "locations", "partners").first()
    data = {"email": email, "profile": None}
    if supplier is not None:
        data["profile"] = {
            "business_name": supplier.business_name,
            "companies_house_number": supplier.companies_house_number,
            "charity_number": supplier.charity_number,
            "ppon": supplier.ppon,
            "postcode": supplier.postcode,
            "size": supplier.get_size_display(),
            "kind": supplier.get_kind_display(),
            "what_the_business_does": supplier.description,
            "cpv_codes": [work.prefix for work in supplier.work.all()],
            "places": [location.name for location in supplier.locations.all()],
            "certificates": supplier.certificate_list(),
            "website": supplier.website,
            "phone": supplier.phone,
            "business_groups": [partner.name for partner in supplier.partners.all()],
            "findable_by_buyers": supplier.findable,
            "in_public_directory": supplier.listed_publicly,
            "created_at": supplier.created_at.isoformat(),
            "updated_at": supplier.updated_at.isoformat(),
        }
        data["quote_invitations"] = [
            {
                "from": invitation.organisation.title,
                "title": invitation.request.title,
                "sent_at": invitation.sent_at.isoformat(),
                "answer": invitation.get_response_display(),
            }
            for invitation in QuoteInvitation.objects.filter(supplier=supplier).select_related(
                "request", "organisation"
            )
        ]
    data["email_alerts"] = [
        {
            "created_at": s.created_at.isoformat(),
            "confirmed_at": s.confirmed_at.isoformat() if s.confirmed_at else None,
            "consent": s.consent_text,
            "answers": dict(s.criteria_summary()),
        }
        for s in alerts_for(email)
    ]
    data["event_registrations"] = [
        {
            "event": r.event.title,
            "status": r.get_status_display(),
            "name": r.name,
            "business_name": r.business_name,
            "postcode": r.postcode,
            "access_needs": r.access_needs,
            "registered_at": r.created_at.isoformat(),
        }
        for r in registrations_for(email)
    ]
    return data


def erase(email):
    """Delete the profile and the alerts made with this address.

    Quote invitations the business received stay in the buyers' logs under its business name (a record
    of the buyer's own decisions), without the profile. Event registrations stay with the event's
    organisers until they are anonymised after the event; each can be cancelled from its own link.
    """
    with transaction.atomic():
        Supplier.objects.filter(email=email.lower()).delete()
        Subscription.objects.filter(email__iexact=email).delete()
