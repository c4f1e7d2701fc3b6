"""Suppliers: spellings joined, look-alikes proposed, registers and awards filling in what files leave out."""

import pytest

from spend import enrich
from spend.figures import Analysis
from spend.models import Supplier, SupplierMerge
from spend.resolve import confirm_merge, propose_merges, reject_merge, undo_merge
from tests.spend.conftest import DATA, import_text

pytestmark = pytest.mark.django_db

HEADER = "Date,Amount,Supplier\n"


def test_look_alike_names_are_proposed_not_joined(organisation):
    import_text(organisation, 2024, HEADER + "01/05/2024,5.00,Acme\n02/05/2024,7.00,Acme Services Ltd\n")
    merge = SupplierMerge.objects.get()
    assert (merge.keep.name, merge.other.name, merge.status) == ("Acme", "Acme Services Ltd", "proposed")
    assert merge.reason == "One name is the other with words added"
    assert Supplier.objects.count() == 2


def test_a_rejected_pair_is_never_proposed_again(organisation):
    import_text(organisation, 2024, HEADER + "01/05/2024,5.00,Acme\n02/05/2024,7.00,Acme Services Ltd\n")
    reject_merge(SupplierMerge.objects.get())
    assert propose_merges() == 0


def test_confirming_moves_the_money_and_undoing_moves_it_back(organisation):
    import_text(organisation, 2024, HEADER + "01/05/2024,5.00,Acme\n02/05/2024,7.00,Acme Services Ltd\n")
    merge = SupplierMerge.objects.get()
    confirm_merge(merge)
    top = Analysis([organisation.pk], 2024).top_suppliers()
    assert [(row["supplier__name"], row["update"]) for row in top] == [("Acme", 12)]
    # A later file's spelling of the merged supplier lands on the kept one.
    import_text(organisation, 2024, HEADER + "03/05/2024,1.00,ACME SERVICES LIMITED\n", name="later.csv")
    assert Analysis([organisation.pk], 2024).top_suppliers()[0]["update"] == 13
    undo_merge(merge)
    top = Analysis([organisation.pk], 2024).top_suppliers()
    assert sorted((row["supplier__name"], row["update"]) for row in top) == [("Acme", 5), ("Acme Services Ltd", 8)]


def test_two_registered_companies_are_never_proposed_as_one(organisation):
    content = "Date,Amount,Supplier,Company Number\n01/05/2024,5,Acme,01111111\n02/05/2024,7,Acme Services,02222222\n"
    import_text(organisation, 2024, content)
    assert not SupplierMerge.objects.exists()


def test_companies_house_file_fills_in_postcode_sector_kind_and_size(organisation):
    content = (
        HEADER
        + "01/05/2024,5.00,Acme Ltd\n01/05/2024,5.00,Ribble Cleaning Co-operative Ltd\n"
        + "01/05/2024,5.00,Preston Digital Ltd\n01/05/2024,5.00,Nationwide Facilities PLC\n"
    )
    import_text(organisation, 2024, content)
    report = enrich.from_companies_house(DATA / "companies_house_sample.csv")
    assert (report.matched, report.by_name) == (4, 4)
    acme = Supplier.objects.get(key="ACME")
    assert (acme.company_number, acme.postcode, acme.district, acme.sector) == ("04567123", "PR1 2AB", "PR1", "F")
    assert (acme.size, acme.size_source) == ("small", "Companies House accounts category")
    ribble = Supplier.objects.get(key="RIBBLE CLEANING CO OPERATIVE")
    assert (ribble.kind, ribble.sector) == ("coop", "N")
    assert Supplier.objects.get(key="PRESTON DIGITAL").size == "micro"
    nationwide = Supplier.objects.get(key="NATIONWIDE FACILITIES")
    assert nationwide.size == ""  # full accounts say nothing about size: unknown stays unknown


def test_charity_register_marks_charities_and_skips_linked_charities(organisation):
    import_text(organisation, 2024, HEADER + "01/05/2024,5.00,Darwen Community Transport\n")
    report = enrich.from_charity_register(DATA / "charity_register_sample.txt")
    assert report.matched == 1
    darwen = Supplier.objects.get()
    assert (darwen.charity_number, darwen.kind, darwen.postcode) == ("1098765", "vcse", "BB3 1JD")


def test_size_comes_from_an_award_and_an_analysts_size_is_kept(organisation):
    from opportunities.factories import AwardFactory, LotFactory, OpportunityPageFactory

    lot = LotFactory(opportunity=OpportunityPageFactory(parent=organisation), number=1)
    import_text(organisation, 2024, HEADER + "01/05/2024,5.00,Lune Kitchen CIC\n01/05/2024,5.00,Other Ltd\n")
    AwardFactory(lot=lot, supplier_name="Lune Kitchen CIC", supplier_size="micro", supplier_type="social_enterprise")
    other = Supplier.objects.get(key="OTHER")
    other.size = "large"
    other.save()
    AwardFactory(lot=lot, supplier_name="Other Ltd", supplier_size="small", supplier_postcode="")
    assert enrich.from_awards() == 2  # Lune's size and kind; Other's kind only
    lune = Supplier.objects.get(key="LUNE KITCHEN")
    assert (lune.size, lune.size_source, lune.kind) == ("micro", "Declared in a contract award", "social_enterprise")
    other.refresh_from_db()
    assert other.size_source == "Set by an analyst"
    assert (other.size, other.kind) == ("large", "private")


def test_a_public_body_kind_takes_its_payments_out_of_influenceable_spend(
    organisation, django_capture_on_commit_callbacks
):
    import_text(organisation, 2024, HEADER + "01/05/2024,500.00,Westmoor County Council\n02/05/2024,100.00,Acme\n")
    council = Supplier.objects.get(key="WESTMOOR COUNTY COUNCIL")
    council.kind = "public"
    with django_capture_on_commit_callbacks(execute=True):
        council.save()  # the rules are re-applied once the change is committed
    headline = Analysis([organisation.pk], 2024).headlines()[2024]
    assert (headline.total, headline.influenceable) == (600, 100)
