"""Signed links already in suppliers' inboxes keep working: the token's format and salts never change."""

import pytest

from django.core import signing

from opportunities.factories import AwardFactory, LotFactory, OpportunityPageFactory
from suppliers import links
from suppliers.factories import QuoteInvitationFactory, QuoteRequestFactory
from suppliers.models import PrimeAccess, SignInLink

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(organisation):
    award = AwardFactory(lot=LotFactory(opportunity=OpportunityPageFactory(parent=organisation)))
    return [
        (SignInLink.objects.create(email="someone@example.com"), "suppliers.sign-in", "key"),
        (QuoteInvitationFactory(request=QuoteRequestFactory(organisation=organisation)), "suppliers.quote", "secret"),
        (PrimeAccess.objects.create(award=award, email="bids@big.example"), "suppliers.prime", "secret"),
    ]


def test_links_signed_as_they_always_were_still_open(rows):
    for row, salt, key_field in rows:
        emailed = signing.dumps({"id": row.pk, "s": getattr(row, key_field)}, salt=salt, compress=True)
        assert links.read(emailed, salt) == row


def test_new_links_are_signed_as_they_always_were(rows):
    for row, salt, key_field in rows:
        assert signing.loads(links.make(row, salt), salt=salt) == {"id": row.pk, "s": getattr(row, key_field)}
