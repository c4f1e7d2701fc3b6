"""Delivery returns: periods, signed links, submitting and correcting, evidence, and what the buyer sees."""

import datetime
from decimal import Decimal

import pytest

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from impact import links, returns
from impact.models import DeliveryReturn, Evidence, SignedLink
from impact.periods import periods
from tests.impact.conftest import make_award, make_plan, this_financial_year

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def first_quarter(plan):
    return periods(plan)[0]


def return_link(plan, period=None):
    period = period or first_quarter(plan)
    return links.issue(
        SignedLink.Purpose.RETURN, links.return_link_expiry(period), plan=plan, period_start=period.start
    )


def path_of(link):
    return f"/report-delivery/{links.token_for(link)}/"


def answers(measures, jobs="2", hours="30", **extra):
    return {
        f"measure_{measures['local-jobs'].pk}": jobs,
        f"measure_{measures['volunteering-hours'].pk}": hours,
        "submitted_by": "Sam Patel",
        "notes": "Two cleaners from Preston hired in May.",
        **extra,
    }


def test_quarterly_periods_of_a_year(plan):
    year = this_financial_year()  # the plan runs from 1 April this year to 31 March next
    quarters = periods(plan)
    assert [(p.start, p.end, p.due) for p in quarters] == [
        (datetime.date(year, 4, 1), datetime.date(year, 6, 30), datetime.date(year, 7, 30)),
        (datetime.date(year, 7, 1), datetime.date(year, 9, 30), datetime.date(year, 10, 30)),
        (datetime.date(year, 10, 1), datetime.date(year, 12, 31), datetime.date(year + 1, 1, 30)),
        (datetime.date(year + 1, 1, 1), datetime.date(year + 1, 3, 31), datetime.date(year + 1, 4, 30)),
    ]
    assert quarters[0].label == f"1 April to 30 June {year}"


def test_a_plan_ending_mid_quarter_has_a_short_last_period(award):
    year = this_financial_year()
    plan = make_plan(award)
    plan.ends_on = datetime.date(year, 8, 15)
    assert [(p.start, p.end) for p in periods(plan)] == [
        (datetime.date(year, 4, 1), datetime.date(year, 6, 30)),
        (datetime.date(year, 7, 1), datetime.date(year, 8, 15)),
    ]


@pytest.mark.usefixtures("after_the_first_quarter")
def test_supplier_reports_delivery_with_evidence(client, plan, measures, organisation):
    link = return_link(plan)
    page = client.get(path_of(link))
    assert page.status_code == 200
    assert f"Tell us what you delivered from 1 April to 30 June {this_financial_year()}" in page.content.decode()
    evidence_file = SimpleUploadedFile("payroll.pdf", PDF, content_type="application/pdf")
    response = client.post(path_of(link), answers(measures, evidence_file=evidence_file))
    assert response.status_code == 200
    assert "Report received" in response.content.decode()
    saved = DeliveryReturn.objects.get()
    assert saved.version == 1 and saved.replaced_at is None
    assert {row.measure.code: row.quantity for row in saved.quantities.all()} == {
        "local-jobs": Decimal("2"),
        "volunteering-hours": Decimal("30"),
    }
    document = Evidence.objects.get().document
    assert document.collection == organisation.collection, "kept in the buyer's own collection"
    assert document.file.read() == PDF


@pytest.mark.usefixtures("after_the_first_quarter")
def test_a_used_link_is_refused_with_a_clear_page(client, plan, measures):
    link = return_link(plan)
    client.post(path_of(link), answers(measures))
    again = client.post(path_of(link), answers(measures, jobs="9"))
    assert again.status_code == 410
    assert "This link has already been used" in again.content.decode()
    assert DeliveryReturn.objects.count() == 1
    assert client.get(path_of(link)).status_code == 410


@pytest.mark.usefixtures("after_the_first_quarter")
def test_an_expired_link_is_refused_with_a_clear_page(clock_at, client, plan, measures):
    link = return_link(plan)
    # Due 30 July; the link works 60 days after that (IMPACT_LINK_DAYS_AFTER_DUE), so not on 1 October.
    clock_at(f"{datetime.date(this_financial_year(), 10, 1)} 10:00")
    response = client.post(path_of(link), answers(measures))
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    assert not DeliveryReturn.objects.exists()


@pytest.mark.usefixtures("after_the_first_quarter")
def test_a_changed_link_is_refused_with_a_clear_page(client, plan, measures):
    link = return_link(plan)
    token = links.token_for(link)
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    response = client.get(f"/report-delivery/{tampered}/")
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()
    # A valid signature for another link id is not enough either: the nonce must match.
    other = SignedLink.objects.create(
        purpose="return",
        plan=plan,
        period_start=link.period_start,
        expires_at=link.expires_at,
        created_at=link.created_at,
    )
    forged = links.sign({"id": other.pk, "n": link.nonce})
    assert client.get(f"/report-delivery/{forged}/").status_code == 404


@pytest.mark.usefixtures("after_the_first_quarter")
def test_bad_answers_are_explained_and_kept(client, plan, measures):
    link = return_link(plan)
    response = client.post(path_of(link), answers(measures, jobs="-1", hours="lots", submitted_by=""))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Local jobs must be 0 or more" in page
    assert "Enter a number for volunteering hours" in page
    assert "Enter your full name" in page
    assert "Two cleaners from Preston hired in May." in page, "what was typed is kept"
    assert not DeliveryReturn.objects.exists()
    assert SignedLink.objects.get().used_at is None, "a refused form does not use the link up"


@pytest.mark.usefixtures("after_the_first_quarter")
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "The evidence must be a"),
        ("renamed.pdf", b"MZ\x90\x00 not really a pdf", "is not a real PDF file"),
        ("photo.png", b"%PDF-1.4", "is not a real PNG file"),
    ],
)
def test_evidence_of_the_wrong_type_is_refused(client, plan, measures, name, content, message):
    link = return_link(plan)
    upload = SimpleUploadedFile(name, content)
    response = client.post(path_of(link), answers(measures, evidence_file=upload))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not DeliveryReturn.objects.exists()


@pytest.mark.usefixtures("after_the_first_quarter")
def test_evidence_too_large_is_refused(client, plan, measures, settings):
    settings.IMPACT_EVIDENCE_MAX_BYTES = 1024
    link = return_link(plan)
    upload = SimpleUploadedFile("big.pdf", PDF + b"0" * 2048)
    response = client.post(path_of(link), answers(measures, evidence_file=upload))
    assert response.status_code == 400
    assert "must be smaller than" in response.content.decode()


@pytest.mark.usefixtures("after_the_first_quarter")
def test_a_correction_replaces_the_return_and_keeps_history(client, plan, measures, buyer):
    client.post(path_of(return_link(plan)), answers(measures, jobs="2"))
    client.force_login(buyer)
    period = first_quarter(plan)
    response = client.post(
        f"/admin/delivery-returns/{plan.pk}/correction/", {"period_start": f"{this_financial_year()}-04-01"}
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [plan.supplier_email]
    correction = SignedLink.objects.filter(used_at__isnull=True).get()
    assert links.url_for(correction) in mail.outbox[0].body
    client.logout()
    form = client.get(path_of(correction)).content.decode()
    assert "You are correcting the report" in form
    assert 'value="2' in form, "the form starts from the numbers sent before"
    client.post(path_of(correction), answers(measures, jobs="3"))
    versions = list(DeliveryReturn.objects.filter(plan=plan, period_start=period.start).order_by("version"))
    assert [(r.version, r.replaced_at is None) for r in versions] == [(1, False), (2, True)]
    progress = {row.measure.code: row.delivered for row in returns.promised_and_delivered(plan)}
    assert progress["local-jobs"] == 3, "only the current version counts"


@pytest.mark.usefixtures("after_the_first_quarter")
def test_buyer_sees_promised_against_delivered_and_what_is_overdue(client, plan, measures, buyer):
    client.post(path_of(return_link(plan)), answers(measures, jobs="2", hours="30"))
    client.force_login(buyer)
    listing = client.get("/admin/delivery-returns/").content.decode()
    assert "Brightwash Co-operative" in listing
    page = client.get(f"/admin/delivery-returns/{plan.pk}/").content.decode()
    assert "8 jobs" in page and "2 jobs" in page and "25%" in page  # promised 8, delivered 2
    assert "100 hours" in page and "30 hours" in page and "30%" in page
    year = this_financial_year()
    assert f"1 April to 30 June {year}: received" in page
    assert f"1 July to 30 September {year}: not ended yet" in page


def test_a_report_not_sent_after_its_due_date_is_overdue(clock_at, client, plan, buyer):
    year = this_financial_year()
    clock_at(f"{datetime.date(year, 8, 5)} 10:00")  # the first quarter's report was due on 30 July
    client.force_login(buyer)
    page = client.get(f"/admin/delivery-returns/{plan.pk}/").content.decode()
    listing = client.get("/admin/delivery-returns/").content.decode()
    assert f"1 April to 30 June {year}: overdue" in page
    assert "1 overdue" in listing


@pytest.mark.usefixtures("after_the_first_quarter")
def test_buyer_comments_on_a_return(client, plan, measures, buyer):
    client.post(path_of(return_link(plan)), answers(measures))
    saved = DeliveryReturn.objects.get()
    client.force_login(buyer)
    empty = client.post(f"/admin/delivery-returns/{plan.pk}/", {"return_id": saved.pk, "text": ""})
    assert empty.status_code == 400
    client.post(f"/admin/delivery-returns/{plan.pk}/", {"return_id": saved.pk, "text": "Please send the payroll too."})
    assert saved.comments.get().text == "Please send the payroll too."
    assert "Please send the payroll too." in client.get(f"/admin/delivery-returns/{plan.pk}/").content.decode()


@pytest.mark.usefixtures("after_the_first_quarter")
def test_another_organisations_buyer_sees_nothing(client, plan, measures, other_buyer, other_organisation):
    theirs = make_plan(make_award(other_organisation, supplier="Westmoor Windows", reference="WCC-1"))
    client.force_login(other_buyer)
    assert client.get(f"/admin/delivery-returns/{plan.pk}/").status_code == 404
    assert (
        client.post(
            f"/admin/delivery-returns/{plan.pk}/correction/", {"period_start": f"{this_financial_year()}-04-01"}
        ).status_code
        == 404
    )
    listing = client.get("/admin/delivery-returns/").content.decode()
    assert "Westmoor Windows" in listing and "Brightwash" not in listing
    assert client.get(f"/admin/delivery-returns/{theirs.pk}/").status_code == 200
    assert not mail.outbox


@pytest.mark.usefixtures("after_the_first_quarter")
def test_the_list_of_delivery_returns_asks_the_same_queries_for_many_contracts_as_for_one(
    client, plan, measures, buyer, organisation, django_assert_num_queries
):
    client.post(path_of(return_link(plan)), answers(measures, jobs="2", hours="30"))
    client.force_login(buyer)
    with CaptureQueriesContext(connection) as one_contract:
        assert "Brightwash Co-operative" in client.get("/admin/delivery-returns/").content.decode()
    queries_for_one = len(one_contract)  # now: the next request clears the log this reads
    for number in range(2, 7):
        later = make_plan(make_award(organisation, supplier=f"Supplier {number}", reference=f"NBC-{number}"))
        client.post(path_of(return_link(later)), answers(measures, jobs="1", hours="5"))
    with django_assert_num_queries(queries_for_one):
        listing = client.get("/admin/delivery-returns/").content.decode()
    assert "Supplier 6" in listing
