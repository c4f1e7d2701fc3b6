"""The OCDS importer on real published data (tests/insights/data/ocds, sources in its README).

Each test imports what a buyer or analyst would load and checks what they would then see: award totals as
the source states them, suitability and CPV codes kept, processes that never go backwards, bad releases
refused with a reason while the rest carry on, and an exact round trip.
"""

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest

from insights.figures import awards as award_figures
from insights.figures import totals
from insights.ocds.importer import import_ocds
from opportunities.models import Award, Lot, OpportunityPage, Stage
from portal.factories import OrganisationPageFactory
from portal.models import CPVCode, OrganisationPage

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data" / "ocds"
OFWAT = "Water Services Regulation Authority (Ofwat)"


def load(name):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def quiet(path, **options):
    return import_ocds(path, progress=lambda message: None, **options)


def write(tmp_path, name, releases):
    """A release package holding these releases (copies of real ones, changed as a test needs)."""
    path = tmp_path / name
    path.write_text(json.dumps({"uri": "https://example.org/package", "version": "1.1", "releases": releases}))
    return path


def real_release(name):
    return copy.deepcopy(load(name)["releases"][0])


@pytest.fixture
def buyers(buyers_index):
    return {
        name: OrganisationPageFactory(parent=buyers_index, title=name)
        for name in (OFWAT, "Durham County Council", "North Yorkshire Council", "Met Office")
    }


def opportunity_for(ocid):
    return OpportunityPage.objects.get(ocds_identity__ocid=ocid)


def test_a_framework_award_to_five_suppliers_is_one_award_of_its_value(client, buyers, insights_page):
    report = quiet(DATA / "contracts-finder-2018-ofwat-framework-award.json")
    assert report.rejected == [] and report.imported == 1

    rows = Award.objects.filter(award_id="a25b4919-aac9-47cb-952f-c5b2ca1eb2ec")
    assert rows.count() == 5  # each supplier is kept, with its own size and kind
    assert {row.value for row in rows} == {Decimal("500000.00")}
    assert sum(row.value_share for row in rows) == Decimal("500000.00")
    # The insights dashboard counts one contract worth what the source says, not 5 × £500,000.
    total = totals(award_figures(), set())
    assert (total.value, total.count) == (Decimal("500000.00"), 1)

    page = client.get(opportunity_for("ocds-b5fd17raw-1523ff0a-93de-4831-8551-7bb877f06103").url).content.decode()
    assert "for £500,000, shared between them" in page  # the lot's line: the value once
    assert "£500,000 (not including VAT), one award shared by 5 suppliers" in page
    assert "£2,500,000" not in page
    assert "Gowling WLG (UK) LLP" in page

    exported = client.get("/api/ocds/releases/all.json")
    package = json.loads(b"".join(exported.streaming_content))
    [award] = [award for release in package["releases"] for award in release.get("awards", [])]
    assert award["id"] == "a25b4919-aac9-47cb-952f-c5b2ca1eb2ec"
    assert award["value"] == {"amount": 500000.0, "currency": "GBP"}
    assert len(award["suppliers"]) == 5


def test_tender_suitability_and_cpv_codes_are_kept(buyers):
    report = quiet(DATA / "contracts-finder-2025-durham-tender.json")
    assert report.rejected == [] and report.imported == 1
    opportunity = opportunity_for("ocds-b5fd17-8d32d7f9-d329-4b4f-bb2f-d2ce3ba23436")
    [lot] = opportunity.lots.all()
    # Contracts Finder gives suitability for the whole tender: the finder's SME and VCSE filters need it on the lot.
    assert (lot.suitable_for_sme, lot.suitable_for_vcse) == (True, True)
    # The portal ships the full CPV 2008 list, so the source's exact codes are kept.
    assert opportunity.main_cpv.code == "75240000"
    assert [cpv.code for cpv in lot.cpv_codes.all()] == ["79710000"]
    assert opportunity.stage == Stage.OPEN
    assert opportunity.reference == "OPEN202553"


def test_a_code_the_portal_lacks_falls_back_to_its_group(buyers):
    CPVCode.objects.filter(code__in=["75240000", "79710000"]).delete()
    quiet(DATA / "contracts-finder-2025-durham-tender.json")
    opportunity = opportunity_for("ocds-b5fd17-8d32d7f9-d329-4b4f-bb2f-d2ce3ba23436")
    assert opportunity.main_cpv.code == "75200000"
    assert [cpv.code for cpv in opportunity.lots.get().cpv_codes.all()] == ["79700000"]


def test_an_award_keeps_the_supplier_details_and_a_later_release_never_sends_it_back(tmp_path, buyers):
    quiet(DATA / "contracts-finder-2025-north-yorkshire-award.json")
    opportunity = opportunity_for("ocds-b5fd17-410cff7b-9e7e-465c-9094-6c11a723a5ba")
    [award] = Award.objects.filter(lot__opportunity=opportunity)
    assert (award.supplier_name, award.value, award.supplier_size, award.supplier_type) == (
        "King James's School",
        Decimal("75000.00"),
        Award.SupplierSize.SMALL,  # details.scale "sme"
        Award.SupplierType.PRIVATE,  # details.vcse false
    )
    assert award.supplier_postcode == "HG5 8EB"  # read from the end of the street address
    assert opportunity.stage == Stage.AWARDED

    # A later tender update carries no awards: the contract stays awarded and its award stays.
    later = real_release("contracts-finder-2025-north-yorkshire-award.json")
    later.update(id="later-update", date="2025-02-01T09:00:00Z", tag=["tenderUpdate"])
    later["tender"]["status"] = "active"
    del later["awards"]
    report = quiet(write(tmp_path, "later.json", [later]))
    assert report.rejected == [] and report.imported == 1
    opportunity.refresh_from_db()
    assert opportunity.stage == Stage.AWARDED
    assert Award.objects.filter(lot__opportunity=opportunity).count() == 1


def test_awards_are_matched_on_their_id(tmp_path, buyers):
    first = real_release("contracts-finder-2025-north-yorkshire-award.json")
    second_award = copy.deepcopy(first["awards"][0])
    second_award.update(id="second-award", value={"amount": 12000, "currency": "GBP"})
    first["awards"].append(second_award)  # two distinct awards to the same supplier
    update = real_release("contracts-finder-2025-north-yorkshire-award.json")
    update.update(id="award-update", date="2025-03-01T09:00:00Z", tag=["awardUpdate"])
    update["awards"][0]["value"] = {"amount": 80000, "currency": "GBP"}
    report = quiet(write(tmp_path, "awards.json", [first, update]))
    assert report.rejected == []

    awards = Award.objects.filter(lot__opportunity__ocds_identity__ocid=first["ocid"]).order_by("value")
    assert [(award.award_id, award.value) for award in awards] == [
        ("second-award", Decimal("12000.00")),
        ("ocds-b5fd17-410cff7b-9e7e-465c-9094-6c11a723a5ba-1", Decimal("80000.00")),
    ]

    cancelled = copy.deepcopy(update)
    cancelled.update(id="award-cancelled", date="2025-04-01T09:00:00Z")
    cancelled["awards"] = [{**second_award, "status": "cancelled"}]
    quiet(write(tmp_path, "cancelled.json", [cancelled]))
    assert not Award.objects.filter(award_id="second-award").exists()


def test_lot_ids_of_any_form_keep_their_identity(client, tmp_path, buyers):
    release = real_release("contracts-finder-2025-durham-tender.json")
    release["tender"]["lots"] = [
        {"id": "LOT-0001", "title": "Stewarding", "suitability": {"sme": True, "vcse": False}},
        {"id": "LOT-0002", "title": "Crowd barriers", "value": {"amount": 20000, "currency": "GBP"}},
    ]
    release["tender"]["items"] = [{"id": "1", "relatedLot": "LOT-0001"}, {"id": "2", "relatedLot": "LOT-0002"}]
    award = copy.deepcopy(release)
    award.update(id="award", date="2025-03-01T09:00:00Z", tag=["award"])
    award["parties"].append({"id": "S1", "name": "Barrier Hire Ltd", "roles": ["supplier"]})
    award["awards"] = [
        {"id": "A1", "status": "active", "date": "2025-03-01T00:00:00Z", "relatedLots": ["LOT-0002"],
         "value": {"amount": 18000, "currency": "GBP"}, "suppliers": [{"id": "S1", "name": "Barrier Hire Ltd"}]}
    ]  # fmt: skip
    report = quiet(write(tmp_path, "lots.json", [release, award]))
    assert report.rejected == []

    lots = Lot.objects.filter(opportunity__ocds_identity__ocid=release["ocid"]).order_by("number")
    assert [(lot.number, lot.ocds_id, lot.title) for lot in lots] == [
        (1, "LOT-0001", "Stewarding"),
        (2, "LOT-0002", "Crowd barriers"),
    ]
    assert (lots[0].suitable_for_sme, lots[0].suitable_for_vcse) == (True, False)  # the lot's own suitability
    assert (lots[1].suitable_for_sme, lots[1].suitable_for_vcse) == (True, True)  # else the tender's
    assert Award.objects.get(award_id="A1").lot == lots[1]

    package = json.loads(b"".join(client.get("/api/ocds/releases/all.json").streaming_content))
    tender = next(r["tender"] for r in package["releases"] if r["ocid"] == release["ocid"])
    assert [lot["id"] for lot in tender["lots"]] == ["LOT-0001", "LOT-0002"]


def test_bad_releases_are_refused_with_a_reason_and_the_rest_carry_on(tmp_path, buyers):
    euros = real_release("contracts-finder-2025-north-yorkshire-award.json")
    euros["awards"][0]["value"]["currency"] = "EUR"
    bad_date = real_release("contracts-finder-2025-durham-tender.json")
    bad_date.update(ocid="ocds-b5fd17-bad-date", id="bad-date")
    bad_date["tender"]["tenderPeriod"]["endDate"] = "2025-02-31T12:00:00Z"
    numbered = real_release("contracts-finder-2025-durham-tender.json")
    numbered["tender"]["id"] = 202553  # OCDS allows an integer id
    report = quiet(write(tmp_path, "mixed.json", [euros, bad_date, numbered]))

    reasons = {release_id: reason for _source, release_id, reason in report.rejected}
    assert set(reasons) == {euros["id"], "bad-date"}
    assert "EUR, not pounds" in reasons[euros["id"]]
    assert "tender/tenderPeriod/endDate" in reasons["bad-date"] and "date-time" in reasons["bad-date"]
    assert report.imported == 1
    assert opportunity_for(numbered["ocid"]).reference == "202553"
    assert not OpportunityPage.objects.filter(ocds_identity__ocid=euros["ocid"]).exists()


def test_a_record_package_with_a_compiled_release_is_read_and_unsuccessful_means_cancelled(tmp_path, buyers):
    report = quiet(DATA / "contracts-finder-2014-met-office-record.json")
    assert report.rejected == [] and report.imported == 1
    opportunity = opportunity_for("ocds-b5fd17-2c330cf9-adc8-11e6-9901-0019b9f3037b")
    assert opportunity.stage == Stage.CANCELLED  # tender status "unsuccessful": ended without a contract
    assert opportunity.title == "Climate Science for Service Partnership (CSSP): Calls for Expressions of Interest"

    # The same record with linked releases (a url each): the compiled release is what is applied.
    record = load("contracts-finder-2014-met-office-record.json")
    compiled = record["records"][0]["compiledRelease"]
    compiled.update(ocid="ocds-b5fd17-linked", id="ocds-b5fd17-linked-compiled")
    record["records"] = [
        {
            "ocid": "ocds-b5fd17-linked",
            "releases": [{"url": "https://example.org/releases/1.json", "date": compiled["date"], "tag": ["tender"]}],
            "compiledRelease": compiled,
        }
    ]
    (tmp_path / "linked.json").write_text(json.dumps(record))
    assert quiet(tmp_path / "linked.json").imported == 1
    assert opportunity_for("ocds-b5fd17-linked").value_max == Decimal("464500.00")


def test_buyers_outside_the_partnership_are_skipped_and_counted_or_added_as_drafts(buyers_index):
    report = quiet(DATA)
    assert report.imported == 0 and report.rejected == []
    assert report.outside_partnership == {
        OFWAT: 1,
        "Durham County Council": 1,
        "North Yorkshire Council": 1,
        "Met Office": 1,
    }
    assert not OpportunityPage.objects.exists()

    report = quiet(DATA, add_buyers=True)
    assert report.imported == 4
    assert sorted(report.buyers_added) == ["Durham County Council", "Met Office", "North Yorkshire Council", OFWAT]
    added = OrganisationPage.objects.get(title="North Yorkshire Council")
    assert not added.live  # a draft for an editor to check
    assert opportunity_for("ocds-b5fd17-410cff7b-9e7e-465c-9094-6c11a723a5ba").buyer == added


def test_the_round_trip_of_imported_data_is_exact(client, tmp_path, buyers):
    assert quiet(DATA).rejected == []
    before = json.loads(b"".join(client.get("/api/ocds/releases/all.json").streaming_content))
    (tmp_path / "export.json").write_text(json.dumps(before))
    for opportunity in OpportunityPage.objects.all():
        opportunity.delete()

    report = quiet(tmp_path / "export.json")
    assert report.rejected == []
    after = json.loads(b"".join(client.get("/api/ocds/releases/all.json").streaming_content))
    key = lambda release: release["id"]  # noqa: E731
    assert sorted(after["releases"], key=key) == sorted(before["releases"], key=key)
    total = totals(award_figures(), set())
    assert total.value == Decimal("575000.00")  # Ofwat's £500,000 framework and North Yorkshire's £75,000


def test_buyers_are_matched_by_ppon_before_name_and_cdp_notices_and_vat_are_recorded(tmp_path, buyers, buyers_index):
    # The CDP names buyers by PPON: the organisation with that PPON wins over one with the same name.
    county = OrganisationPageFactory(parent=buyers_index, title="Durham CC (procurement)", ppon="PDNX-7253-FQPM")
    release = real_release("contracts-finder-2025-durham-tender.json")
    release["parties"][0]["identifier"] = {"scheme": "GB-PPON", "id": "PDNX-7253-FQPM"}
    release["buyer"]["id"] = release["parties"][0]["id"]
    release["tender"]["value"] = {"amount": 100000, "amountGross": 120000, "currency": "GBP"}
    release["tender"]["documents"].append(
        {"id": "004512-2025", "documentType": "tenderNotice", "noticeType": "UK4",
         "url": "https://www.find-tender.service.gov.uk/Notice/004512-2025", "datePublished": "2025-01-23T15:13:39Z"}
    )  # fmt: skip
    report = quiet(write(tmp_path, "cdp.json", [release]))
    assert report.rejected == []

    opportunity = opportunity_for(release["ocid"])
    assert opportunity.buyer == county
    assert (opportunity.value_max, opportunity.value_max_inc_vat) == (Decimal("100000.00"), Decimal("120000.00"))
    [notice] = opportunity.notices.all()
    assert (notice.notice_type, notice.identifier, str(notice.published)) == ("UK4", "004512-2025", "2025-01-23")


def test_a_cdp_notice_for_an_opportunity_made_in_the_portal_updates_it_rather_than_duplicating_it(tmp_path, buyers):
    from opportunities.factories import LotFactory, OpportunityPageFactory

    durham = buyers["Durham County Council"]
    own = OpportunityPageFactory(parent=durham, title="Stewarding", reference="OPEN202553")
    LotFactory(opportunity=own, number=1, title="Stewarding")
    report = quiet(DATA / "contracts-finder-2025-durham-tender.json")
    assert report.imported == 1
    assert OpportunityPage.objects.filter(buyer=durham).count() == 1
    own.refresh_from_db()
    assert own.ocds_identity.ocid == "ocds-b5fd17-8d32d7f9-d329-4b4f-bb2f-d2ce3ba23436"
