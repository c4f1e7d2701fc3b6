"""Quick quotes: a buyer invites suppliers, each answers by signed link; fair rotation; buyer isolation."""

import datetime

from django.core import mail
from django.test import Client

from opportunities.factories import OpportunityPageFactory
from portal import clock
from suppliers.factories import QuoteInvitationFactory, QuoteRequestFactory, SupplierFactory
from suppliers.models import QuoteInvitation, QuoteRequest

from .conftest import link_from


def quote_form(suppliers, **fields):
    return {
        "supplier": [s.pk for s in suppliers],
        "title": "Buffet lunch for 60 people",
        "message": "At the town hall on a weekday.",
        "reply_by": (clock.today() + datetime.timedelta(days=10)).isoformat(),
        **fields,
    }


def test_a_buyer_invites_three_suppliers_who_get_the_opportunity_link(organisation, buyer_client):
    client, _user = buyer_client(organisation)
    suppliers = SupplierFactory.create_batch(3, divisions=["55"])
    opportunity = OpportunityPageFactory(parent=organisation, title="Town hall catering")
    mail.outbox.clear()
    response = client.post("/suppliers/quotes/new/", quote_form(suppliers, opportunity=opportunity.pk))
    assert response.status_code == 302
    request = QuoteRequest.objects.get()
    assert request.organisation == organisation
    assert sorted(mail.outbox, key=lambda m: m.to[0]) and len(mail.outbox) == 3
    assert {m.to[0] for m in mail.outbox} == {s.email for s in suppliers}
    assert all(opportunity.url in m.body for m in mail.outbox)
    assert all(m.reply_to == [organisation.contact_email] for m in mail.outbox)
    assert "Buffet lunch for 60 people" in client.get(response.url).content.decode()


def test_a_supplier_answers_by_its_link_and_the_buyer_sees_the_answer(organisation, buyer_client):
    client, _user = buyer_client(organisation)
    supplier = SupplierFactory(business_name="Lune Kitchen")
    mail.outbox.clear()
    client.post("/suppliers/quotes/new/", quote_form([supplier]))
    path = link_from(mail.outbox[0], "/suppliers/quote/")
    anyone = Client()
    assert "Buffet lunch for 60 people" in anyone.get(path).content.decode()
    assert anyone.post(path, {"answer": "nonsense"}).status_code == 400
    assert anyone.post(path, {"answer": "will_quote"}).status_code == 302
    invitation = QuoteInvitation.objects.get()
    assert invitation.response == QuoteInvitation.Response.WILL_QUOTE
    page = client.get(f"/suppliers/quotes/{invitation.request_id}/").content.decode()
    assert "Will send a quote" in page
    assert client.get(path.replace("/quote/", "/quote/x")).status_code == 400


def test_a_quote_link_expires(organisation):
    invitation = QuoteInvitationFactory(request=QuoteRequestFactory(organisation=organisation))
    from suppliers import links

    path = f"/suppliers/quote/{links.make(invitation, links.QUOTE)}/"
    with __import__("time_machine").travel(clock.now() + datetime.timedelta(days=61)):
        response = Client().get(path)
    assert response.status_code == 410


def test_fair_rotation_shows_who_this_organisation_invited_recently(organisation, other_organisation, buyer_client):
    client, _user = buyer_client(organisation)
    often, never, elsewhere = (SupplierFactory(divisions=["55"]) for _ in range(3))
    for _ in range(2):
        QuoteInvitationFactory(request=QuoteRequestFactory(organisation=organisation), supplier=often)
    QuoteInvitationFactory(request=QuoteRequestFactory(organisation=other_organisation), supplier=elsewhere)
    response = client.get("/suppliers/?division=55")
    recent = {s.pk: s.recent for s in response.context["page"]}
    assert recent[often.pk][0] == 2
    assert recent[never.pk] is None
    assert recent[elsewhere.pk] is None  # another organisation's invitations are not this buyer's business
    page = client.get(f"/suppliers/quotes/new/?supplier={often.pk}&supplier={never.pk}").content.decode()
    assert "Invitations from" in page


def test_buyers_see_only_their_own_organisations_quote_requests(organisation, other_organisation, buyer_client):
    theirs = QuoteInvitationFactory(request=QuoteRequestFactory(organisation=other_organisation, title="Theirs"))
    client, _user = buyer_client(organisation)
    assert client.get(f"/suppliers/quotes/{theirs.request_id}/").status_code == 404
    assert "Theirs" not in client.get("/suppliers/quotes/").content.decode()
    # An opportunity of another organisation cannot be attached to a request.
    other_opportunity = OpportunityPageFactory(parent=other_organisation)
    supplier = SupplierFactory()
    response = client.post("/suppliers/quotes/new/", quote_form([supplier], opportunity=other_opportunity.pk))
    assert response.status_code == 400
    assert "Choose one of your organisation" in response.content.decode()


def test_only_buyers_can_ask_for_quotes(home, buyer_of):
    assert Client().get("/suppliers/quotes/new/").status_code == 302
    from portal.factories import UserFactory

    client = Client()
    client.force_login(UserFactory())
    assert client.get("/suppliers/quotes/").status_code == 403


def test_a_quote_form_with_mistakes_keeps_what_was_typed(organisation, buyer_client):
    client, _user = buyer_client(organisation)
    supplier = SupplierFactory()
    response = client.post(
        "/suppliers/quotes/new/", quote_form([supplier], reply_by="31 2 2020", message="Keep this message")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a real date" in page
    assert "Keep this message" in page
    response = client.post("/suppliers/quotes/new/", quote_form([], message="x"))
    assert "Choose at least one supplier" in response.content.decode()


def test_the_anchors_page_shows_how_widely_it_asks_for_quotes(organisation, other_organisation, client):
    """The accessibility scorecard counts the last year's invitations and how many different firms got them."""
    often, once = SupplierFactory(business_name="Lune Kitchen"), SupplierFactory(business_name="Bay Bakers")
    for supplier in (often, often, once):
        QuoteInvitationFactory(request=QuoteRequestFactory(organisation=organisation), supplier=supplier)
    answered = QuoteInvitation.objects.filter(supplier=once).get()
    answered.response = QuoteInvitation.Response.DECLINED
    answered.save()
    old = QuoteInvitationFactory(request=QuoteRequestFactory(organisation=organisation), supplier=once)
    QuoteInvitation.objects.filter(pk=old.pk).update(sent_at=clock.now() - datetime.timedelta(days=400))
    QuoteInvitationFactory(request=QuoteRequestFactory(organisation=other_organisation))
    page = client.get(organisation.url).content.decode()
    assert "3 invitations to 2 different firms" in page
    assert "33.3%" in page  # one of the three answered
    assert "1 invitation to 1 different firm" in client.get(other_organisation.url).content.decode()
