"""Sending quick-quote invitations and recording the answers: the log buyers and the scorecard read
(`suppliers.scorecard`)."""

from django.db import transaction

from portal import clock

from .emails import quote_message
from .models import QuoteInvitation, QuoteRequest


def send(organisation, user, data):
    """Save the request and one invitation per supplier, then email each supplier once the rows are saved."""
    with transaction.atomic():
        quote_request = QuoteRequest.objects.create(
            organisation=organisation,
            created_by=user if user.is_authenticated else None,
            opportunity=data.get("opportunity"),
            title=data["title"],
            message=data["message"],
            reply_by=data["reply_by"],
        )
        invitations = QuoteInvitation.objects.bulk_create(
            [
                QuoteInvitation(
                    request=quote_request,
                    supplier=supplier,
                    organisation=organisation,
                    business_name=supplier.business_name,
                    sent_at=quote_request.created_at,
                )
                for supplier in data["supplier"]
            ]
        )
    opportunity_url = quote_request.opportunity.url if quote_request.opportunity else ""
    for invitation in invitations:
        invitation.request = quote_request
        quote_message(invitation, opportunity_url).send()
    return quote_request


def answer(invitation, response):
    invitation.response = response
    invitation.responded_at = clock.now()
    invitation.save(update_fields=["response", "responded_at"])
