import pytest

from django.test import Client

from events import demo as events_demo
from opportunities import demo as opportunities_demo
from portal import demo as portal_demo
from suppliers import demo
from suppliers.models import QuoteInvitation, Subcontract, SubcontractAward, Supplier


@pytest.mark.django_db
def test_demo_seeds_suppliers_quotes_and_a_subcontract_and_is_idempotent(home):
    for module in (portal_demo, opportunities_demo, events_demo):
        module.seed(progress=lambda message: None)
    demo.seed(progress=lambda message: None)
    counts = (
        Supplier.objects.count(),
        QuoteInvitation.objects.count(),
        Subcontract.objects.count(),
        SubcontractAward.objects.count(),
    )
    assert counts == (10, 3, 1, 1)
    demo.seed(progress=lambda message: None)
    assert (
        Supplier.objects.count(),
        QuoteInvitation.objects.count(),
        Subcontract.objects.count(),
        SubcontractAward.objects.count(),
    ) == counts
    # The demo's public listing answers a search for caterers.
    page = Client().get("/suppliers/?q=catering").content.decode()
    assert "Ribble Kitchen Co-operative" in page
    assert "Lune Valley Foods" not in page  # not in the public listing
    assert "Subcontract: via " in Client().get("/suppliers/subcontracts/").content.decode()
    # ...and the finder lists the demo subcontract's two lots.
    from finder.models import LotEntry

    assert LotEntry.objects.filter(source="subcontract").count() == 2
